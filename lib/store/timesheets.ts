import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ValidationError } from '../domain/errors';
import { DEFAULT_AUTO_APPROVE_MINUTES, extrasPence } from '../domain/timesheet-rules';
import type { OutboxMessage, Timesheet, TimesheetStatus } from '../domain/types';
import { auditItem } from './audit';
import * as keys from './keys';
import { INDEX } from './keys';
import { bankHolidayUplift } from './organisations';
import { outboxItem } from './outbox';
import { type Page, type PageRequest, queryAll, queryPage } from './page';
import { toRecord } from './records';
import type { IndexDefinition } from './table';
import { type TransactItem, transact } from './transact';

/**
 * The items of a timesheet's transactions, by what each is. A use case adds
 * its own audit entries and messages to them, built by this repository.
 */
export type TimesheetWrite = TransactItem<'booking' | 'timesheet' | 'audit' | 'message'>;

export const TIMESHEET_STATUSES: readonly TimesheetStatus[] = [
  'submitted',
  'queried',
  'approved',
  'rejected',
  'exported',
];

/**
 * A timesheet as the API shows it: one stored before booked times and
 * variance were kept is measured against its own times (no booked end was
 * recorded), so its variance is nought.
 */
export function withDerived(t: Timesheet): Timesheet {
  const booked = t.booked ?? { start: shiftStartOf(t), end: t.end, breakMinutes: t.breakMinutes };
  return {
    ...t,
    booked,
    variance: t.variance ?? { minutes: 0, pence: 0 },
    totalPence: t.totalPence ?? t.grossPence + extrasPence(t),
    revision: t.revision ?? 0,
    lineType: t.lineType ?? 'shift',
  };
}

const toTimesheet = (item: Record<string, unknown>) => withDerived(toRecord<Timesheet>(item));

/** What timesheets are ordered and found by: the shift's booked start, not the time the clinician says they began. */
export function shiftStartOf(t: Pick<Timesheet, 'shiftStart' | 'start'>): string {
  return t.shiftStart ?? t.start;
}

/** Every attribute of a timesheet item: its status partition (INDEX.timesheetsByStatus) follows its status. */
export function timesheetItem(t: Timesheet): Record<string, unknown> {
  const start = shiftStartOf(t);
  return {
    ...keys.timesheet(t.orgId, t.id),
    ...keys.timesheetsOfClinician(t.orgId, t.clinicianId, start, t.id),
    ...keys.timesheetsOfPractice(t.orgId, t.practiceId, start, t.id),
    ...keys.timesheetsInStatus(t.orgId, t.status, start, t.id, t.employment),
    type: 'TIMESHEET',
    ...t,
  };
}

