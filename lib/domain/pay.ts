import { isBankHoliday } from './bank-holidays';
import { londonDate, minutesBetween } from './time';
import { DEFAULT_LATE_CANCELLATION_FEE_HOURS, type Employment, type LineType } from './types';

/** Multiplier on gross pay for a shift starting on a bank holiday, unless the organisation sets its own. */
export { DEFAULT_BANK_HOLIDAY_UPLIFT, DEFAULT_LATE_CANCELLATION_FEE_HOURS } from './types';

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
 * THE rounding rule of pay, and the only place money is rounded: an exact
 * integer ratio `numerator / denominator` (both non-negative, computed
 * without floats) to the nearest penny, half a penny up. Every figure below
 * (gross pay, holiday pay, pensionable pay, the employer's contribution) is
 * one such ratio of integers rounded once, so nothing is rounded twice.
 */
export function divideHalfUp(numerator: bigint, denominator: bigint): number {
  if (numerator < 0n || denominator <= 0n)
    throw new RangeError(`not a non-negative ratio: ${numerator}/${denominator}`);
  // Half up for non-negative values: floor((2n + d) / 2d).
  return Number((2n * numerator + denominator) / (2n * denominator));
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
 * lose precision) and rounded once by `divideHalfUp`. Nothing is
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
  const grossPence = divideHalfUp(numerator, 60n * 1000n);

  return { paidMinutes, bankHoliday, grossPence };
}

/** What a shift pays as posted (booked times less the break, at its rate, uplifted on a bank holiday): shown before and after booking. */
export function shiftPayPence(
  shift: { start: string; end: string; breakMinutes: number; hourlyRatePence: number },
  bankHolidayUplift: number,
): number {
  return computePay({ ...shift, bankHolidayUplift }).grossPence;
}

// ---------------------------------------------------------------- every kind of worker (DOMAIN.md "Pay", "Locum GPs' pay and pensions")

/** Rolled-up holiday pay for irregular-hours workers: 12.07% of gross pay, in basis points. */
export const HOLIDAY_PAY_BASIS_POINTS = 1207;
/** A locum GP's pensionable pay is 90% of the fee (the other 10% counts as expenses). */
export const PENSIONABLE_PERCENT = 90;
/** The practice's employer contribution: 14.38% (14.3% plus the 0.08% levy) of pensionable pay, in basis points. */
export const EMPLOYER_PENSION_BASIS_POINTS = 1438;

function pence(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`not a non-negative amount in pence (${name}): ${value}`);
  return BigInt(value);
}

/** 12.07% of gross pay, to the penny, half up: round_half_up(gross x 1207 / 10000). */
export function holidayPayPence(grossPence: number): number {
  return divideHalfUp(pence('gross', grossPence) * BigInt(HOLIDAY_PAY_BASIS_POINTS), 10_000n);
}

/** 90% of a fee, to the penny, half up: never more than the fee. */
export function pensionableOf(feePence: number): number {
  return divideHalfUp(pence('fee', feePence) * BigInt(PENSIONABLE_PERCENT), 100n);
}

/** 14.38% of pensionable pay, to the penny, half up. */
export function employerPensionPence(pensionablePence: number): number {
  return divideHalfUp(pence('pensionable', pensionablePence) * BigInt(EMPLOYER_PENSION_BASIS_POINTS), 10_000n);
}

export interface CancellationFeeInput {
  /** The cancelled shift's booked start, a UTC instant: its London date decides the bank holiday, as for a worked shift. */
  shiftStart: string;
  hourlyRatePence: number;
  /** `lateCancellationFeeHours`; DEFAULT_LATE_CANCELLATION_FEE_HOURS when absent. Whole minutes' worth. */
  feeHours?: number;
  bankHolidayUplift: number;
}

/**
 * The fee a late cancellation owes the booked clinician: `feeHours` at the
 * shift's rate, paid as a line of its own (`lineType: "cancellation-fee"`).
 * It is priced exactly as that many hours worked from the booked start
 * would be (`computePay`: real elapsed time, so a clock change inside them
 * changes nothing, and the bank-holiday uplift by the booked start's London date).
 */
