import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage, Timesheet } from '../domain/types';
import { INDEX, keys } from './keys';
import { type OutboxRecord, outboxItem } from './outbox';
import { queryAll } from './page';
import { cancellationCodes, toRecord } from './records';
import { withDerived } from './timesheets';

const MAX_ATTEMPTS = 8;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isConflict = (error: unknown) => {
  const codes = cancellationCodes(error);
  return codes
    ? codes.some((c) => c === 'TransactionConflict')
    : (error as Error).name === 'TransactionConflictException';
};

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
      keys.invoiceableIndex(orgId),
      ...keys.timesheetsInStatusIndexes(orgId, 'submitted'),
      ...keys.timesheetsInStatusIndexes(orgId, 'queried'),
    ];
    const lists = await Promise.all(
      partitions.map(async (pk) => {
        const { items } = await queryAll(
          this.db,
          {
            TableName: this.table,
            IndexName: INDEX.timesheetsByStatus.name,
            KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
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
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.write(orgId, markers, message, nowMs);
      } catch (error) {
        // Another run writing the same markers at this moment: go again, and its markers decide.
        if (attempt >= MAX_ATTEMPTS || !isConflict(error)) throw error;
        await pause(Math.min(400, 10 * 2 ** attempt) * (0.5 + Math.random()));
      }
    }
  }

  private async write(
    orgId: string,
    markers: readonly PensionReminderMarker[],
    message: OutboxMessage,
    nowMs: number,
  ): Promise<number[]> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...markers.map((m) => ({
              Put: {
                TableName: this.table,
                Item: {
                  ...keys.pensionReminder(orgId, m.timesheetId, m.audience, m.days),
                  type: 'PENSION_REMINDER',
                  outboxId: message.id,
                  ttl: Math.floor(nowMs / 1000) + MARKER_TTL_SECONDS,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            })),
            { Put: { TableName: this.table, Item: outboxItem(message as OutboxRecord, nowMs) } },
          ],
        }),
      );
      return [];
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes?.some((c) => c === 'ConditionalCheckFailed')) throw error;
      return markers.flatMap((_, i) => (codes[i] === 'ConditionalCheckFailed' ? [i] : []));
    }
  }
}
