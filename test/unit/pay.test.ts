import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computePay, DEFAULT_BANK_HOLIDAY_UPLIFT, upliftPerMille } from '../../lib/domain/pay';

const HOUR = 60;

// gov.uk, England and Wales: an oracle independent of date-holidays.
const BANK_HOLIDAYS = new Set([
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
]);

// Clocks change at 01:00 UTC on these days.
const CLOCK_CHANGES = ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2027-03-28T01:00:00Z', '2027-10-31T01:00:00Z'];

const london = (wall: string) => DateTime.fromISO(wall, { zone: 'Europe/London' }).toUTC().toISO()!;
const londonDateOf = (instant: string) => DateTime.fromISO(instant).setZone('Europe/London').toISODate()!;
const plusMinutes = (instant: string, minutes: number) =>
  new Date(Date.parse(instant) + minutes * 60_000).toISOString();

const shift = (start: string, end: string, over: Partial<Parameters<typeof computePay>[0]> = {}) =>
  computePay({
    start,
    end,
    breakMinutes: 0,
    hourlyRatePence: 8000,
    bankHolidayUplift: DEFAULT_BANK_HOLIDAY_UPLIFT,
    ...over,
  });

describe('computePay', () => {
  it('pays 13 hours for a 20:00 to 08:00 night across the October clock change', () => {
    const start = london('2026-10-24T20:00');
    const end = london('2026-10-25T08:00');
    expect([start, end]).toEqual(['2026-10-24T19:00:00.000Z', '2026-10-25T08:00:00.000Z']);

    const pay = shift(start, end);

    expect(pay).toEqual({ paidMinutes: 13 * HOUR, bankHoliday: false, grossPence: 13 * 8000 });
  });

  it('pays 11 hours for a 20:00 to 08:00 night across the March clock change', () => {
    const pay = shift(london('2026-03-28T20:00'), london('2026-03-29T08:00'));

    expect(pay).toEqual({ paidMinutes: 11 * HOUR, bankHoliday: false, grossPence: 11 * 8000 });
  });

  it('uplifts a shift on 28 December 2026 (the Boxing Day substitute) by 1.5', () => {
    const pay = shift(london('2026-12-28T08:00'), london('2026-12-28T18:10'), {
      breakMinutes: 30,
      hourlyRatePence: 9000,
    });

    // 9 h 40 min at £90/h is £870.00; uplifted, £1,305.00.
    expect(pay).toEqual({ paidMinutes: 580, bankHoliday: true, grossPence: 130_500 });
  });

  it('does not uplift Saturday 26 December 2026, whose bank holiday moved to the Monday', () => {
    expect(shift(london('2026-12-26T08:00'), london('2026-12-26T12:00')).bankHoliday).toBe(false);
  });

  it('applies the organisation uplift, not the default, when one is set', () => {
    const pay = shift(london('2027-05-31T09:00'), london('2027-05-31T10:00'), { bankHolidayUplift: 2 });

    expect(pay.grossPence).toBe(16_000);
  });

  it('judges a bank holiday by the London date of the start, not the UTC date', () => {
    // 00:30 BST on Spring bank holiday is still 24 May in UTC.
    const start = london('2026-05-25T00:30');
    expect(start.startsWith('2026-05-24')).toBe(true);

    expect(shift(start, plusMinutes(start, 4 * HOUR)).bankHoliday).toBe(true);
  });

  it('uplifts a whole night that starts on a bank holiday, and none of one that ends on it', () => {
    const startsOn = shift(london('2026-12-28T20:00'), london('2026-12-29T08:00'));
    const endsOn = shift(london('2026-12-27T20:00'), london('2026-12-28T08:00'));

    expect(startsOn).toMatchObject({ bankHoliday: true, grossPence: 12 * 8000 * 1.5 });
    expect(endsOn).toMatchObject({ bankHoliday: false, grossPence: 12 * 8000 });
  });

  it('takes the break off and never pays below zero', () => {
    const start = '2026-12-01T09:00:00.000Z';
    expect(shift(start, plusMinutes(start, 6 * HOUR), { breakMinutes: 20 }).paidMinutes).toBe(340);
    expect(shift(start, plusMinutes(start, 15), { breakMinutes: 20 })).toMatchObject({ paidMinutes: 0, grossPence: 0 });
  });

  it('rounds a half penny up', () => {
    // 10 minutes at 3p an hour is exactly half a penny.
    expect(shift('2026-12-01T09:00:00.000Z', '2026-12-01T09:10:00.000Z', { hourlyRatePence: 3 }).grossPence).toBe(1);
    // 10 minutes at 2p an hour is a third of a penny.
    expect(shift('2026-12-01T09:00:00.000Z', '2026-12-01T09:10:00.000Z', { hourlyRatePence: 2 }).grossPence).toBe(0);
  });

  it('rounds an exact half penny up where floating point would fall just short', () => {
    // 8 min x 375p x 1.15 / 60 is exactly 57.5p; in floats it is 57.49999999999999.
    const pay = shift(london('2026-12-25T10:00'), london('2026-12-25T10:08'), {
      hourlyRatePence: 375,
      bankHolidayUplift: 1.15,
    });

    expect(pay.grossPence).toBe(58);
  });

  it('refuses inputs that would make pay meaningless', () => {
    const start = '2026-12-01T09:00:00.000Z';
    const end = '2026-12-01T17:00:00.000Z';
    expect(() => shift('not a time', end)).toThrow(RangeError);
    expect(() => shift(start, end, { breakMinutes: -5 })).toThrow(RangeError);
    expect(() => shift(start, end, { hourlyRatePence: 80.5 })).toThrow(RangeError);
    expect(() => shift(start, end, { bankHolidayUplift: Number.NaN })).toThrow(RangeError);
  });

  it('refuses to price a shift in a year whose bank holidays it does not know, rather than guess no uplift', () => {
    expect(() => shift('2071-12-25T09:00:00.000Z', '2071-12-25T17:00:00.000Z')).toThrow(RangeError);
  });
});

