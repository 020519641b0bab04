import * as z from 'zod/mini';
import '../schemas/english';

/** Work that falls due later: the next wave of offers, the day-before reminder, approval on trust. */
export const JobSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('wave'),
    orgId: z.string(),
    shiftId: z.string(),
    wave: z.number().check(z.int(), z.gte(1)),
  }),
  z.object({ kind: z.literal('reminder'), orgId: z.string(), bookingId: z.string() }),
  // The revision a submission made: a resubmission schedules its own, and an older one finds nothing to do.
  z.object({
    kind: z.literal('timesheet-auto-approve'),
    orgId: z.string(),
    timesheetId: z.string(),
    revision: z.number().check(z.int(), z.gte(0)),
  }),
  /** The next wave of a bulk post's shifts, together, so each clinician is told of theirs in one summary. */
  z.object({
    kind: z.literal('bulk-wave'),
    orgId: z.string(),
    practiceId: z.string(),
    shiftIds: z.array(z.string()).check(z.minLength(1), z.maxLength(200)),
    wave: z.number().check(z.int(), z.gte(1)),
  }),
  /**
   * An organisation's monthly invoices: `month` (YYYY-MM) when asked for one,
   * else the London month before the run (the recurring schedule on the 1st).
   */
  z.object({
    kind: z.literal('invoice-run'),
    orgId: z.string(),
    month: z.optional(z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/))),
  }),
  /**
   * The daily compliance reminders of an organisation. `on` (a London date)
   * is set by the local runtime, whose run schedules the next day's; the
   * recurring AWS schedule leaves it out.
   */
  z.object({
    kind: z.literal('compliance-reminders'),
    orgId: z.string(),
    on: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/))),
  }),
  /** The daily 10-week pension watchdog of an organisation: reminders of unsigned Form As and unpaid invoices. */
  z.object({ kind: z.literal('pension-watchdog'), orgId: z.string() }),
]);
export type Job = z.infer<typeof JobSchema>;

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
