import { type DynamoDBDocumentClient, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DayTotals } from '../domain/report-summary';
import { londonDate, minutesBetween } from '../domain/time';
import type { Shift, Timesheet } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { queryAll } from './page';
import { toRecord } from './records';
import { AGAIN, type RetryPolicy, retry } from './retry';
import { matchesFilterPattern } from './stream-filters';
import type { IndexDefinition } from './table';
import { shiftStartOf, TIMESHEET_STATUSES, withDerived } from './timesheets';
import { type TransactItem, transact } from './transact';

export type { DayTotals };

export const TOTALS_RECORD_TYPE = 'TOTALS';
export const TOTALS_SOURCE_RECORD_TYPE = 'TOTALS_SOURCE';
/** Each minutes-to-fill value is an attribute of its practice-day item, named by its shift, so it is set and removed alone. */
const MINUTES_PREFIX = 'ttf#';

export type SourceKind = 'SHIFT' | 'TIMESHEET';

/**
 * What one record adds to the totals of its practice's London date (and its
 * role's): a shift counts as posted, filled or cancelled (and how long it took
 * to fill); a timesheet adds its pay once approved or exported.
 */
export interface Contribution {
  practiceId: string;
  date: string;
  role?: string;
  posted: number;
  filled: number;
  cancelled: number;
  spendPence: number;
  minutesToFill?: number;
}

/** The stream records the totals consumer wants: any change to a shift or a timesheet. */
export const TOTALS_STREAM_FILTERS = [
  { dynamodb: { NewImage: { type: { S: ['SHIFT', 'TIMESHEET'] } } } },
  { eventName: ['REMOVE'], dynamodb: { OldImage: { type: { S: ['SHIFT', 'TIMESHEET'] } } } },
];

export function matchesTotalsFilter(record: unknown): boolean {
  return TOTALS_STREAM_FILTERS.some((pattern) => matchesFilterPattern(pattern, record));
}

export function shiftContribution(
  s: Pick<Shift, 'practiceId' | 'role' | 'start' | 'status' | 'postedAt' | 'filledAt'>,
): Contribution {
  const filled = s.status === 'filled';
  return normalise({
    practiceId: s.practiceId,
    date: londonDate(s.start),
    role: s.role,
    // A cancelled shift is withdrawn demand: it is not counted as posted.
    posted: s.status === 'cancelled' ? 0 : 1,
    filled: filled ? 1 : 0,
    cancelled: s.status === 'cancelled' ? 1 : 0,
    spendPence: 0,
    minutesToFill: filled && s.filledAt ? Math.max(0, minutesBetween(s.postedAt, s.filledAt)) : undefined,
  });
}

/** Only what is approved or exported is spend; a timesheet in any other state adds nothing. */
export function timesheetContribution(t: Timesheet, role?: string): Contribution | null {
  if (t.status !== 'approved' && t.status !== 'exported') return null;
  const d = withDerived(t);
  return normalise({
    practiceId: t.practiceId,
    date: londonDate(shiftStartOf(t)),
    role,
    posted: 0,
    filled: 0,
    cancelled: 0,
    spendPence: d.totalPence ?? d.grossPence,
  });
}

/** A fixed shape, so two contributions compare as JSON. */
function normalise(c: Contribution): Contribution {
  return {
    practiceId: c.practiceId,
    date: c.date,
    ...(c.role ? { role: c.role } : {}),
    posted: c.posted,
    filled: c.filled,
    cancelled: c.cancelled,
    spendPence: c.spendPence,
    ...(c.minutesToFill === undefined ? {} : { minutesToFill: c.minutesToFill }),
  };
}

interface Change {
  key: { PK: string; SK: string };
  practiceId: string;
  date: string;
  role?: string;
  posted: number;
  filled: number;
  cancelled: number;
  spendPence: number;
  /** Set (a number) or remove (null) this source's minutes-to-fill value. */
  minutes?: number | null;
}

/**
 * A source written by another delivery of the same record meanwhile is read
 * again at once, nearly: deliveries of one record rarely race more than twice.
 */
const SYNC_RETRY: RetryPolicy = { attempts: 8, baseMs: 2, capMs: 50, random: Math.random };

