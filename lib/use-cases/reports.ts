import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import {
  type ReportGrouping,
  type ReportShift,
  type Summary,
  summarise,
  summariseTotals,
} from '../domain/report-summary';
import { startOfLondonDay } from '../domain/time';
import type { Shift, Timesheet, TimesheetStatus } from '../domain/types';
import { ReportTotalsStore } from '../store/report-totals';
import { endOfLondonPeriod } from './payroll';

const PAID: readonly TimesheetStatus[] = ['approved', 'exported'];

async function allShifts(
  deps: Pick<Deps, 'shifts'>,
  orgId: string,
  filter: { practiceId?: string; from: string; to: string },
): Promise<Shift[]> {
  const out: Shift[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.shifts.list(orgId, filter, { limit: 1000, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

async function practicesInView(caller: Caller, deps: Pick<Deps, 'practices'>) {
  // A manager's own practices by key: reading the organisation's list to keep two of them grows with the bank.
  return caller.role === 'manager'
    ? deps.practices.getMany(caller.orgId, caller.practiceIds)
    : deps.practices.list(caller.orgId);
}

/**
 * Fill and spend over London dates `from`..`to` (inclusive), from the running
 * totals the table's stream keeps: one item per practice per day, so a
 * report reads days x practices items whatever the number of shifts. It
 * trails the records by the stream's delay. A manager sees only the practices
 * they run.
 */
export async function reportSummary(
  caller: Caller,
  period: { from: string; to: string; groupBy?: ReportGrouping },
  deps: Pick<Deps, 'db' | 'table' | 'practices'>,
): Promise<Summary> {
  const practices = await practicesInView(caller, deps);
  const totals = new ReportTotalsStore(deps.db, deps.table);
  const days = await Promise.all(practices.map((p) => totals.days(caller.orgId, p.id, period.from, period.to)));
  return summariseTotals({
    from: period.from,
    to: period.to,
    days: days.flat(),
    practices: practices.map((p) => ({ id: p.id, name: p.name })),
    groupBy: period.groupBy,
  });
}

/**
 * The same summary recomputed from the records themselves: the stored shifts
 * (by the organisation's or, for a manager, each practice's shifts index) and
 * the timesheets of the period (by their status partitions). What the running
 * totals are reconciled against.
 */
export async function recomputeSummary(
  caller: Caller,
  period: { from: string; to: string; groupBy?: ReportGrouping },
  deps: Pick<Deps, 'practices' | 'shifts' | 'timesheets'>,
): Promise<Summary> {
  const { orgId } = caller;
  const from = startOfLondonDay(period.from);
  const to = endOfLondonPeriod(period.to);
  const practices = await practicesInView(caller, deps);
  const [shiftLists, timesheetLists] = await Promise.all([
    caller.role === 'manager'
      ? Promise.all(practices.map((p) => allShifts(deps, orgId, { practiceId: p.id, from, to })))
      : Promise.all([allShifts(deps, orgId, { from, to })]),
    // Only what is paid counts as spend.
    Promise.all(PAID.map((s) => deps.timesheets.inStatus(orgId, s, from, to))),
  ]);
  const shifts: ReportShift[] = shiftLists.flat();
  const timesheets: Timesheet[] = timesheetLists.flat();
  return summarise({
    from: period.from,
    to: period.to,
    shifts,
    timesheets,
    practices: practices.map((p) => ({ id: p.id, name: p.name })),
    groupBy: period.groupBy,
  });
}
