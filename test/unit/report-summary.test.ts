import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, paidPence, type ReportShift, summarise, weekStartOf } from '../../lib/domain/report-summary';

const practices = [
  { id: 'p1', name: 'Yeovil' },
  { id: 'p2', name: 'Chard' },
];

let n = 0;
function shift(overrides: Partial<ReportShift> = {}): ReportShift {
  return {
    id: `s${++n}`,
    practiceId: 'p1',
    start: '2026-11-02T09:00:00.000Z',
    end: '2026-11-02T17:00:00.000Z',
    breakMinutes: 0,
    hourlyRatePence: 9000,
    status: 'open',
    postedAt: '2026-10-20T09:00:00.000Z',
    ...overrides,
  };
}
const filled = (minutesToFill: number, overrides: Partial<ReportShift> = {}) =>
  shift({
    status: 'filled',
    filledAt: new Date(Date.parse('2026-10-20T09:00:00.000Z') + minutesToFill * 60_000).toISOString(),
    ...overrides,
  });

describe('summarise', () => {
  it('counts fill over shifts still wanted: a cancelled shift is withdrawn, not unfilled', () => {
    const s = summarise({
      from: '2026-11-01',
      to: '2026-11-30',
      shifts: [filled(30), filled(90), shift(), shift({ status: 'cancelled' })],
      timesheets: [],
      practices,
    });
    expect(s).toMatchObject({ shiftsPosted: 3, shiftsFilled: 2, shiftsCancelled: 1, fillRate: 0.667 });
    expect(s.medianMinutesToFill).toBe(60);
  });

  it('spends only approved and exported timesheets, with their mileage and expenses: nothing for a rejected, queried or submitted one, or none', () => {
    const [a, b, c, d, e, f] = [filled(1), filled(1), filled(1), filled(1), filled(1), filled(1)];
    const s = summarise({
      from: '2026-11-01',
      to: '2026-11-30',
      shifts: [a!, b!, c!, d!, e!, f!, shift()],
      timesheets: [
        { shiftId: a!.id, status: 'approved', grossPence: 70_000, totalPence: 71_350 },
        { shiftId: b!.id, status: 'exported', grossPence: 65_000 },
        { shiftId: c!.id, status: 'rejected', grossPence: 72_000 },
        { shiftId: d!.id, status: 'submitted', grossPence: 72_000 },
        { shiftId: e!.id, status: 'queried', grossPence: 72_000 },
      ],
      practices,
    });
    // f has no timesheet: nothing is owed on it yet.
    expect(s.spendPence).toBe(71_350 + 65_000);
  });

  it("spends a late cancellation's fee: on a cancelled shift, and beside the work of a shift filled again", () => {
    const cancelled = shift({ status: 'cancelled' });
    const refilled = filled(10);
    const s = summarise({
      from: '2026-11-01',
      to: '2026-11-30',
      shifts: [cancelled, refilled],
      timesheets: [
        { shiftId: cancelled.id, status: 'approved', grossPence: 18_000 },
        // The first booking, cancelled late by the practice, and the second clinician's worked shift.
        { shiftId: refilled.id, status: 'exported', grossPence: 18_000 },
        { shiftId: refilled.id, status: 'approved', grossPence: 72_000 },
      ],
      practices,
    });
    expect(s.spendPence).toBe(18_000 + 18_000 + 72_000);
    expect(s.byPractice.find((p) => p.practiceId === 'p1')!.spendPence).toBe(s.spendPence);
  });

  it('counts a timesheet once when a read by status finds it both approved and, a moment later, exported', () => {
    const worked = filled(5);
    const s = summarise({
      from: '2026-11-01',
      to: '2026-11-30',
      shifts: [worked],
      timesheets: [
        { id: 't1', shiftId: worked.id, status: 'approved', grossPence: 40_000 },
        { id: 't1', shiftId: worked.id, status: 'exported', grossPence: 40_000 },
        { id: 'fee-b1', shiftId: worked.id, status: 'approved', grossPence: 9_000 },
      ],
      practices,
    });
    expect(s.spendPence).toBe(49_000);
  });

  it('counts nothing for a filled bank holiday shift until its timesheet is approved', () => {
    const holiday = filled(5, { start: '2026-12-28T09:00:00.000Z', end: '2026-12-28T17:00:00.000Z', breakMinutes: 30 });
    expect(paidPence({ shiftId: holiday.id, status: 'submitted', grossPence: 101_250 })).toBe(0);
    expect(paidPence({ shiftId: holiday.id, status: 'approved', grossPence: 101_250 })).toBe(101_250);
    expect(paidPence({ shiftId: holiday.id, status: 'exported', grossPence: 101_250, totalPence: 101_700 })).toBe(
      101_700,
    );
  });

  it('groups by week and by month, listing empty periods, each period agreeing with the totals', () => {
    const shifts = [
      filled(1, { start: '2026-10-30T09:00:00.000Z' }),
      filled(1, { start: '2026-11-02T09:00:00.000Z' }),
      shift({ start: '2026-11-20T09:00:00.000Z' }),
    ];
    const input = {
      from: '2026-10-26',
      to: '2026-11-30',
      shifts,
      timesheets: [{ shiftId: shifts[1]!.id, status: 'approved' as const, grossPence: 50_000 }],
      practices,
    };
    expect(summarise({ ...input, groupBy: 'month' }).series).toEqual([
      { period: '2026-10', shiftsPosted: 1, shiftsFilled: 1, fillRate: 1, spendPence: 0 },
      { period: '2026-11', shiftsPosted: 2, shiftsFilled: 1, fillRate: 0.5, spendPence: 50_000 },
    ]);
    const weeks = summarise({ ...input, groupBy: 'week' }).series!;
    expect(weeks.map((w) => w.period)).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
      '2026-11-23',
      '2026-11-30',
    ]);
    expect(weeks[1]).toEqual({
      period: '2026-11-02',
      shiftsPosted: 1,
      shiftsFilled: 1,
      fillRate: 1,
      spendPence: 50_000,
    });
    expect(summarise(input).series).toBeUndefined();
  });

  it('lists every practice in scope, by name, even without shifts, and leaves out shifts of others', () => {
    const s = summarise({
      from: '2026-11-01',
      to: '2026-11-30',
      shifts: [filled(10, { practiceId: 'p1' }), filled(10, { practiceId: 'p9' })],
      timesheets: [],
      practices,
    });
    expect(s.byPractice.map((p) => [p.name, p.shiftsPosted, p.medianMinutesToFill])).toEqual([
      ['Chard', 0, null],
      ['Yeovil', 1, 10],
    ]);
    expect(s.shiftsPosted).toBe(1);
    expect(s.byPractice[0]!.fillRate).toBe(0);
  });

  it('buckets shifts by the London Monday of their week, listing empty weeks of the period too', () => {
    const s = summarise({
      from: '2026-10-21',
      to: '2026-11-04',
      // After the clocks go back London is on GMT: 23:30Z on 25 Oct is still Sunday, 00:30Z on 26 Oct is Monday.
      shifts: [
        shift({ start: '2026-10-25T23:30:00.000Z', end: '2026-10-26T07:30:00.000Z' }),
        shift({ start: '2026-10-26T00:30:00.000Z', end: '2026-10-26T08:30:00.000Z' }),
        // 23:30 on Sunday 1 Nov in London: the week of 26 Oct.
        shift({ start: '2026-11-01T23:30:00.000Z', end: '2026-11-02T07:30:00.000Z' }),
      ],
      timesheets: [],
      practices,
    });
    expect(s.byWeek.map((w) => [w.weekStart, w.shiftsPosted])).toEqual([
      ['2026-10-19', 1],
      ['2026-10-26', 2],
      ['2026-11-02', 0],
    ]);
  });

  it('agrees with itself: practice and week totals add up to the whole (property)', () => {
    const arbShift = fc.record({
      practiceId: fc.constantFrom('p1', 'p2'),
      day: fc.integer({ min: 1, max: 30 }),
      status: fc.constantFrom<ReportShift['status']>('open', 'filled', 'cancelled'),
      minutes: fc.integer({ min: 0, max: 10_000 }),
      timesheet: fc.option(fc.constantFrom('submitted', 'queried', 'approved', 'rejected', 'exported' as const), {
        nil: undefined,
      }),
      gross: fc.integer({ min: 0, max: 200_000 }),
    });
    fc.assert(
      fc.property(fc.array(arbShift, { maxLength: 40 }), (specs) => {
        const shifts = specs.map((x) =>
          x.status === 'filled'
            ? filled(x.minutes, {
                practiceId: x.practiceId,
                start: `2026-11-${String(x.day).padStart(2, '0')}T10:00:00.000Z`,
              })
            : shift({
                practiceId: x.practiceId,
                status: x.status,
                start: `2026-11-${String(x.day).padStart(2, '0')}T10:00:00.000Z`,
              }),
        );
        const timesheets = specs.flatMap((x, i) =>
          x.timesheet ? [{ shiftId: shifts[i]!.id, status: x.timesheet, grossPence: x.gross }] : [],
        );
        const s = summarise({
          from: '2026-11-01',
          to: '2026-11-30',
          shifts,
          timesheets,
          practices,
        });
        const sum = (xs: { shiftsPosted: number; shiftsFilled: number }[]) =>
          xs.reduce((t, x) => [t[0]! + x.shiftsPosted, t[1]! + x.shiftsFilled], [0, 0]);
        expect(sum(s.byPractice)).toEqual([s.shiftsPosted, s.shiftsFilled]);
        expect(sum(s.byWeek)).toEqual([s.shiftsPosted, s.shiftsFilled]);
        expect(s.byPractice.reduce((t, p) => t + p.spendPence, 0)).toBe(s.spendPence);
        for (const groupBy of ['week', 'month'] as const) {
          const series = summarise({
            from: '2026-11-01',
            to: '2026-11-30',
            shifts,
            timesheets,
            practices,
            groupBy,
          }).series!;
          expect(sum(series)).toEqual([s.shiftsPosted, s.shiftsFilled]);
          expect(series.reduce((t, p) => t + p.spendPence, 0)).toBe(s.spendPence);
        }
        expect(s.fillRate).toBeGreaterThanOrEqual(0);
        expect(s.fillRate).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('median and weekStartOf', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('starts weeks on Monday', () => {
    expect(weekStartOf('2026-11-01')).toBe('2026-10-26');
    expect(weekStartOf('2026-11-02')).toBe('2026-11-02');
  });
});
