import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { outboxItem } from './outbox';
import { transact } from './transact';

/** A transaction holds at most 100 items: the marker and 99 messages. */
export const MAX_MESSAGES_PER_REMINDER = 99;

/**
 * Reminders that must go once: each is a marker item, written with its
 * messages' outbox records in one transaction only if the marker is absent.
 * A retried or concurrent run of the same day finds the marker and sends
 * nothing; markers are kept (no TTL), so a threshold is never reached twice.
 */
export class ComplianceReminderStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** @returns false when this reminder was already sent (the marker is there). */
  async sendOnce(
    marker: { orgId: string; clinicianId: string; key: string; at: string },
    messages: readonly OutboxMessage[],
    nowMs: number,
  ): Promise<boolean> {
    const out = await transact(this.db, this.table, [
      {
        name: 'marker',
        put: {
          Item: {
            ...keys.complianceReminder(marker.orgId, marker.clinicianId, marker.key),
            type: 'REMINDED',
            orgId: marker.orgId,
            clinicianId: marker.clinicianId,
            at: marker.at,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...messages
        .slice(0, MAX_MESSAGES_PER_REMINDER)
        .map((m) => ({ name: 'message' as const, put: { Item: outboxItem(m, nowMs) } })),
    ]);
    // Only the marker carries a condition.
    return out.ok;
  }

  /** The organisation's managers and the practices each runs, from the users' own records. */
  async managers(orgId: string): Promise<{ email: string; practiceIds: string[] }[]> {
    const out: { email: string; practiceIds: string[] }[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.users.name,
          KeyConditionExpression: `${INDEX.users.partitionKey} = :pk AND begins_with(${INDEX.users.sortKey}, :sk)`,
          ExpressionAttributeValues: {
            ':pk': keys.usersPartition(),
            ':sk': keys.usersOfRolePrefix(orgId, 'manager').GSI1SKPrefix,
          },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (item.status === 'disabled' || typeof item.email !== 'string') continue;
        out.push({ email: item.email, practiceIds: Array.isArray(item.practiceIds) ? item.practiceIds : [] });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return out;
  }
}
