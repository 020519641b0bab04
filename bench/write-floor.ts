import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../lib/deps';
import { computePay } from '../lib/domain/pay';
import { startOfLondonDay } from '../lib/domain/time';
import type { Timesheet } from '../lib/domain/types';
import { CLAIM_CHUNK, CLAIM_CONCURRENCY, claimUpdate } from '../lib/store/exports';
import { chunks } from '../lib/store/records';
import { timesheetItem } from '../lib/store/timesheets';
import { batchPut } from './support';

/** The organisation whose timesheets the floor claims: in the same table as the run measured, never read by it. */
export const FLOOR_ORG = 'org-bench-floor';
/** Enough transactions for a steady rate without doubling the seeding of a large run. */
export const FLOOR_ROWS = 10_000;

export interface WriteFloor {
  items: number;
  ms: number;
  /** Timesheets claimed per second. */
  perSecond: number;
}

/**
 * The write floor the payroll export and the invoice run are both measured
 * against: `rows` approved timesheets of another organisation, seeded into the
 * same table, then claimed by the payroll export's own conditional update in
 * bare transactions of CLAIM_CHUNK, CLAIM_CONCURRENCY in flight. However fast
 * the reading and the rest, a run that writes each timesheet once under a
 * condition cannot go faster than this on the same DynamoDB Local.
 */
export async function measureWriteFloor(deps: Deps, rows = FLOOR_ROWS): Promise<WriteFloor> {
  return claimWriteFloor(deps, await seedWriteFloor(deps, rows));
}

/** Seeds the floor's timesheets; `tag` tells sets apart, so the floor can be taken more than once in one table. */
export async function seedWriteFloor(deps: Deps, rows = FLOOR_ROWS, tag = 'a'): Promise<Timesheet[]> {
  const start = Date.parse(startOfLondonDay('2026-01-01'));
  const timesheets = Array.from({ length: rows }, (_, i): Timesheet => {
    const from = new Date(start + i * 600_000).toISOString();
    const end = new Date(Date.parse(from) + 10 * 3_600_000).toISOString();
    const hourlyRatePence = 8000 + (i % 40) * 50;
    return {
      orgId: FLOOR_ORG,
      id: `ts-${tag}-${String(i).padStart(7, '0')}`,
      bookingId: `bk-${i}`,
      shiftId: `sh-${i}`,
      clinicianId: `cln-${i % 400}`,
      practiceId: `prc-${i % 22}`,
      start: from,
      end,
      shiftStart: from,
      breakMinutes: 60,
      hourlyRatePence,
      ...computePay({ start: from, end, breakMinutes: 60, hourlyRatePence, bankHolidayUplift: 1.5 }),
      employment: 'bank',
      status: 'approved',
      submittedAt: end,
      decidedAt: end,
      decidedBy: 'usr-bench',
    };
  });
  await batchPut(deps.db, deps.table, timesheets.map(timesheetItem), 16);
  return timesheets;
}

/** Claims seeded floor timesheets in bare transactions, timed. */
export async function claimWriteFloor(deps: Deps, timesheets: readonly Timesheet[]): Promise<WriteFloor> {
  const batches = chunks(timesheets, CLAIM_CHUNK);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLAIM_CONCURRENCY }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        await deps.db.send(
          new TransactWriteCommand({
            TransactItems: batch.map((t) => ({
              Update: { TableName: deps.table, ...claimUpdate(t, 'exp-floor', t.end) },
            })),
          }),
        );
      }
    }),
  );
  const ms = performance.now() - started;
  return { items: timesheets.length, ms, perSecond: (timesheets.length / ms) * 1000 };
}