/** One partition of an index, with the filter to apply within it. */
export interface Partition {
  /** The index, by access pattern (`INDEX.timesheetsByClinician`, …). */
  index: IndexDefinition;
  partition: string;
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

const badCursor = () =>
  new ValidationError('The cursor is not valid', [
    { path: 'query.cursor', message: 'is not a cursor this list gave out' },
  ]);

export class TimesheetRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(orgId: string, id: string, consistent = true): Promise<Timesheet | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.timesheet(orgId, id), ConsistentRead: consistent }),
    );
    return out.Item ? toTimesheet(out.Item) : undefined;
  }

  /** The organisation's bank-holiday uplift (lib/store/organisations.ts reads its settings). */
  bankHolidayUplift(orgId: string): Promise<number> {
    return bankHolidayUplift(this.db, this.table, orgId);
  }

  /** How close to the booking a timesheet must be to be approved on trust: the organisation's setting, else 15 minutes. */
  async autoApproveMinutes(orgId: string): Promise<number> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.table,
        Key: keys.organisation(orgId),
        ProjectionExpression: 'autoApproveMinutes',
      }),
    );
    const minutes = out.Item?.autoApproveMinutes;
    return typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 0
      ? minutes
      : DEFAULT_AUTO_APPROVE_MINUTES;
  }

  /**
   * One timesheet per booking, guarded on the booking itself: the booking
   * takes the timesheet's id only if it has none and is still confirmed, in
   * the same transaction as the timesheet and whatever else the caller adds
   * (the audit entry), so two submissions racing cannot both land.
   */
  async create(t: Timesheet, extra: readonly TimesheetWrite[] = []): Promise<void> {
    const out = await transact(this.db, this.table, [
      {
        name: 'booking',
        update: {
          Key: keys.booking(t.orgId, t.bookingId),
          UpdateExpression: 'SET timesheetId = :id',
          ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(timesheetId) AND #status = :confirmed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':id': t.id, ':confirmed': 'confirmed' },
        },
      },
      this.putNew(t),
      ...extra,
    ]);
    if (out.ok) return;
    if (!out.failed.includes('booking')) {
      throw new Error(`Timesheet ${t.id} not written: ${out.failed.join(', ')} already there`);
    }
    // Which guard held: read the booking as it is now.
    const booking = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.booking(t.orgId, t.bookingId), ConsistentRead: true }),
    );
    if (booking.Item && booking.Item.timesheetId === undefined && booking.Item.status !== 'confirmed') {
      throw new ConflictError('INVALID_STATE', 'The booking was cancelled');
    }
    throw new ConflictError('TIMESHEET_EXISTS', 'A timesheet has already been submitted for this booking', {
      timesheetId: booking.Item?.timesheetId,
    });
  }

  /** A line of the timesheet's shift's audit, to go in the transaction of the change it records. */
  auditWrite(
    t: Pick<Timesheet, 'orgId' | 'shiftId'>,
    entry: { id: string; at: string; actor: string; action: string; detail?: Record<string, unknown> },
  ): TimesheetWrite {
    return { name: 'audit', put: { Item: auditItem(t.orgId, t.shiftId, entry) } };
  }

  /** A message to go in the transaction of the change it tells of (its id is new, so it is written once). */
  messageWrite(message: OutboxMessage, nowMs: number): TimesheetWrite {
    return {
      name: 'message',
      put: { Item: outboxItem(message, nowMs), ConditionExpression: 'attribute_not_exists(PK)' },
    };
  }

  /**
   * The write of a timesheet no clinician submits (a late cancellation's
   * fee, `cancellationFeeTimesheet`), to go in the transaction that owes it:
   * only if no timesheet has that id yet, so the fee is written once however
   * often the cancellation is retried.
   */
  putNew(t: Timesheet): TimesheetWrite {
    return { name: 'timesheet', put: { Item: timesheetItem(t), ConditionExpression: 'attribute_not_exists(PK)' } };
  }

  /**
   * The update that moves a timesheet to `to` (and sets `set`), only while it
   * is in one of `from` and at the revision `t` was read at: a decision made
   * on what someone saw cannot land on times changed since. Its status
   * partition (INDEX.timesheetsByStatus) follows the status.
   */
  transition(
    t: Timesheet,
    from: readonly TimesheetStatus[],
    to: TimesheetStatus,
    set: Record<string, unknown> = {},
    remove: readonly string[] = [],
  ): TimesheetWrite {
    const gsi = keys.timesheetsInStatus(t.orgId, to, shiftStartOf(t), t.id, t.employment);
    const fields = Object.entries(set).filter(([, v]) => v !== undefined);
    const names: Record<string, string> = { '#status': 'status', '#revision': 'revision' };
    const values: Record<string, unknown> = {
      ':to': to,
      ':gpk': gsi.GSI3PK,
      ':gsk': gsi.GSI3SK,
      ':next': (t.revision ?? 0) + 1,
    };
    const { partitionKey, sortKey } = INDEX.timesheetsByStatus;
    const sets = ['#status = :to', `${partitionKey} = :gpk`, `${sortKey} = :gsk`, '#revision = :next'];
    fields.forEach(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:f${i}`] = value;
      sets.push(`#f${i} = :f${i}`);
    });
    from.forEach((status, i) => {
      values[`:from${i}`] = status;
    });
    const removes = remove.map((name, i) => {
      names[`#r${i}`] = name;
      return `#r${i}`;
    });
    let revision = 'attribute_not_exists(#revision)';
    if (t.revision !== undefined) {
      revision = '#revision = :rev';
      values[':rev'] = t.revision;
    }
    return {
      name: 'timesheet',
      update: {
        Key: keys.timesheet(t.orgId, t.id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')}) AND ${revision}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  }

  /** Runs a transaction holding a `transition`; false when the timesheet had moved on from what was read. */
  async decide(items: readonly TimesheetWrite[]): Promise<boolean> {
    const out = await transact(this.db, this.table, items);
    if (out.ok) return true;
    if (out.failed.includes('timesheet')) return false;
    throw new Error(`Timesheet change not written: ${out.failed.join(', ')} already there`);
  }

  /**
   * A page from one partition after another, in order: a cursor names the
   * partition it stopped in and the position within it, so a list that spans
   * statuses or practices still pages like any other.
   */
  async list(partitions: readonly Partition[], page: PageRequest): Promise<Page<Timesheet>> {
    let at = 0;
    let inner: string | undefined;
    if (page.cursor) {
      try {
        const parsed = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8')) as {
          p?: unknown;
          c?: unknown;
        };
        if (
          typeof parsed.p !== 'number' ||
          !Number.isInteger(parsed.p) ||
          parsed.p < 0 ||
          parsed.p >= partitions.length
        )
          throw badCursor();
        if (parsed.c !== undefined && typeof parsed.c !== 'string') throw badCursor();
        at = parsed.p;
        inner = parsed.c;
      } catch {
        throw badCursor();
      }
    }
    const items: Timesheet[] = [];
    for (; at < partitions.length; at++, inner = undefined) {
      const p = partitions[at]!;
      const pk = p.index.partitionKey;
      const got = await queryPage(
        this.db,
        {
          TableName: this.table,
          IndexName: p.index.name,
          KeyConditionExpression: `${pk} = :pk`,
          FilterExpression: p.filter?.expression,
          ExpressionAttributeNames: p.filter?.names,
          ExpressionAttributeValues: { ':pk': p.partition, ...(p.filter?.values ?? {}) },
          partitionAttribute: pk,
          partition: p.partition,
        },
        { limit: page.limit - items.length, cursor: inner },
        (i) => toTimesheet(i),
      );
      items.push(...got.items);
      if (got.nextCursor) {
        return { items, nextCursor: Buffer.from(JSON.stringify({ p: at, c: got.nextCursor })).toString('base64url') };
      }
      if (items.length >= page.limit) {
        const next = at + 1;
        return next < partitions.length
          ? { items, nextCursor: Buffer.from(JSON.stringify({ p: next })).toString('base64url') }
          : { items };
      }
    }
    return { items };
  }

  /** The organisation's timesheets in one status whose shifts start in [from, to). */
  async inStatus(orgId: string, status: TimesheetStatus, from: string, to: string): Promise<Timesheet[]> {
    const lists = await Promise.all(
      keys.timesheetsInStatusPartitions(orgId, status).map(async (partition) => {
        const { items } = await queryAll(
          this.db,
          {
            TableName: this.table,
            IndexName: INDEX.timesheetsByStatus.name,
            KeyConditionExpression: `${INDEX.timesheetsByStatus.partitionKey} = :pk AND ${INDEX.timesheetsByStatus.sortKey} BETWEEN :from AND :to`,
            ExpressionAttributeValues: { ':pk': partition, ':from': from, ':to': to },
          },
          (i) => toTimesheet(i),
        );
        return items;
      }),
    );
    return lists.flat();
  }
}
