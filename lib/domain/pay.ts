import { isBankHoliday } from './bank-holidays';
import { londonDate, minutesBetween } from './time';

/** Multiplier on gross pay for a shift starting on a bank holiday, unless the organisation sets its own. */
export { DEFAULT_BANK_HOLIDAY_UPLIFT } from './types';

export interface PayInput {
  /** UTC instant. */
  start: string;
  /** UTC instant. */
  end: string;
  breakMinutes: number;
  hourlyRatePence: number;
  /** Multiplier such as 1.5; applied only when the shift starts on a bank holiday. */
  bankHolidayUplift: number;
  /**
   * The booked start of the shift, when the times paid are a claim: its London
   * date alone decides the bank holiday, so moving a claim past midnight into
   * Christmas Day cannot earn the uplift. Defaults to `start`.
   */
  bookedStart?: string;
}

export interface Pay {
  paidMinutes: number;
  /** The shift starts on an England and Wales bank holiday (London date of the booked start). */
  bankHoliday: boolean;
  grossPence: number;
}

/**
 * An uplift as an exact integer number of thousandths (1.5 -> 1500), so that
 * gross pay is computed without binary floating point: 1.1 * 1000 is
 * 1100.0000000000002 in floats, hence the rounding here. An uplift with more
 * than three decimals is taken to the nearest thousandth.
 */
export function upliftPerMille(uplift: number): number {
  if (!Number.isFinite(uplift) || uplift < 0) throw new RangeError(`not a bank holiday uplift: ${uplift}`);
  return Math.round(uplift * 1000);
}

/**
 * Pay for one worked shift.
 *
 * Paid time is real elapsed time (UTC arithmetic), so a night across the
 * October clock change pays an hour more, and across March an hour less, than
 * the wall clock suggests: that is the time actually worked. The break is
 * taken off; paid time never goes below zero.
 *
 * Rounding rule, the only one in pay: gross pay is
 *   paidMinutes x hourlyRatePence x uplift / 60
 * computed exactly in integers (uplift in thousandths, BigInt so no product can
 * lose precision) and rounded once, half up, to the nearest penny. Nothing is
 * rounded before that final step, so a long shift cannot accumulate error.
 */
export function computePay(input: PayInput): Pay {
  const { start, end, breakMinutes, hourlyRatePence, bankHolidayUplift } = input;
  if (!Number.isFinite(Date.parse(start)) || !Number.isFinite(Date.parse(end))) {
    throw new RangeError(`not an instant: ${Number.isFinite(Date.parse(start)) ? end : start}`);
  }
  if (!Number.isSafeInteger(breakMinutes) || breakMinutes < 0) {
    throw new RangeError(`not a break in whole minutes: ${breakMinutes}`);
  }
  if (!Number.isSafeInteger(hourlyRatePence) || hourlyRatePence < 0) {
    throw new RangeError(`not an hourly rate in whole pence: ${hourlyRatePence}`);
  }
  const perMille = upliftPerMille(bankHolidayUplift);

  const paidMinutes = Math.max(0, minutesBetween(start, end) - breakMinutes);
  const bankHoliday = isBankHoliday(londonDate(input.bookedStart ?? start));

  const numerator = BigInt(paidMinutes) * BigInt(hourlyRatePence) * BigInt(bankHoliday ? perMille : 1000);
  const denominator = 60n * 1000n;
  // Half up for non-negative values: floor((2n + d) / 2d).
  const grossPence = Number((2n * numerator + denominator) / (2n * denominator));

  return { paidMinutes, bankHoliday, grossPence };
}
