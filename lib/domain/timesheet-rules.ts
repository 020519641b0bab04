import { type CancellationFeeInput, cancellationFee, computePay } from './pay';
import { minutesBetween } from './time';
import type { Employment, Timesheet } from './types';

/** Times worked, or booked: UTC instants and the unpaid break. */
export interface Times {
  start: string;
  end: string;
  breakMinutes: number;
}

export interface Issue {
  path: string;
  message: string;
}

/** A late start is a clinician's to claim; hours either side of that are a different shift. */
export const MAX_CLAIM_START_DRIFT_MINUTES = 2 * 60;
/** Overrunning clinics happen; a claim longer than this over the booking is not an overrun. */
export const MAX_CLAIM_EXTRA_MINUTES = 4 * 60;
/** An approver may amend further than a claim, but not past what is still one shift. */
const MAX_AMENDED_START_DRIFT_MINUTES = 12 * 60;
const MAX_WORKED_MINUTES = 24 * 60;

/** HMRC's approved mileage rate for the first 10,000 miles (DOMAIN.md). */
export const MILEAGE_PENCE_PER_MILE = 45;
/** Without an organisation setting, times this close to the booking are approved on trust. */
export const DEFAULT_AUTO_APPROVE_MINUTES = 15;
/** How long a submitted timesheet waits for its practice before it is approved on trust. */
export const AUTO_APPROVE_AFTER_MS = 72 * 3_600_000;

function shapeIssues(t: Times): Issue[] {
  const worked = minutesBetween(t.start, t.end);
  if (!(worked > 0)) return [{ path: 'body.end', message: 'must be after start' }];
  if (worked > MAX_WORKED_MINUTES) return [{ path: 'body.end', message: 'a shift lasts at most 24 hours' }];
  if (t.breakMinutes >= worked) return [{ path: 'body.breakMinutes', message: 'must be shorter than the shift' }];
  return [];
}

/**
 * What a clinician may claim against a booking: a start within 2 hours of the
 * booked start, at most 4 hours longer than booked, and an end that has
 * already happened by `now`.
 */
export function claimIssues(booked: Times, claim: Times, now: Date): Issue[] {
  const issues = shapeIssues(claim);
  if (Math.abs(minutesBetween(booked.start, claim.start)) > MAX_CLAIM_START_DRIFT_MINUTES) {
    issues.push({ path: 'body.start', message: 'must be within 2 hours of the booked start' });
  }
  if (!issues.some((i) => i.path === 'body.end')) {
    const extra = minutesBetween(claim.start, claim.end) - minutesBetween(booked.start, booked.end);
    if (extra > MAX_CLAIM_EXTRA_MINUTES) {
      issues.push({ path: 'body.end', message: 'a claim lasts at most 4 hours longer than the booking' });
    } else if (Date.parse(claim.end) > now.getTime()) {
      issues.push({ path: 'body.end', message: 'must not be in the future' });
    }
  }
  return issues;
}

/** An approver's amendment: still one shift, near the booked one, but free of the claim's tighter bounds. */
export function amendmentIssues(booked: Times, amended: Times): Issue[] {
  const issues = shapeIssues(amended);
  if (Math.abs(minutesBetween(booked.start, amended.start)) > MAX_AMENDED_START_DRIFT_MINUTES) {
    issues.push({ path: 'body.start', message: 'must be within 12 hours of the booked start' });
  }
  return issues;
}

export interface Variance {
  /** Paid minutes now less the booking's. */
  minutes: number;
  /** Pay for the time now less the booking's, at the same rate and the same bank-holiday rule. */
  pence: number;
}

export function variance(booked: Times, current: Times, hourlyRatePence: number, bankHolidayUplift: number): Variance {
  const pay = (t: Times) => computePay({ ...t, hourlyRatePence, bankHolidayUplift, bookedStart: booked.start });
  const was = pay(booked);
  const now = pay(current);
  return { minutes: now.paidMinutes - was.paidMinutes, pence: now.grossPence - was.grossPence };
}

