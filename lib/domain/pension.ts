import { addDays } from './time';
import type { Clinician, Invoice, Timesheet } from './types';

/**
 * Work that ended more than 10 weeks before its forms reach PCSE cannot be
 * pensioned (DOMAIN.md). A session's deadline is the London calendar date 70
 * days after the session's own date: the last day its forms may arrive.
 */
export const PENSION_DEADLINE_DAYS = 70;

/** `GET /pension/at-risk` lists sessions from this many days before their deadline up to the deadline itself. */
export const AT_RISK_DAYS = 21;

/**
 * When each side is reminded, in days after the session: the practice at 4
 * and 6 weeks (while its Form A is unsigned or its invoice unpaid), the locum
 * at 8.
 */
export const PRACTICE_REMINDER_DAYS = [28, 42] as const;
export const LOCUM_REMINDER_DAYS = [56] as const;

export type PensionMissing = 'form-a' | 'payment';

export function pensionDeadline(sessionDate: string): string {
  return addDays(sessionDate, PENSION_DEADLINE_DAYS);
}

/** Whole days from `from` to `to`, both London calendar dates. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** What a session still lacks to be pensioned: a signed Form A, the practice's payment, or both (no invoice yet). */
export function missingFor(invoice: { status: string; formASignedAt?: string } | undefined): PensionMissing[] {
  if (!invoice) return ['form-a', 'payment'];
  const missing: PensionMissing[] = [];
  if (!invoice.formASignedAt) missing.push('form-a');
  if (invoice.status !== 'paid') missing.push('payment');
  return missing;
}

/** Whether a session whose deadline is `deadline` is at risk on `today`: within AT_RISK_DAYS of it, not yet past. */
export function isAtRisk(deadline: string, today: string): boolean {
  const left = daysBetween(today, deadline);
  return left >= 0 && left <= AT_RISK_DAYS;
}

/**
 * The latest reminder threshold (days after the session) a session has
 * reached on `today`, of those given, while its deadline has not passed;
 * undefined before the first. A watchdog that missed a day sends only the
 * latest, not each one it slept through.
 */
export function reachedThreshold(
  sessionDate: string,
  today: string,
  thresholds: readonly number[],
): number | undefined {
  const age = daysBetween(sessionDate, today);
  if (age > PENSION_DEADLINE_DAYS) return undefined;
  let reached: number | undefined;
  for (const t of thresholds) if (age >= t) reached = t;
  return reached;
}

/** A pensionable session and how it stands against its 10-week deadline. */
export interface PensionSession {
  timesheet: Timesheet;
  clinician: Clinician;
  /** The session's London date. */
  date: string;
  deadline: string;
  invoice?: Invoice;
  missing: PensionMissing[];
}
