import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cancellationFee,
  computePay,
  DEFAULT_LATE_CANCELLATION_FEE_HOURS,
  divideHalfUp,
  EMPLOYER_PENSION_BASIS_POINTS,
  employerPensionPence,
  HOLIDAY_PAY_BASIS_POINTS,
  holidayPayPence,
  linePay,
  linesPay,
  pensionableOf,
  type Worker,
} from '../../lib/domain/pay';
import { cancellationFeeTimesheet, mileagePence } from '../../lib/domain/timesheet-rules';
import type { Employment } from '../../lib/domain/types';

// An oracle independent of the module: half up on exact rationals, written with Number where exact.
const halfUp = (n: bigint, d: bigint) => {
  const q = n / d;
  return Number(2n * (n - q * d) >= d ? q + 1n : q);
};

const amount = fc.integer({ min: 0, max: 100_000_000 });
const employment = fc.constantFrom<Employment>('bank', 'self-employed', 'limited-company');
const worker = fc.record({
  employment,
  pension: fc.option(fc.record({ member: fc.boolean(), schemeRef: fc.constant('SD123456') }), { nil: undefined }),
}) as fc.Arbitrary<Worker>;
const line = fc.record({
  lineType: fc.constantFrom('shift' as const, 'cancellation-fee' as const),
  grossPence: amount,
  mileagePence: fc.option(fc.integer({ min: 0, max: 500_000 }), { nil: undefined }),
  expenses: fc.option(fc.array(fc.record({ amountPence: fc.integer({ min: 0, max: 100_000 }) }), { maxLength: 5 }), {
    nil: undefined,
  }),
});

