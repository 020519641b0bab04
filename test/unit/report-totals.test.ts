import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DayTotals,
  type ReportShift,
  type ReportTimesheet,
  summarise,
  summariseTotals,
} from '../../lib/domain/report-summary';
import { addDays } from '../../lib/domain/time';
import type { Timesheet, TimesheetStatus } from '../../lib/domain/types';
import { type Contribution, shiftContribution, timesheetContribution } from '../../lib/store/report-totals';

const practices = [
  { id: 'p1', name: 'Yeovil' },
  { id: 'p2', name: 'Chard' },
];
const STATUSES: TimesheetStatus[] = ['submitted', 'queried', 'approved', 'rejected', 'exported'];
const BASE = Date.parse('2026-10-18T00:00:00.000Z');

/** What the stream consumer's contributions add up to, per practice and London date, in memory. */
function foldDays(contributions: readonly Contribution[]): DayTotals[] {
  const days = new Map<string, DayTotals & { minutesToFill: number[] }>();
  for (const c of contributions) {
    const key = `${c.practiceId}|${c.date}`;
    const day = days.get(key) ?? {
      practiceId: c.practiceId,
      date: c.date,
      posted: 0,
      filled: 0,
      cancelled: 0,
      spendPence: 0,
      minutesToFill: [],
    };
    day.posted += c.posted;
    day.filled += c.filled;
    day.cancelled += c.cancelled;
    day.spendPence += c.spendPence;
    if (c.minutesToFill !== undefined) day.minutesToFill.push(c.minutesToFill);
    days.set(key, day);
  }
  return [...days.values()];
}

const shiftArb = fc.record({
  practiceId: fc.constantFrom('p1', 'p2', 'p3'),
  // Every 30 minutes over seven weeks, across the night the clocks go back (25 October 2026).
  startSlot: fc.integer({ min: 0, max: 48 * 49 }),
  status: fc.constantFrom('open' as const, 'filled' as const, 'cancelled' as const),
  postedBefore: fc.integer({ min: 60, max: 20_000 }),
  fillAfter: fc.option(fc.integer({ min: -30, max: 10_000 }), { nil: undefined }),
  timesheet: fc.option(
    fc.record({ status: fc.constantFrom(...STATUSES), totalPence: fc.integer({ min: 0, max: 200_000 }) }),
    { nil: undefined },
  ),
  // A late cancellation's fee: approved when made, exported later, on a shift of any status now.
  fee: fc.option(
    fc.record({
      status: fc.constantFrom('approved' as const, 'exported' as const),
      totalPence: fc.integer({ min: 0, max: 40_000 }),
    }),
    { nil: undefined },
  ),
});

describe('summariseTotals', () => {
  it('gives exactly what summarise gives from the records, for any shifts, timesheets, period and grouping', () => {
    fc.assert(
      fc.property(
        fc.array(shiftArb, { maxLength: 60 }),
        fc.integer({ min: 0, max: 48 }),
        fc.integer({ min: 0, max: 48 }),
        fc.constantFrom(undefined, 'week' as const, 'month' as const),
        (generated, a, b, groupBy) => {
          const from = addDays('2026-10-18', Math.min(a, b));
          const to = addDays('2026-10-18', Math.max(a, b));
          const shifts: ReportShift[] = [];
          const timesheets: ReportTimesheet[] = [];
          const contributions: Contribution[] = [];
          generated.forEach((g, i) => {
            const start = new Date(BASE + g.startSlot * 30 * 60_000).toISOString();
            const postedAt = new Date(Date.parse(start) - g.postedBefore * 60_000).toISOString();
            const filledAt =
              g.status === 'filled' && g.fillAfter !== undefined
                ? new Date(Date.parse(postedAt) + g.fillAfter * 60_000).toISOString()
                : undefined;
            const shift: ReportShift = {
              id: `s${i}`,
              practiceId: g.practiceId,
              start,
              end: new Date(Date.parse(start) + 4 * 3_600_000).toISOString(),
              breakMinutes: 0,
              hourlyRatePence: 9000,
              status: g.status,
              postedAt,
              ...(filledAt ? { filledAt } : {}),
            };
            shifts.push(shift);
            contributions.push(shiftContribution({ ...shift, role: 'gp' }));
            // Only a filled shift is worked and claimed for.
            if (g.timesheet && g.status === 'filled') {
              const t = {
                id: `t${i}`,
                shiftId: shift.id,
                practiceId: g.practiceId,
                start,
                shiftStart: start,
                status: g.timesheet.status,
                grossPence: g.timesheet.totalPence,
                totalPence: g.timesheet.totalPence,
              } as Timesheet;
              timesheets.push(t);
              const c = timesheetContribution(t, 'gp');
              if (c) contributions.push(c);
            }
            if (g.fee) {
              const fee = {
                id: `fee-${i}`,
                shiftId: shift.id,
                practiceId: g.practiceId,
                start,
                shiftStart: start,
                status: g.fee.status,
                grossPence: g.fee.totalPence,
                totalPence: g.fee.totalPence,
                lineType: 'cancellation-fee',
              } as Timesheet;
              timesheets.push(fee);
              const c = timesheetContribution(fee, 'gp');
              if (c) contributions.push(c);
            }
          });
          // Days outside the period are left for summariseTotals to drop, as a wide read would return them.
          expect(summariseTotals({ from, to, days: foldDays(contributions), practices, groupBy })).toEqual(
            summarise({
              from,
              to,
              shifts: shifts.filter((s) => {
                const d = new Date(Date.parse(s.start)).toLocaleDateString('en-CA', { timeZone: 'Europe/London' });
                return d >= from && d <= to;
              }),
              timesheets,
              practices,
              groupBy,
            }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('takes the median over every day of the period together, not a median of daily medians', () => {
    const day = (date: string, minutesToFill: number[]): DayTotals => ({
      practiceId: 'p1',
      date,
      posted: minutesToFill.length,
      filled: minutesToFill.length,
      cancelled: 0,
      spendPence: 0,
      minutesToFill,
    });
    const s = summariseTotals({
      from: '2026-11-02',
      to: '2026-11-03',
      days: [day('2026-11-02', [10, 20, 30]), day('2026-11-03', [1000])],
      practices,
    });
    // Daily medians 20 and 1000 would give 510.
    expect(s.medianMinutesToFill).toBe(25);
    expect(s.byPractice.find((p) => p.practiceId === 'p1')).toMatchObject({ shiftsFilled: 4, medianMinutesToFill: 25 });
  });

  it('counts a shift on its London date: 23:30 UTC in summer is the next day', () => {
    const c = shiftContribution({
      practiceId: 'p1',
      role: 'gp',
      start: '2026-10-24T23:30:00.000Z',
      status: 'filled',
      postedAt: '2026-10-24T09:00:00.000Z',
      filledAt: '2026-10-24T08:00:00.000Z',
    });
    expect(c).toEqual({
      practiceId: 'p1',
      date: '2026-10-25',
      role: 'gp',
      posted: 1,
      filled: 1,
      cancelled: 0,
      spendPence: 0,
      minutesToFill: 0,
    });
  });
});
