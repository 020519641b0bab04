import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage, Timesheet } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { type OutboxRecord, outboxItem } from './outbox';
import { queryAll } from './page';
import { toRecord } from './records';
import { type RetryPolicy, retry } from './retry';
import { withDerived } from './timesheets';
import { type TransactItem, transact } from './transact';

/** Another run writing the same markers at this moment: go again, and its markers decide. */
const REMIND_RETRY: RetryPolicy = { attempts: 9, baseMs: 10, capMs: 400, random: Math.random };

/** A marker outlives any session it could guard: reminders stop at the 10-week deadline. */
const MARKER_TTL_SECONDS = 120 * 24 * 3600;

/** One reminder owed: the sessions it tells of, each guarded by its own marker. */
export interface PensionReminderMarker {
  timesheetId: string;
  audience: 'practice' | 'locum';
  days: number;
}

export class PensionRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Invoiceable work whose shifts start in [from, to) that is still on its
   * way to an invoice or on one: submitted, queried, and approved
   * self-employed or limited-company timesheets (the invoiceable index keeps
   * them once invoiced). Bank work and rejected timesheets are never pensioned
   * by Form A.
   */
  async sessions(orgId: string, from: string, to: string): Promise<Timesheet[]> {
    const partitions = [
      keys.invoiceablePartition(orgId),
      ...keys.timesheetsInStatusPartitions(orgId, 'submitted'),
      ...keys.timesheetsInStatusPartitions(orgId, 'queried'),
    ];
    const lists = await Promise.all(
      partitions.map(async (pk) => {
        const { items } = await queryAll(
          this.db,
          {
            TableName: this.table,
            IndexName: INDEX.timesheetsByStatus.name,
            KeyConditionExpression: `${INDEX.timesheetsByStatus.partitionKey} = :pk AND ${INDEX.timesheetsByStatus.sortKey} BETWEEN :from AND :to`,
            ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
          },
          (i) => withDerived(toRecord<Timesheet>(i)),
        );
        return items;
      }),
    );
    return lists
      .flat()
      .filter((t) => t.employment === 'self-employed' && (t.shiftStart ?? t.start) < to)
      .sort((a, b) => (a.shiftStart ?? a.start).localeCompare(b.shiftStart ?? b.start) || a.id.localeCompare(b.id));
  }

  /**
   * Writes `message` to the outbox with a marker for each session it tells of,
   * in one transaction, each marker on condition that it is absent. When some
   * were already there (another run, or this one before, told of them) nothing
   * is written and their indexes are returned, for the caller to write again
   * without them; an empty answer means it was written.
   */
  async remind(
    orgId: string,
    markers: readonly PensionReminderMarker[],
    message: OutboxMessage,
    nowMs: number,
  ): Promise<number[]> {
    if (markers.length > 99) throw new Error('A reminder guards at most 99 sessions');
    return retry(REMIND_RETRY, () => this.write(orgId, markers, message, nowMs));
  }

  private async write(
    orgId: string,
    markers: readonly PensionReminderMarker[],
    message: OutboxMessage,
    nowMs: number,
  ): Promise<number[]> {
    // Each marker is named by its index, which is what the caller is answered in.
    const items: TransactItem[] = markers.map((m, i) => ({
      name: String(i),
      put: {
        Item: {
          ...keys.pensionReminder(orgId, m.timesheetId, m.audience, m.days),
          type: 'PENSION_REMINDER',
          outboxId: message.id,
          ttl: Math.floor(nowMs / 1000) + MARKER_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    }));
    items.push({ name: 'message', put: { Item: outboxItem(message as OutboxRecord, nowMs) } });
    const out = await transact(this.db, this.table, items);
    return out.ok ? [] : out.failed.filter((name) => name !== 'message').map(Number);
  }
}
