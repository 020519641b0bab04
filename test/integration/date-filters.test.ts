import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ValidationError } from '../../lib/domain/errors';
import { computePay } from '../../lib/domain/pay';
import type { Booking, Clinician, Practice, Timesheet, TimesheetStatus } from '../../lib/domain/types';
import { ListExportsQuery } from '../../lib/schemas/payroll';
import { ListTimesheetsQuery } from '../../lib/schemas/timesheet';
import { bookingItem } from '../../lib/store/bookings';
import { timesheetItem } from '../../lib/store/timesheets';
import { listBookings } from '../../lib/use-cases/bookings';
import { listPayrollExports, startPayrollExport } from '../../lib/use-cases/payroll';
import { listTimesheets } from '../../lib/use-cases/timesheets';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const hr: Caller = { userId: 'usr-hr', email: 'hr@example.org', role: 'hr', orgId: ORG, practiceIds: [] };

let n = 0;
function timesheet(c: Clinician, p: Practice, shiftStart: string, status: TimesheetStatus, claimed = shiftStart) {
  const end = new Date(Date.parse(claimed) + 4 * 3_600_000).toISOString();
  const pay = computePay({ start: claimed, end, breakMinutes: 0, hourlyRatePence: 9000, bankHolidayUplift: 1.5 });
  const id = `ts-${String(++n).padStart(6, '0')}`;
  const t: Timesheet = {
    orgId: ORG,
    id,
    bookingId: `bk-${id}`,
    shiftId: `sh-${id}`,
    clinicianId: c.id,
    practiceId: p.id,
    start: claimed,
    end,
    shiftStart,
    breakMinutes: 0,
    hourlyRatePence: 9000,
    ...pay,
    employment: 'bank',
    status,
    submittedAt: end,
  };
  return t;
}

describe('GET /timesheets from/to', () => {
  let deps: TestDeps;
  let surgery: Practice;
  let locum: Clinician;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    locum = clinician();
    await seed(deps, [surgery], [locum]);
    const sheets = {
      // 23:30 London on 30 June is 22:30 UTC: still 30 June.
      lateJune30: timesheet(locum, surgery, '2026-06-30T22:30:00.000Z', 'approved'),
      // 00:30 London on 1 July is 23:30 UTC on 30 June: 1 July.
      earlyJuly1: timesheet(locum, surgery, '2026-06-30T23:30:00.000Z', 'submitted'),
      // Booked for 2 July, claimed from 1 July 23:00 London: the booked date decides.
      july2: timesheet(locum, surgery, '2026-07-02T07:00:00.000Z', 'approved', '2026-07-01T22:00:00.000Z'),
    };
    // One written before the booked start was kept goes by its claimed start.
    const { shiftStart: _s, ...older } = timesheet(locum, surgery, '2026-07-01T09:00:00.000Z', 'rejected');
    for (const t of [...Object.values(sheets), older as Timesheet]) {
      await deps.db.send(new PutCommand({ TableName: deps.table, Item: timesheetItem(t) }));
    }
    for (const [k, t] of Object.entries(sheets)) ids[k] = t.id;
    ids.older = older.id;
  });

  const list = async (caller: Caller, query: Record<string, string>) => {
    const parsed = ListTimesheetsQuery.parse(query);
    const page = await listTimesheets(caller, { ...parsed, limit: 50 }, deps);
    return page.items.map((t) => t.id).sort();
  };

  it('takes a London date, to inclusive, by the booked start, for every kind of caller', async () => {
    const july1 = [ids.earlyJuly1, ids.older].sort();
    expect(await list(hr, { from: '2026-07-01', to: '2026-07-01' })).toEqual(july1);
    expect(await list(manager([surgery.id]), { from: '2026-07-01', to: '2026-07-01' })).toEqual(july1);
    expect(await list(asClinician(locum), { from: '2026-07-01', to: '2026-07-01' })).toEqual(july1);
    expect(await list(hr, { to: '2026-06-30' })).toEqual([ids.lateJune30]);
    expect(await list(hr, { from: '2026-07-02' })).toEqual([ids.july2]);
    expect(await list(hr, { status: 'approved', from: '2026-06-30', to: '2026-07-02' })).toEqual(
      [ids.lateJune30, ids.july2].sort(),
    );
  });

  it('still takes instants, and answers nothing for a period that ends before it starts', async () => {
    expect(await list(hr, { from: '2026-06-30T23:30:00Z', to: '2026-07-01T09:00:00Z' })).toEqual(
      [ids.earlyJuly1, ids.older].sort(),
    );
    expect(await list(hr, { from: '2026-07-02', to: '2026-07-01' })).toEqual([]);
  });
});