/**
 * Running report totals, kept from the table's stream. Each shift and
 * timesheet has a source item saying what it currently adds and a revision;
 * a change re-reads the record itself, and moves the totals by the difference
 * in one transaction conditioned on that revision. So a record delivered
 * twice, late, out of order or replayed after a rebuild finds its
 * contribution already what the record says and changes nothing, and two
 * deliveries racing cannot both apply the same difference.
 */
export class ReportTotalsStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** Brings the totals in line with the shift as it now stands (or its absence). */
  async syncShift(orgId: string, shiftId: string): Promise<boolean> {
    return this.sync(orgId, 'SHIFT', shiftId, async () => {
      const shift = await this.getRecord<Shift>(keys.shift(orgId, shiftId));
      return shift ? shiftContribution(shift) : null;
    });
  }

  /** Brings the totals in line with the timesheet as it now stands (or its absence). */
  async syncTimesheet(orgId: string, timesheetId: string): Promise<boolean> {
    return this.sync(orgId, 'TIMESHEET', timesheetId, async () => {
      const timesheet = await this.getRecord<Timesheet>(keys.timesheet(orgId, timesheetId));
      if (!timesheet) return null;
      const shift = await this.getRecord<Shift>(keys.shift(orgId, timesheet.shiftId));
      return timesheetContribution(timesheet, shift?.role);
    });
  }

  /** Whether the totals moved. */
  private async sync(
    orgId: string,
    kind: SourceKind,
    id: string,
    current: () => Promise<Contribution | null>,
  ): Promise<boolean> {
    const sourceKey = keys.reportSource(orgId, kind, id);
    return retry(
      SYNC_RETRY,
      async () => {
        const stored = await this.db.send(
          new GetCommand({ TableName: this.table, Key: sourceKey, ConsistentRead: true }),
        );
        const rev = typeof stored.Item?.rev === 'number' ? stored.Item.rev : undefined;
        const kept = stored.Item?.contribution as Contribution | null | undefined;
        // Normalised: a map comes back from the table in no particular order.
        const before = kept ? normalise(kept) : null;
        const after = await current();
        if (JSON.stringify(before) === JSON.stringify(after)) return false;

        const out = await transact(this.db, this.table, [
          {
            name: 'source',
            put: {
              Item: {
                ...sourceKey,
                type: TOTALS_SOURCE_RECORD_TYPE,
                orgId,
                kind,
                id,
                rev: (rev ?? 0) + 1,
                contribution: after,
              },
              ConditionExpression: rev === undefined ? 'attribute_not_exists(PK)' : 'rev = :rev',
              ...(rev === undefined ? {} : { ExpressionAttributeValues: { ':rev': rev } }),
            },
          },
          ...changesBetween(orgId, before, after).map((c) => update(orgId, id, c)),
        ]);
        // Only the source carries a condition: another delivery of the same record moved it first,
        // so read again and apply what is left, if anything.
        return out.ok ? true : AGAIN;
      },
      () => new Error(`The report totals of ${kind} ${id} kept moving under ${SYNC_RETRY.attempts} tries`),
    );
  }

  /**
   * Brings every shift's and timesheet's contribution of the organisation in
   * line with the record: for data written before the totals were kept, or
   * after the stream lost some. Safe beside the stream consumer and to rerun.
   */
  async rebuild(orgId: string, concurrency = 8): Promise<{ shifts: number; timesheets: number; moved: number }> {
    const ids = async (index: IndexDefinition, partition: string) =>
      (
        await queryAll<string>(
          this.db,
          {
            TableName: this.table,
            IndexName: index.name,
            KeyConditionExpression: `${index.partitionKey} = :pk`,
            ExpressionAttributeValues: { ':pk': partition },
            ProjectionExpression: 'id',
          },
          (item) => String(item.id),
        )
      ).items;
    const shiftIds = await ids(INDEX.shiftsByOrg, keys.shiftsOfOrgPartition(orgId));
    const timesheetIds = (
      await Promise.all(
        TIMESHEET_STATUSES.flatMap((status) =>
          keys.timesheetsInStatusPartitions(orgId, status).map((partition) => ids(INDEX.timesheetsByStatus, partition)),
        ),
      )
    ).flat();
    let moved = 0;
    const work: (() => Promise<boolean>)[] = [
      ...shiftIds.map((id) => () => this.syncShift(orgId, id)),
      ...timesheetIds.map((id) => () => this.syncTimesheet(orgId, id)),
    ];
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let job = work.shift(); job; job = work.shift()) if (await job()) moved++;
      }),
    );
    return { shifts: shiftIds.length, timesheets: timesheetIds.length, moved };
  }

  /** `rebuild` for every organisation in the table. */
  async rebuildAll(): Promise<Record<string, { shifts: number; timesheets: number; moved: number }>> {
    const orgIds: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({
          TableName: this.table,
          FilterExpression: 'SK = :org',
          ExpressionAttributeValues: { ':org': 'ORG' },
          ProjectionExpression: 'id',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (typeof item.id === 'string') orgIds.push(item.id);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const out: Record<string, { shifts: number; timesheets: number; moved: number }> = {};
    for (const orgId of orgIds) out[orgId] = await this.rebuild(orgId);
    return out;
  }

  /** `rebuildAll`, once per table: later starts find the mark and leave the totals to the stream. */
  async rebuildAllOnce(at: Date): Promise<boolean> {
    const mark = keys.reportTotalsRebuilt();
    const done = await this.db.send(new GetCommand({ TableName: this.table, Key: mark, ConsistentRead: true }));
    if (done.Item) return false;
    await this.rebuildAll();
    await this.db.send(new PutCommand({ TableName: this.table, Item: { ...mark, at: at.toISOString() } }));
    return true;
  }

  /** A practice's totals for London dates `from`..`to` (inclusive), days with nothing left out. */
  async days(orgId: string, practiceId: string, from: string, to: string): Promise<DayTotals[]> {
    const { items } = await queryAll<Record<string, unknown>>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.reportTotalsPartition(orgId, practiceId),
        ':from': keys.reportDay(orgId, practiceId, from).SK,
        ':to': keys.reportDay(orgId, practiceId, to).SK,
      },
    });
    return items.map((item) => ({
      practiceId,
      date: String(item.date),
      posted: Number(item.posted ?? 0),
      filled: Number(item.filled ?? 0),
      cancelled: Number(item.cancelled ?? 0),
      spendPence: Number(item.spendPence ?? 0),
      minutesToFill: Object.entries(item)
        .filter(([name]) => name.startsWith(MINUTES_PREFIX))
        .map(([, value]) => Number(value)),
    }));
  }

  /** One role's totals at a practice, by London date. */
  async roleDays(
    orgId: string,
    practiceId: string,
    role: string,
    from: string,
    to: string,
  ): Promise<Omit<DayTotals, 'minutesToFill'>[]> {
    const { items } = await queryAll<Record<string, unknown>>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.reportTotalsPartition(orgId, practiceId),
        ':from': keys.reportRoleDay(orgId, practiceId, role, from).SK,
        ':to': keys.reportRoleDay(orgId, practiceId, role, to).SK,
      },
    });
    return items.map((item) => ({
      practiceId,
      date: String(item.date),
      posted: Number(item.posted ?? 0),
      filled: Number(item.filled ?? 0),
      cancelled: Number(item.cancelled ?? 0),
      spendPence: Number(item.spendPence ?? 0),
    }));
  }

  private async getRecord<T>(key: { PK: string; SK: string }): Promise<T | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return out.Item ? toRecord<T>(out.Item) : undefined;
  }
}

