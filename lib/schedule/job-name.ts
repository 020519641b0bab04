import type { Job } from './jobs';

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
