import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage, Shift, Timesheet } from '../domain/types';
import { auditItem } from './audit';
import { bookingCancelWrite, type ChangeOutcome, type Diary, diaryWrite } from './bookings';
import * as keys from './keys';
import { INDEX } from './keys';
import { type OutboxRecord, outboxItem } from './outbox';
import { type Page, type PageRequest, queryAll, queryPage } from './page';
import { chunks, toRecord } from './records';
import { drain, type RetryPolicy } from './retry';
import { timesheetItem } from './timesheets';
import { type TransactItem, transact } from './transact';

const BATCH_READ: RetryPolicy = { attempts: 10, baseMs: 25, capMs: 1000, random: Math.random };

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

export { auditItem } from './audit';

export interface CancelShiftInput {
  /** The shift as read: cancelled only if its status is still the same. */
  shift: Shift;
  at: string;
  reason: string;
  actor: string;
  auditId: string;
  /** Tells the shift's offerees (but the booked clinician, told below) that it is off. */
  fanOut: OutboxRecord;
  /** A filled shift's booking ends with it. */
  booked?: {
    bookingId: string;
    clinicianId: string;
    /** The clinician's diary without the booking, with the version it was read at. */
    diary: Diary;
    message: OutboxMessage;
    /** A late cancellation's fee, owed to the clinician as an approved timesheet, and its audit line's id. */
    fee?: { timesheet: Timesheet; auditId: string };
  };
  nowMs: number;
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
    const [{ name: index, partitionKey: partitionAttribute, sortKey: sortAttribute }, partition] =
      filter.practiceId !== undefined
        ? [INDEX.shiftsByPractice, keys.shiftsOfPracticePartition(orgId, filter.practiceId)]
        : filter.status === 'open'
          ? [INDEX.openShifts, keys.openShiftsPartition(orgId)]
          : [INDEX.shiftsByOrg, keys.shiftsOfOrgPartition(orgId)];

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
    const [{ name: index, partitionKey: pk, sortKey: sk }, partition] =
      practiceId !== undefined
        ? [INDEX.shiftsByPractice, keys.shiftsOfPracticePartition(orgId, practiceId)]
        : [INDEX.shiftsByOrg, keys.shiftsOfOrgPartition(orgId)];
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

  /** A new shift, with the "posted" line of its audit. */
  async create(shift: Shift, audit: { id: string; actor: string }): Promise<void> {
    const out = await transact(this.db, this.table, [
      { name: 'shift', put: { Item: shiftItem(shift), ConditionExpression: 'attribute_not_exists(PK)' } },
      {
        name: 'audit',
        put: { Item: auditItem(shift.orgId, shift.id, { ...audit, at: shift.postedAt, action: 'posted' }) },
      },
    ]);
    // A new id cannot be taken: a failure here is a broken id generator, not a race to handle.
    if (!out.ok) throw new Error(`Shift ${shift.id} exists already`);
  }

  /** A manager's cancellation of a shift, with its booking if filled: all or nothing. */
  async cancel(input: CancelShiftInput): Promise<ChangeOutcome<'cancelled'>> {
    const { shift, at, reason, actor, booked, nowMs } = input;
    const open = INDEX.openShifts;
    const items: TransactItem[] = [
      {
        name: 'shift',
        update: {
          Key: keys.shift(shift.orgId, shift.id),
          UpdateExpression: `SET #status = :cancelled, cancelledAt = :at, cancelReason = :reason REMOVE ${open.partitionKey}, ${open.sortKey}`,
          ConditionExpression: '#status = :was',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at, ':reason': reason, ':was': shift.status },
        },
      },
      {
        name: 'audit',
        put: {
          Item: auditItem(shift.orgId, shift.id, {
            id: input.auditId,
            at,
            actor,
            action: 'shift-cancelled',
            detail: { reason },
          }),
        },
      },
      { name: 'fan-out', put: { Item: outboxItem(input.fanOut, nowMs) } },
    ];
    if (booked) {
      const fee = booked.fee;
      if (fee) {
        items.push(
          { name: 'fee', put: { Item: timesheetItem(fee.timesheet), ConditionExpression: 'attribute_not_exists(PK)' } },
          {
            name: 'audit',
            put: {
              Item: auditItem(shift.orgId, shift.id, {
                id: fee.auditId,
                at,
                actor,
                action: 'late-cancellation-fee',
                detail: {
                  timesheetId: fee.timesheet.id,
                  feePence: fee.timesheet.grossPence,
                  clinicianId: booked.clinicianId,
                },
              }),
            },
          },
        );
      }
      items.push(
        bookingCancelWrite(shift.orgId, booked.bookingId, {
          at,
          by: actor,
          reason,
          ...(fee ? { feeTimesheetId: fee.timesheet.id } : {}),
        }),
        diaryWrite(shift.orgId, booked.clinicianId, booked.diary),
        { name: 'message', put: { Item: outboxItem(booked.message, nowMs) } },
      );
    }
    const out = await transact(this.db, this.table, items);
    return out.ok ? { kind: 'cancelled' } : { kind: 'moved', moved: out.failed };
  }

  /** Several shifts by id, eventually consistent (for embedding in lists), keyed by id. */
  async getMany(orgId: string, ids: readonly string[]): Promise<Map<string, Shift>> {
    return getShifts(this.db, this.table, orgId, ids);
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

/** Several shifts by id (for embedding in lists). */
export async function getShifts(db: DynamoDBDocumentClient, table: string, orgId: string, ids: readonly string[]) {
  const found = new Map<string, Shift>();
  for (const batch of chunks([...new Set(ids)], 100)) {
    await drain(
      BATCH_READ,
      batch.map((id): Record<string, unknown> => keys.shift(orgId, id)),
      async (pending) => {
        const out: BatchGetCommandOutput = await db.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }),
        );
        for (const item of out.Responses?.[table] ?? []) found.set(String(item.id), toRecord<Shift>(item));
        return out.UnprocessedKeys?.[table]?.Keys;
      },
    );
  }
  return found;
}