/**
 * Trust: both ends within `toleranceMinutes` of the booking and at least the
 * booked break, so the claim pays no more than a few minutes over the booking.
 */
export function withinTolerance(booked: Times, claim: Times, toleranceMinutes: number): boolean {
  return (
    Math.abs(minutesBetween(booked.start, claim.start)) <= toleranceMinutes &&
    Math.abs(minutesBetween(booked.end, claim.end)) <= toleranceMinutes &&
    claim.breakMinutes >= booked.breakMinutes
  );
}

/**
 * Approval on trust (72 hours after submission): within tolerance of the
 * booking, and nothing claimed beyond the hours. Mileage and expenses are
 * the clinician's word alone (up to 2,000 miles and twenty £1,000 items), so
 * a person approves those.
 */
export function approvableOnTrust(
  booked: Times,
  claim: Times & { mileageMiles?: number; expenses?: readonly unknown[] },
  toleranceMinutes: number,
): boolean {
  return !claim.mileageMiles && !claim.expenses?.length && withinTolerance(booked, claim, toleranceMinutes);
}

/** Miles to pence at 45p, counted in tenths of a mile so no float reaches the money; half a penny rounds up. */
export function mileagePence(miles: number): number {
  const tenths = Math.round(miles * 10);
  return Math.floor((tenths * MILEAGE_PENCE_PER_MILE + 5) / 10);
}

export interface Expense {
  description: string;
  amountPence: number;
}

/** What a timesheet pays beyond its hours: mileage and expenses, approved with it. */
export function extrasPence(t: { mileageMiles?: number; expenses?: readonly Expense[] }): number {
  return mileagePence(t.mileageMiles ?? 0) + (t.expenses ?? []).reduce((sum, e) => sum + e.amountPence, 0);
}

/**
 * The id of the fee a late cancellation of `bookingId` owes: one booking, one
 * fee, so a second write of it (a retried cancellation) meets the first under
 * its `attribute_not_exists` condition and cannot pay twice.
 */
export const cancellationFeeTimesheetId = (bookingId: string) => `fee-${bookingId}`;

export interface CancellationFeeTimesheetInput extends CancellationFeeInput {
  orgId: string;
  bookingId: string;
  shiftId: string;
  clinicianId: string;
  practiceId: string;
  /** The booked clinician's employment: a bank worker's fee goes to payroll, anyone else's on their invoice. */
  employment: Employment;
  /** When the shift was cancelled, and by whom: the fee is owed (approved) from then. */
  at: string;
  by: string;
}

/**
 * The timesheet a late cancellation pays the booked clinician: a line of
 * its own (`lineType: "cancellation-fee"`), `feeHours` at the shift's rate
 * from the booked start (priced by `cancellationFee`), already approved, so
 * the next payroll export (bank workers) or invoice run (the rest) pays it
 * once like any other line. No mileage or expenses: nobody travelled.
 */
export function cancellationFeeTimesheet(input: CancellationFeeTimesheetInput): Timesheet {
  const pay = cancellationFee(input);
  const start = new Date(Date.parse(input.shiftStart)).toISOString();
  const end = new Date(Date.parse(start) + pay.paidMinutes * 60_000).toISOString();
  const times = { start, end, breakMinutes: 0 };
  return {
    orgId: input.orgId,
    id: cancellationFeeTimesheetId(input.bookingId),
    bookingId: input.bookingId,
    shiftId: input.shiftId,
    clinicianId: input.clinicianId,
    practiceId: input.practiceId,
    shiftStart: start,
    ...times,
    booked: times,
    paidMinutes: pay.paidMinutes,
    hourlyRatePence: input.hourlyRatePence,
    bankHoliday: pay.bankHoliday,
    grossPence: pay.grossPence,
    variance: { minutes: 0, pence: 0 },
    totalPence: pay.grossPence,
    employment: input.employment,
    lineType: 'cancellation-fee',
    status: 'approved',
    submittedAt: input.at,
    decidedAt: input.at,
    decidedBy: input.by,
    revision: 0,
  };
}