/** The moves on each totals item, one per item (a transaction may name an item once). */
/**
 * The totals items of records never counted before (a fresh table's seed),
 * exactly as `sync` would leave them one record at a time: each counted
 * record's source item at its first revision, and every practice-day's and
 * role-day's sums. Plain puts of whole values, so writing them twice is
 * writing them once; a first start writes these instead of waiting for a
 * rebuild that reads and writes every record on its own.
 */
export function freshTotalsItems(
  orgId: string,
  shifts: readonly Shift[],
  timesheets: readonly Timesheet[],
): Record<string, unknown>[] {
  const roles = new Map(shifts.map((s) => [s.id, s.role]));
  const sources: Record<string, unknown>[] = [];
  const sums = new Map<
    string,
    Record<string, unknown> & { posted: number; filled: number; cancelled: number; spendPence: number }
  >();
  const count = (kind: SourceKind, id: string, contribution: Contribution | null) => {
    // `sync` leaves nothing behind for a record that adds nothing.
    if (!contribution) return;
    sources.push({
      ...keys.reportSource(orgId, kind, id),
      type: TOTALS_SOURCE_RECORD_TYPE,
      orgId,
      kind,
      id,
      rev: 1,
      contribution,
    });
    for (const c of changesBetween(orgId, null, contribution)) {
      const at = `${c.key.PK}|${c.key.SK}`;
      let item = sums.get(at);
      if (!item) {
        item = {
          ...c.key,
          type: TOTALS_RECORD_TYPE,
          orgId,
          practiceId: c.practiceId,
          date: c.date,
          ...(c.role ? { role: c.role } : {}),
          posted: 0,
          filled: 0,
          cancelled: 0,
          spendPence: 0,
        };
        sums.set(at, item);
      }
      item.posted += c.posted;
      item.filled += c.filled;
      item.cancelled += c.cancelled;
      item.spendPence += c.spendPence;
      if (typeof c.minutes === 'number') item[`${MINUTES_PREFIX}${id}`] = c.minutes;
    }
  };
  for (const s of shifts) count('SHIFT', s.id, shiftContribution(s));
  for (const t of timesheets) count('TIMESHEET', t.id, timesheetContribution(t, roles.get(t.shiftId)));
  return [...sources, ...sums.values()];
}

