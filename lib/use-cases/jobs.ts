import type { Deps } from '../deps';
import type { Job } from '../schedule/jobs';
import { sendReminder } from './bookings';
import { runComplianceReminders, scheduleComplianceReminders } from './compliance';
import { previousMonth, runInvoices } from './invoices';
import { type OfferingDeps, runWave } from './offers';
import { runPensionWatchdog } from './pension';
import { runBulkWave } from './rota';
import { autoApproveTimesheet } from './timesheets';

/** What every kind of scheduled job needs between them. */
export type JobDeps = OfferingDeps &
  Pick<Deps, 'db' | 'table' | 'outbox' | 'timesheets' | 'invoices' | 'pension' | 'scheduler'>;

/** Scheduled work, whichever scheduler delivered it. */
export async function runJob(job: Job, deps: JobDeps): Promise<void> {
  switch (job.kind) {
    case 'wave':
      await runWave(job.orgId, job.shiftId, job.wave, deps);
      return;
    case 'reminder':
      await sendReminder(job.orgId, job.bookingId, deps);
      return;
    case 'timesheet-auto-approve':
      await autoApproveTimesheet(job.orgId, job.timesheetId, job.revision, deps);
      return;
    case 'bulk-wave':
      await runBulkWave(job, deps);
      return;
    case 'invoice-run':
      await runInvoices(job.orgId, job.month ?? previousMonth(deps.clock.now().toISOString()), deps);
      return;
    case 'compliance-reminders':
      await runComplianceReminders(job.orgId, deps);
      // The local runtime's day-by-day chain: the next run at the next 07:00 London after now (not after `on`,
      // so a clock moved weeks ahead runs once, not once per day skipped).
      if (job.on) await scheduleComplianceReminders(job.orgId, deps);
      return;
    case 'pension-watchdog':
      await runPensionWatchdog(job.orgId, deps);
      return;
  }
}