export function cancellationFee(input: CancellationFeeInput): Pay {
  const hours = input.feeHours ?? DEFAULT_LATE_CANCELLATION_FEE_HOURS;
  // To the nearest whole minute: 4.1 hours is 246 minutes, though 4.1 * 60 is 245.99999999999997.
  const minutes = Math.round(hours * 60);
  if (!Number.isFinite(hours) || minutes < 0 || minutes > 24 * 60) {
    throw new RangeError(`not a fee of at most a day: ${hours} hours`);
  }
  const startMs = Date.parse(input.shiftStart);
  if (!Number.isFinite(startMs)) throw new RangeError(`not an instant: ${input.shiftStart}`);
  return computePay({
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + minutes * 60_000).toISOString(),
    breakMinutes: 0,
    hourlyRatePence: input.hourlyRatePence,
    bankHolidayUplift: input.bankHolidayUplift,
  });
}

/** Whom a line pays, as far as pay cares. */
export interface Worker {
  employment: Employment;
  pension?: { member: boolean; schemeRef?: string };
}

/** One timesheet's money as a line: its fee (gross pay for the hours, or the cancellation fee) and what it carries beside. */
export interface PayLineInput {
  lineType?: LineType;
  grossPence: number;
  mileagePence?: number;
  expenses?: readonly { amountPence: number }[];
}

export interface LinePay {
  lineType: LineType;
  /** Gross pay for the hours, or the cancellation fee. */
  feePence: number;
  /** Rolled-up holiday pay: bank workers only (the self-employed price their own holiday into the fee). */
  holidayPayPence: number;
  mileagePence: number;
  expensesPence: number;
  /** Everything the line pays. */
  totalPence: number;
}

/** Does this worker pension their fees with the NHS scheme as a locum? Only a self-employed member can. */
export function pensionsFees(worker: Worker): boolean {
  return worker.employment === 'self-employed' && worker.pension?.member === true;
}

/** What one line pays a worker of this kind. */
export function linePay(line: PayLineInput, worker: Worker): LinePay {
  const feePence = Number(pence('gross', line.grossPence));
  const mileagePence = Number(pence('mileage', line.mileagePence ?? 0));
  let expensesPence = 0;
  for (const e of line.expenses ?? []) expensesPence += Number(pence('expense', e.amountPence));
  const holiday = worker.employment === 'bank' ? holidayPayPence(feePence) : 0;
  return {
    lineType: line.lineType ?? 'shift',
    feePence,
    holidayPayPence: holiday,
    mileagePence,
    expensesPence,
    totalPence: feePence + holiday + mileagePence + expensesPence,
  };
}

export interface LinesPay {
  feePence: number;
  holidayPayPence: number;
  mileagePence: number;
  expensesPence: number;
  /** 90% of the fee lines for a self-employed pension member, else 0. */
  pensionablePence: number;
  /** 14.38% of `pensionablePence`, which the practice pays on top. */
  employerPensionPence: number;
  /** Every line's total and the employer contribution. */
  totalPence: number;
}

/**
 * A set of lines for one worker (an invoice, a pay run): the lines' sums,
 * and the pension figures taken once on the summed fee, so an invoice's
 * pensionable pay is exactly 90% of its fees, not a sum of rounded parts.
 * Mileage and expenses are never pensionable.
 */
export function linesPay(lines: readonly PayLineInput[], worker: Worker): LinesPay {
  const sum = { feePence: 0, holidayPayPence: 0, mileagePence: 0, expensesPence: 0, totalPence: 0 };
  for (const line of lines) {
    const pay = linePay(line, worker);
    sum.feePence += pay.feePence;
    sum.holidayPayPence += pay.holidayPayPence;
    sum.mileagePence += pay.mileagePence;
    sum.expensesPence += pay.expensesPence;
    sum.totalPence += pay.totalPence;
  }
  const pensionablePence = pensionsFees(worker) ? pensionableOf(sum.feePence) : 0;
  const employer = employerPensionPence(pensionablePence);
  return { ...sum, pensionablePence, employerPensionPence: employer, totalPence: sum.totalPence + employer };
}