function changesBetween(orgId: string, before: Contribution | null, after: Contribution | null) {
  const byKey = new Map<string, Change>();
  const at = (key: { PK: string; SK: string }, c: Contribution, role?: string) => {
    const id = `${key.PK}|${key.SK}`;
    let change = byKey.get(id);
    if (!change) {
      change = {
        key,
        practiceId: c.practiceId,
        date: c.date,
        ...(role ? { role } : {}),
        posted: 0,
        filled: 0,
        cancelled: 0,
        spendPence: 0,
      };
      byKey.set(id, change);
    }
    return change;
  };
  const apply = (c: Contribution, sign: 1 | -1) => {
    const targets = [at(keys.reportDay(orgId, c.practiceId, c.date), c)];
    if (c.role) targets.push(at(keys.reportRoleDay(orgId, c.practiceId, c.role, c.date), c, c.role));
    for (const t of targets) {
      t.posted += sign * c.posted;
      t.filled += sign * c.filled;
      t.cancelled += sign * c.cancelled;
      t.spendPence += sign * c.spendPence;
    }
    const day = targets[0]!;
    if (sign < 0 && c.minutesToFill !== undefined && day.minutes === undefined) day.minutes = null;
    if (sign > 0 && c.minutesToFill !== undefined) day.minutes = c.minutesToFill;
  };
  if (before) apply(before, -1);
  if (after) apply(after, 1);
  return [...byKey.values()].filter(
    (c) => c.posted || c.filled || c.cancelled || c.spendPence || c.minutes !== undefined,
  );
}

function update(orgId: string, sourceId: string, c: Change): TransactItem<'totals'> {
  const names: Record<string, string> = { '#type': 'type', '#date': 'date' };
  const values: Record<string, unknown> = {
    ':posted': c.posted,
    ':filled': c.filled,
    ':cancelled': c.cancelled,
    ':spend': c.spendPence,
    ':type': TOTALS_RECORD_TYPE,
    ':org': orgId,
    ':practice': c.practiceId,
    ':date': c.date,
  };
  const sets = ['#type = :type', 'orgId = :org', 'practiceId = :practice', '#date = :date'];
  const removes: string[] = [];
  if (c.role) {
    names['#role'] = 'role';
    values[':role'] = c.role;
    sets.push('#role = :role');
  }
  if (c.minutes !== undefined) {
    names['#minutes'] = `${MINUTES_PREFIX}${sourceId}`;
    if (c.minutes === null) removes.push('#minutes');
    else {
      values[':minutes'] = c.minutes;
      sets.push('#minutes = :minutes');
    }
  }
  return {
    name: 'totals',
    update: {
      Key: c.key,
      UpdateExpression: [
        'ADD posted :posted, filled :filled, cancelled :cancelled, spendPence :spend',
        `SET ${sets.join(', ')}`,
        ...(removes.length ? [`REMOVE ${removes.join(', ')}`] : []),
      ].join(' '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
