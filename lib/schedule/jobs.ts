import { isObject, issuesOf, matching, optional, type Rule, text, texts, wholeNumber } from '../domain/checks';
import { MAX_BULK_SHIFTS } from '../domain/rota';

/** Work that falls due later: the next wave of offers, the day-before reminder, approval on trust. */
export type Job =
  | { kind: 'wave'; orgId: string; shiftId: string; wave: number }
  | { kind: 'reminder'; orgId: string; bookingId: string }
  /** The revision a submission made: a resubmission schedules its own, and an older one finds nothing to do. */
  | { kind: 'timesheet-auto-approve'; orgId: string; timesheetId: string; revision: number }
  /** The next wave of a bulk post's shifts, together, so each clinician is told of theirs in one summary. */
  | { kind: 'bulk-wave'; orgId: string; practiceId: string; shiftIds: string[]; wave: number }
  /**
   * An organisation's monthly invoices: `month` (YYYY-MM) when asked for one,
   * else the London month before the run (the recurring schedule on the 1st).
   */
  | { kind: 'invoice-run'; orgId: string; month?: string }
  /**
   * The daily compliance reminders of an organisation. `on` (a London date)
   * is set by the local runtime, whose run schedules the next day's; the
   * recurring AWS schedule leaves it out.
   */
  | { kind: 'compliance-reminders'; orgId: string; on?: string }
  /** The daily 10-week pension watchdog of an organisation: reminders of unsigned Form As and unpaid invoices. */
  | { kind: 'pension-watchdog'; orgId: string };

/** Each kind's fields besides `kind`, and what each must be. */
export const JOB_FIELDS: { readonly [K in Job['kind']]: Readonly<Record<string, Rule>> } = {
  wave: { orgId: text, shiftId: text, wave: wholeNumber(1) },
  reminder: { orgId: text, bookingId: text },
  'timesheet-auto-approve': { orgId: text, timesheetId: text, revision: wholeNumber(0) },
  // A bulk wave names at most a bulk post's shifts.
  'bulk-wave': { orgId: text, practiceId: text, shiftIds: texts(1, MAX_BULK_SHIFTS), wave: wholeNumber(1) },
  'invoice-run': { orgId: text, month: optional(matching(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM')) },
  'compliance-reminders': { orgId: text, on: optional(matching(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')) },
  'pension-watchdog': { orgId: text },
};

/**
 * A job as a schedule delivers it (its Input, parsed from JSON), checked:
 * the job with only its own fields, or what is wrong with it. By hand rather
 * than with zod: on-schedule needs zod for nothing else, and it is 25 KB of
 * that function's bundle (issue 17.6). test/unit/jobs.test.ts holds this to
 * the zod schema it replaced, over generated jobs.
 */
export function parseJob(input: unknown): { job: Job } | { issues: string[] } {
  if (!isObject(input)) return { issues: ['expected an object'] };
  const kind = input.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(JOB_FIELDS, kind)) return { issues: ['kind: not a kind of job'] };
  const fields = JOB_FIELDS[kind as Job['kind']];
  const issues = issuesOf(input, fields);
  if (issues.length) return { issues };
  // Only the kind's own fields, each as given (a list copied).
  const job: Record<string, unknown> = { kind };
  for (const name of Object.keys(fields)) {
    const value = input[name];
    if (value !== undefined) job[name] = Array.isArray(value) ? [...value] : value;
  }
  return { job: job as Job };
}

/** A schedule's name says what it is for, so creating it twice is harmless and cancelling needs no lookup. */
export function jobName(job: Job): string {
  switch (job.kind) {
    case 'wave':
      return `wave-${job.orgId}-${job.shiftId}-${job.wave}`;
    case 'reminder':
      return `reminder-${job.orgId}-${job.bookingId}`;
    case 'timesheet-auto-approve':
      return `tsa-${job.orgId}-${job.timesheetId}-${job.revision}`;
    case 'bulk-wave':
      return `bulk-wave-${job.orgId}-${job.shiftIds[0]}-${job.wave}`;
    case 'invoice-run':
      return `invoice-run-${job.orgId}-${job.month ?? 'last-month'}`;
    case 'compliance-reminders':
      return `compliance-${job.orgId}-${job.on ?? 'daily'}`;
    case 'pension-watchdog':
      return `pension-watchdog-${job.orgId}`;
  }
}

/** EventBridge Scheduler in AWS, the local schedule pump locally. Both deliver the job to `functions/on-schedule.ts`. */
export interface Scheduler {
  /** Idempotent by job name. */
  schedule(at: Date, job: Job): Promise<void>;
  /** Cancelling a schedule that is not there is not an error. */
  cancel(job: Job): Promise<void>;
}