describe('the one rounding rule', () => {
  it('rounds an exact ratio to the nearest penny, half up', () => {
    expect(divideHalfUp(5n, 10n)).toBe(1);
    expect(divideHalfUp(4n, 10n)).toBe(0);
    expect(divideHalfUp(15n, 10n)).toBe(2);
    expect(divideHalfUp(0n, 7n)).toBe(0);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 6n }), (n, d) => {
        expect(divideHalfUp(n, d)).toBe(halfUp(n, d));
      }),
    );
  });
  it('refuses a negative ratio rather than round it', () => {
    expect(() => divideHalfUp(-1n, 10n)).toThrow(RangeError);
    expect(() => divideHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('holiday pay (12.07% rolled up)', () => {
  it('is round_half_up(gross x 1207 / 10000) exactly, never negative, never more than gross', () => {
    expect(HOLIDAY_PAY_BASIS_POINTS).toBe(1207);
    fc.assert(
      fc.property(amount, (gross) => {
        const h = holidayPayPence(gross);
        expect(h).toBe(halfUp(BigInt(gross) * 1207n, 10_000n));
        expect(Number.isSafeInteger(h)).toBe(true);
        expect(h).toBeGreaterThanOrEqual(0);
        expect(h).toBeLessThanOrEqual(gross);
      }),
    );
  });
  it('rounds half a penny up and less than half down', () => {
    // 10000 x 12.07% = 1207 exactly; 5000 -> 603.5 -> 604; 1 -> 0.1207 -> 0; 4 -> 0.4828 -> 0; 5 -> 0.6035 -> 1.
    expect(holidayPayPence(10_000)).toBe(1207);
    expect(holidayPayPence(5_000)).toBe(604);
    expect(holidayPayPence(1)).toBe(0);
    expect(holidayPayPence(4)).toBe(0);
    expect(holidayPayPence(5)).toBe(1);
    // A 4h10m GP session at £95/h: 39583 gross -> 4777.6681 -> 4778.
    expect(holidayPayPence(39_583)).toBe(4778);
  });
  it('refuses amounts that are not whole non-negative pence', () => {
    expect(() => holidayPayPence(-1)).toThrow(RangeError);
    expect(() => holidayPayPence(1.5)).toThrow(RangeError);
  });
});

describe('pension (90% pensionable, 14.38% employer)', () => {
  it('pensionable pay is round_half_up(fee x 90 / 100), at most the fee, never negative', () => {
    fc.assert(
      fc.property(amount, (fee) => {
        const p = pensionableOf(fee);
        expect(p).toBe(halfUp(BigInt(fee) * 90n, 100n));
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(fee);
      }),
    );
    expect(pensionableOf(39_583)).toBe(35_625); // 35624.7
    expect(pensionableOf(5)).toBe(5); // 4.5 -> 5, half up
  });
  it('the employer contribution is round_half_up(pensionable x 1438 / 10000)', () => {
    expect(EMPLOYER_PENSION_BASIS_POINTS).toBe(1438);
    fc.assert(
      fc.property(amount, (pensionable) => {
        const e = employerPensionPence(pensionable);
        expect(e).toBe(halfUp(BigInt(pensionable) * 1438n, 10_000n));
        expect(e).toBeGreaterThanOrEqual(0);
      }),
    );
    expect(employerPensionPence(35_625)).toBe(5123); // 5122.875
  });
});

describe('a line of pay for every kind of worker', () => {
  it('pays a bank worker rolled-up holiday on the fee, and the self-employed none', () => {
    const l = { grossPence: 10_000, mileagePence: 450, expenses: [{ amountPence: 1_250 }, { amountPence: 99 }] };
    expect(linePay(l, { employment: 'bank' })).toEqual({
      lineType: 'shift',
      feePence: 10_000,
      holidayPayPence: 1_207,
      mileagePence: 450,
      expensesPence: 1_349,
      totalPence: 13_006,
    });
    expect(linePay(l, { employment: 'self-employed' }).holidayPayPence).toBe(0);
    expect(linePay(l, { employment: 'limited-company' }).totalPence).toBe(11_799);
  });
  it('never pays holiday on mileage or expenses, and every part is a non-negative integer summing to the total', () => {
    fc.assert(
      fc.property(line, worker, (l, w) => {
        const pay = linePay(l, w);
        expect(pay.lineType).toBe(l.lineType);
        expect(pay.feePence).toBe(l.grossPence);
        expect(pay.holidayPayPence).toBe(w.employment === 'bank' ? holidayPayPence(l.grossPence) : 0);
        expect(pay.mileagePence).toBe(l.mileagePence ?? 0);
        expect(pay.expensesPence).toBe((l.expenses ?? []).reduce((s, e) => s + e.amountPence, 0));
        for (const v of Object.values(pay)) if (typeof v === 'number') expect(v).toBeGreaterThanOrEqual(0);
        expect(pay.totalPence).toBe(pay.feePence + pay.holidayPayPence + pay.mileagePence + pay.expensesPence);
      }),
    );
  });
  it('sums lines, and takes pension once on the summed fees for a self-employed member only', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), worker, (lines, w) => {
        const sum = linesPay(lines, w);
        const each = lines.map((l) => linePay(l, w));
        const total = (k: 'feePence' | 'holidayPayPence' | 'mileagePence' | 'expensesPence' | 'totalPence') =>
          each.reduce((s, p) => s + p[k], 0);
        expect(sum.feePence).toBe(total('feePence'));
        expect(sum.holidayPayPence).toBe(total('holidayPayPence'));
        expect(sum.mileagePence).toBe(total('mileagePence'));
        expect(sum.expensesPence).toBe(total('expensesPence'));
        const member = w.employment === 'self-employed' && w.pension?.member === true;
        expect(sum.pensionablePence).toBe(member ? halfUp(BigInt(sum.feePence) * 90n, 100n) : 0);
        expect(sum.pensionablePence).toBeLessThanOrEqual(sum.feePence);
        expect(sum.employerPensionPence).toBe(halfUp(BigInt(sum.pensionablePence) * 1438n, 10_000n));
        expect(sum.totalPence).toBe(total('totalPence') + sum.employerPensionPence);
      }),
    );
  });
  it('gives a limited company and a non-member no pension, whatever their fees', () => {
    const lines = [{ grossPence: 39_583 }, { grossPence: 19_000, lineType: 'cancellation-fee' as const }];
    expect(linesPay(lines, { employment: 'self-employed', pension: { member: true, schemeRef: 'SD1' } })).toMatchObject(
      {
        feePence: 58_583,
        pensionablePence: 52_725, // 52724.7
        employerPensionPence: 7_582, // 7581.855
        totalPence: 58_583 + 7_582,
      },
    );
    for (const w of [
      { employment: 'limited-company', pension: { member: true } },
      { employment: 'self-employed', pension: { member: false } },
      { employment: 'self-employed' },
      { employment: 'bank', pension: { member: true } },
    ] as Worker[]) {
      expect(linesPay(lines, w)).toMatchObject({ pensionablePence: 0, employerPensionPence: 0 });
    }
  });
});

describe('mileage at 45p a mile', () => {
  it('is whole pence, never negative, and exactly 45p a whole mile', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (miles) => {
        expect(mileagePence(miles)).toBe(miles * 45);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (tenths) => {
        const p = mileagePence(tenths / 10);
        expect(p).toBe(halfUp(BigInt(tenths) * 45n, 10n));
      }),
    );
  });
});