describe('upliftPerMille', () => {
  it('turns a decimal uplift into exact thousandths', () => {
    expect(upliftPerMille(1.5)).toBe(1500);
    expect(upliftPerMille(1.1)).toBe(1100);
    expect(upliftPerMille(1)).toBe(1000);
  });
});

describe('computePay, for any shift around the clock changes and bank holidays of 2026 and 2027', () => {
  const nearClockChange = fc
    .tuple(fc.constantFrom(...CLOCK_CHANGES), fc.integer({ min: -20 * HOUR, max: 4 * HOUR }))
    .map(([change, offset]) => plusMinutes(new Date(change).toISOString(), offset));
  const onBankHoliday = fc
    .tuple(fc.constantFrom(...BANK_HOLIDAYS), fc.integer({ min: 0, max: 24 * HOUR - 1 }))
    .map(([date, minute]) => plusMinutes(DateTime.fromISO(date, { zone: 'Europe/London' }).toUTC().toISO()!, minute));
  const anyTime = fc
    .integer({ min: Date.parse('2026-01-01T00:00:00Z') / 60_000, max: Date.parse('2027-12-31T23:59:00Z') / 60_000 })
    .map((minute) => new Date(minute * 60_000).toISOString());

  const shiftArb = fc.record({
    start: fc.oneof(nearClockChange, onBankHoliday, anyTime),
    minutes: fc.integer({ min: 0, max: 16 * HOUR }),
    breakMinutes: fc.integer({ min: 0, max: 2 * HOUR }),
    hourlyRatePence: fc.integer({ min: 0, max: 20_000 }),
    bankHolidayUplift: fc.constantFrom(1, 1.1, 1.15, 1.25, 1.5, 1.75, 2, 2.5),
  });
  type ShiftCase = typeof shiftArb extends fc.Arbitrary<infer T> ? T : never;
  const payOf = ({ minutes, ...s }: ShiftCase) => computePay({ ...s, end: plusMinutes(s.start, minutes) });

  it('pays the real elapsed minutes less the break', () => {
    fc.assert(
      fc.property(shiftArb, (s) => {
        const end = plusMinutes(s.start, s.minutes);
        const elapsed = (Date.parse(end) - Date.parse(s.start)) / 60_000;
        expect(payOf(s).paidMinutes).toBe(Math.max(0, elapsed - s.breakMinutes));
      }),
    );
  });

  it('pays an hour more than the wall clock shows across an October change, and an hour less across a March one', () => {
    fc.assert(
      fc.property(shiftArb, (s) => {
        const end = plusMinutes(s.start, s.minutes);
        const wall = (instant: string) => DateTime.fromISO(instant).setZone('Europe/London');
        const wallMinutes = wall(end)
          .setZone('UTC', { keepLocalTime: true })
          .diff(wall(s.start).setZone('UTC', { keepLocalTime: true }), 'minutes').minutes;
        const crosses = (month: string) =>
          CLOCK_CHANGES.some(
            (c) => c.slice(5, 7) === month && Date.parse(s.start) < Date.parse(c) && Date.parse(c) <= Date.parse(end),
          );
        const worked = wallMinutes + (crosses('10') ? 60 : 0) - (crosses('03') ? 60 : 0);

        expect(payOf(s).paidMinutes).toBe(Math.max(0, worked - s.breakMinutes));
      }),
    );
  });

  it('pays a whole number of pence, the exact amount rounded half up', () => {
    fc.assert(
      fc.property(shiftArb, (s) => {
        const pay = payOf(s);
        expect(Number.isInteger(pay.grossPence)).toBe(true);
        const perMille = pay.bankHoliday ? BigInt(Math.round(s.bankHolidayUplift * 1000)) : 1000n;
        const exact = BigInt(pay.paidMinutes) * BigInt(s.hourlyRatePence) * perMille; // in 1/60000 pence
        const twiceError = 2n * (BigInt(pay.grossPence) * 60_000n - exact);
        // gross - 1/2 <= exact < gross + 1/2
        expect(twiceError > -60_000n && twiceError <= 60_000n).toBe(true);
      }),
    );
  });

  it('never pays less for a higher rate or a longer shift', () => {
    fc.assert(
      fc.property(
        shiftArb,
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 4 * HOUR }),
        (s, more, longer) => {
          const base = payOf(s).grossPence;
          expect(payOf({ ...s, hourlyRatePence: s.hourlyRatePence + more }).grossPence).toBeGreaterThanOrEqual(base);
          expect(payOf({ ...s, minutes: s.minutes + longer }).grossPence).toBeGreaterThanOrEqual(base);
        },
      ),
    );
  });

  it('uplifts exactly when the shift starts on a bank holiday in London', () => {
    fc.assert(
      fc.property(shiftArb, (s) => {
        const pay = payOf(s);
        const unuplifted = payOf({ ...s, bankHolidayUplift: 1 });
        const startsOnBankHoliday = BANK_HOLIDAYS.has(londonDateOf(s.start));

        expect(pay.bankHoliday).toBe(startsOnBankHoliday);
        if (!startsOnBankHoliday) expect(pay.grossPence).toBe(unuplifted.grossPence);
        else if (s.bankHolidayUplift > 1 && pay.paidMinutes * s.hourlyRatePence >= 60 * 20) {
          // at least 20p before uplift: a 10% uplift is at least 2p, beyond any rounding
          expect(pay.grossPence).toBeGreaterThan(unuplifted.grossPence);
        }
      }),
    );
  });
});