describe('GET /bookings cursor', () => {
  // The fuzzer found it (seed 1266868486): a cursor of the organisation's bookings, sent with a `from` after its
  // key, made DynamoDB refuse the query's start key, and the route answered 500.
  it('answers 400 VALIDATION for a cursor of this list sent with another from, and pages on with its own query', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const locum = clinician();
    await seed(deps, [surgery], [locum]);
    const ids: string[] = [];
    for (const day of ['01', '02', '03']) {
      const b: Booking = {
        orgId: ORG,
        id: `bk-feb-${day}`,
        shiftId: `sh-feb-${day}`,
        clinicianId: locum.id,
        practiceId: surgery.id,
        status: 'confirmed',
        bookedAt: '2027-01-20T09:00:00.000Z',
        start: `2027-02-${day}T09:00:00.000Z`,
        end: `2027-02-${day}T13:00:00.000Z`,
      };
      await deps.db.send(new PutCommand({ TableName: deps.table, Item: bookingItem(b) }));
      ids.push(b.id);
    }
    const first = await listBookings(hr, { limit: 1 }, deps);
    expect(first.items.map((b) => b.id)).toEqual([ids[0]]);
    expect(first.nextCursor).toBeTruthy();

    const next = await listBookings(hr, { limit: 1, cursor: first.nextCursor }, deps);
    expect(next.items.map((b) => b.id)).toEqual([ids[1]]);

    const elsewhere = listBookings(hr, { limit: 1, cursor: first.nextCursor, from: '2027-02-10T00:00:00.000Z' }, deps);
    await expect(elsewhere).rejects.toBeInstanceOf(ValidationError);
    await expect(elsewhere).rejects.toMatchObject({ status: 400, details: [{ path: 'query.cursor' }] });
  });

  it('gives a cursor only while more remain: a last page that ends exactly at the limit carries none', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const locum = clinician();
    await seed(deps, [surgery], [locum]);
    for (const day of ['01', '02', '03', '04']) {
      const b: Booking = {
        orgId: ORG,
        id: `bk-mar-${day}`,
        shiftId: `sh-mar-${day}`,
        clinicianId: locum.id,
        practiceId: surgery.id,
        status: 'confirmed',
        bookedAt: '2027-02-20T09:00:00.000Z',
        start: `2027-03-${day}T09:00:00.000Z`,
        end: `2027-03-${day}T13:00:00.000Z`,
      };
      await deps.db.send(new PutCommand({ TableName: deps.table, Item: bookingItem(b) }));
    }
    const all = await listBookings(hr, { limit: 4 }, deps);
    expect(all.items).toHaveLength(4);
    expect(all.nextCursor).toBeUndefined();
    const first = await listBookings(hr, { limit: 2 }, deps);
    const last = await listBookings(hr, { limit: 2, cursor: first.nextCursor }, deps);
    expect(last.items.map((b) => b.id)).toEqual(['bk-mar-03', 'bk-mar-04']);
    expect(last.nextCursor).toBeUndefined();
    // A date range that ends before the partition does ends its list at its last booking, with no cursor.
    const early = await listBookings(hr, { limit: 2, to: '2027-03-02T23:59:59.999Z' }, deps);
    expect(early.items.map((b) => b.id)).toEqual(['bk-mar-01', 'bk-mar-02']);
    expect(early.nextCursor).toBeUndefined();
  });
});

describe('GET /payroll/exports from/to', () => {
  it('selects exports by the London date they were asked for', async () => {
    const deps = await freshDeps(new Date('2026-07-01T22:30:00Z')); // 23:30 London, 1 July
    const first = await startPayrollExport(hr, { from: '2026-06-01', to: '2026-06-30' }, deps);
    deps.clock.set(new Date('2026-07-01T23:30:00Z')); // 00:30 London, 2 July
    const second = await startPayrollExport(hr, { from: '2026-05-01', to: '2026-05-31' }, deps);
    const list = async (query: Record<string, string>) => {
      const { limit, cursor, ...created } = ListExportsQuery.parse(query);
      return (await listPayrollExports(hr, { limit, cursor }, deps, created)).items.map((e) => e.id);
    };
    expect(await list({ from: '2026-07-01', to: '2026-07-01' })).toEqual([first.id]);
    expect(await list({ from: '2026-07-02' })).toEqual([second.id]);
    expect(await list({ to: '2026-07-02' })).toEqual([second.id, first.id]);
    expect(await list({ to: '2026-06-30' })).toEqual([]);
  });
});