describe('the late-cancellation fee', () => {
  it('is lateCancellationFeeHours (default 2) at the shift rate, as a cancellation-fee line', () => {
    expect(DEFAULT_LATE_CANCELLATION_FEE_HOURS).toBe(2);
    const fee = cancellationFee({ shiftStart: '2026-12-03T08:00:00Z', hourlyRatePence: 9_500, bankHolidayUplift: 1.5 });
    expect(fee).toEqual({ paidMinutes: 120, bankHoliday: false, grossPence: 19_000 });
    expect(
      cancellationFee({ shiftStart: '2026-12-03T08:00:00Z', hourlyRatePence: 9_500, feeHours: 4, bankHolidayUplift: 1 })
        .grossPence,
    ).toBe(38_000);
    expect(linePay({ lineType: 'cancellation-fee', grossPence: fee.grossPence }, { employment: 'bank' })).toMatchObject(
      { lineType: 'cancellation-fee', holidayPayPence: 2_293 },
    );
  });
  it('carries the bank-holiday uplift by the booked start London date, and real hours across a clock change', () => {
    // Christmas Day 2026 08:00 London.
    expect(
      cancellationFee({ shiftStart: '2026-12-25T08:00:00Z', hourlyRatePence: 9_500, bankHolidayUplift: 1.5 }),
    ).toEqual({ paidMinutes: 120, bankHoliday: true, grossPence: 28_500 });
    // 23:30 London on Saturday 24 Oct 2026 (22:30 UTC): the clocks go back inside the two hours; still two hours paid.
    const overChange = cancellationFee({
      shiftStart: '2026-10-24T22:30:00Z',
      hourlyRatePence: 6_000,
      bankHolidayUplift: 1.5,
    });
    expect(overChange).toEqual({ paidMinutes: 120, bankHoliday: false, grossPence: 12_000 });
    // Boxing Day substitute, 28 Dec 2026, starting 00:30 London (00:30 UTC in winter).
    expect(
      cancellationFee({ shiftStart: '2026-12-28T00:30:00Z', hourlyRatePence: 6_000, bankHolidayUplift: 2 }).bankHoliday,
    ).toBe(true);
  });
  it('prices the fee exactly as the same hours worked from the booked start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') }),
        fc.integer({ min: 0, max: 48 }),
        fc.integer({ min: 0, max: 30_000 }),
        fc.constantFrom(1, 1.25, 1.5, 2),
        (ms, quarterHours, rate, uplift) => {
          const shiftStart = new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
          const feeHours = quarterHours / 4;
          const fee = cancellationFee({ shiftStart, hourlyRatePence: rate, feeHours, bankHolidayUplift: uplift });
          const worked = computePay({
            start: shiftStart,
            end: new Date(Date.parse(shiftStart) + quarterHours * 15 * 60_000).toISOString(),
            breakMinutes: 0,
            hourlyRatePence: rate,
            bankHolidayUplift: uplift,
          });
          expect(fee).toEqual(worked);
          expect(fee.paidMinutes).toBe(quarterHours * 15);
          expect(fee.grossPence).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
  it('prices fee hours to the nearest whole minute, any an organisation may set, and refuses none but the impossible', () => {
    const base = { shiftStart: '2026-12-03T08:00:00Z', hourlyRatePence: 6_000, bankHolidayUplift: 1 };
    // 4.1 * 60 is 245.99999999999997 in floating point: still 246 minutes.
    expect(cancellationFee({ ...base, feeHours: 4.1 })).toMatchObject({ paidMinutes: 246, grossPence: 24_600 });
    expect(cancellationFee({ ...base, feeHours: 31 / 60 }).paidMinutes).toBe(31);
    expect(cancellationFee({ ...base, feeHours: 1 / 7 }).paidMinutes).toBe(9);
    for (let minutes = 0; minutes <= 24 * 60; minutes++) {
      expect(cancellationFee({ ...base, feeHours: minutes / 60 }).paidMinutes).toBe(minutes);
    }
    expect(() => cancellationFee({ ...base, feeHours: -1 })).toThrow(RangeError);
    expect(() => cancellationFee({ ...base, feeHours: 25 })).toThrow(RangeError);
    expect(() => cancellationFee({ ...base, feeHours: Number.NaN })).toThrow(RangeError);
    expect(() => cancellationFee({ ...base, shiftStart: 'soon' })).toThrow(RangeError);
  });
});

describe('the cancellation-fee timesheet', () => {
  const input = {
    orgId: 'org-1',
    bookingId: 'bk-1',
    shiftId: 'sh-1',
    clinicianId: 'cl-1',
    practiceId: 'pr-1',
    employment: 'bank' as const,
    shiftStart: '2026-12-03T08:00:00.000Z',
    hourlyRatePence: 9_500,
    bankHolidayUplift: 1.5,
    at: '2026-12-02T17:00:00.000Z',
    by: 'usr-manager',
  };
  it('is an approved cancellation-fee line of feeHours from the booked start, one id per booking', () => {
    expect(cancellationFeeTimesheet(input)).toMatchObject({
      id: 'fee-bk-1',
      lineType: 'cancellation-fee',
      status: 'approved',
      employment: 'bank',
      start: '2026-12-03T08:00:00.000Z',
      end: '2026-12-03T10:00:00.000Z',
      shiftStart: '2026-12-03T08:00:00.000Z',
      breakMinutes: 0,
      paidMinutes: 120,
      grossPence: 19_000,
      totalPence: 19_000,
      bankHoliday: false,
      decidedAt: input.at,
      decidedBy: 'usr-manager',
    });
    expect(cancellationFeeTimesheet({ ...input, feeHours: 3 }).id).toBe(cancellationFeeTimesheet(input).id);
    expect(cancellationFeeTimesheet({ ...input, feeHours: 3, employment: 'self-employed' })).toMatchObject({
      grossPence: 28_500,
      employment: 'self-employed',
    });
  });
});
