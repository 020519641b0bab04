import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Escalation } from '../domain/types';
import { keys } from './keys';
import { queryAll } from './page';
import { toRecord } from './records';

export function escalationItem(e: Escalation): Record<string, unknown> {
  return {
    ...keys.escalation(e.orgId, e.id),
    ...keys.escalationsOfOrg(e.orgId, e.requestedAt, e.id),
    type: 'ESCALATION',
    ...e,
  };
}

/**
 * Held while a shift has a raise waiting for an admin: one pending
 * escalation per shift, so two requests cannot leave two for the admin to
 * approve one after the other.
 */
export function escalationGuardKey(orgId: string, shiftId: string) {
  return keys.escalationGuard(orgId, shiftId);
}

export class EscalationRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(orgId: string, id: string): Promise<Escalation | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.escalation(orgId, id), ConsistentRead: true }),
    );
    return out.Item ? toRecord<Escalation>(out.Item) : undefined;
  }

  /** The organisation's escalations, newest first; an organisation has few (one per raise above a cap). */
  async list(orgId: string, status?: Escalation['status']): Promise<Escalation[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ScanIndexForward: false,
        ...(status
          ? {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pk': keys.escalationsOfOrgIndex(orgId), ':status': status },
            }
          : { ExpressionAttributeValues: { ':pk': keys.escalationsOfOrgIndex(orgId) } }),
      },
      (item) => toRecord<Escalation>(item),
    );
    return items;
  }
}
