import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Shift } from '../domain/types';
import { keys } from './keys';
import { type Page, type PageRequest, queryAll, queryPage } from './page';
import { toRecord } from './records';

export interface ShiftFilter {
  practiceId?: string;
  status?: Shift['status'];
  role?: string;
  from?: string;
  to?: string;
}

/** All the item attributes of a shift: its keys follow its state (the open-shift index only while open). */
export function shiftItem(shift: Shift): Record<string, unknown> {
  return {
    ...keys.shift(shift.orgId, shift.id),
    ...keys.shiftsOfPractice(shift.orgId, shift.practiceId, shift.start, shift.id),
    ...keys.shiftsOfOrg(shift.orgId, shift.start, shift.id),
    ...(shift.status === 'open' ? keys.openShifts(shift.orgId, shift.start, shift.id) : {}),
    type: 'SHIFT',
    ...shift,
  };
}

export function auditItem(
  orgId: string,
  shiftId: string,
  entry: { id: string; at: string; actor: string; action: string; detail?: Record<string, unknown> },
) {
  return { ...keys.audit(orgId, shiftId, entry.at, entry.id), type: 'AUDIT', orgId, shiftId, ...entry };
}

export class ShiftRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(orgId: string, id: string, consistent = false): Promise<Shift | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.shift(orgId, id), ConsistentRead: consistent }),
    );
    return out.Item ? toRecord<Shift>(out.Item) : undefined;
  }

  /**
   * Open shifts come from the sparse open index; a practice's from its index;
   * anything else from the organisation's. All are ordered by start.
   */
  async list(orgId: string, filter: ShiftFilter, page: PageRequest): Promise<Page<Shift>> {
    const [index, partitionAttribute, sortAttribute, partition] =
      filter.practiceId !== undefined
        ? (['GSI1', 'GSI1PK', 'GSI1SK', keys.shiftsOfPracticeIndex(orgId, filter.practiceId)] as const)
        : filter.status === 'open'
          ? (['GSI3', 'GSI3PK', 'GSI3SK', keys.openShiftsIndex(orgId)] as const)
          : (['GSI2', 'GSI2PK', 'GSI2SK', keys.shiftsOfOrgIndex(orgId)] as const);

    const values: Record<string, unknown> = { ':pk': partition };
    const names: Record<string, string> = {};
    let range = '';
    if (filter.from && filter.to) {
      if (filter.from > filter.to) return { items: [] };
      range = ` AND ${sortAttribute} BETWEEN :from AND :to`;
      values[':from'] = filter.from;
      values[':to'] = filter.to;
    } else if (filter.from) {
      range = ` AND ${sortAttribute} >= :from`;
      values[':from'] = filter.from;
    } else if (filter.to) {
      range = ` AND ${sortAttribute} < :to`;
      values[':to'] = filter.to;
    }
    const conditions: string[] = [];
    if (filter.status) {
      conditions.push('#status = :status');
      names['#status'] = 'status';
      values[':status'] = filter.status;
    }
    if (filter.role) {
      conditions.push('#role = :role');
      names['#role'] = 'role';
      values[':role'] = filter.role;
    }
    return queryPage(
      this.db,
      {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${partitionAttribute} = :pk${range}`,
        FilterExpression: conditions.length ? conditions.join(' AND ') : undefined,
        ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
        ExpressionAttributeValues: values,
        partitionAttribute,
        partition,
      },
      page,
      (item) => toRecord<Shift>(item),
    );
  }

  /**
   * Every shift starting in [from, to) of one practice (its index) or of the
   * organisation (its index): a bounded range read, all pages of it.
   */
  async inWindow(orgId: string, practiceId: string | undefined, from: string, to: string): Promise<Shift[]> {
    const [index, pk, sk, partition] =
      practiceId !== undefined
        ? (['GSI1', 'GSI1PK', 'GSI1SK', keys.shiftsOfPracticeIndex(orgId, practiceId)] as const)
        : (['GSI2', 'GSI2PK', 'GSI2SK', keys.shiftsOfOrgIndex(orgId)] as const);
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: index,
        // `to` sorts before every `${to}#id`: a shift starting exactly then belongs to the next window.
        KeyConditionExpression: `${pk} = :pk AND ${sk} BETWEEN :from AND :to`,
        ExpressionAttributeValues: { ':pk': partition, ':from': from, ':to': to },
      },
      (item) => toRecord<Shift>(item),
    );
    return items;
  }

  async audit(orgId: string, shiftId: string): Promise<Record<string, unknown>[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': keys.shift(orgId, shiftId).PK, ':sk': 'AUDIT#' },
      }),
    );
    return (out.Items ?? []).map((i) => toRecord(i));
  }
}
