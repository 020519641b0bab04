import type { Context } from 'aws-lambda';
import { deps } from '../lib/deps';
import { logger } from '../lib/logger';
import { withMetrics } from '../lib/metrics';
import { eventBridgeScheduler } from '../lib/schedule/eventbridge-scheduler';
import { parseJob } from '../lib/schedule/jobs';
import { InvoiceRepository } from '../lib/store/invoices';
import { OFFERING_REPOSITORIES } from '../lib/store/offering-repositories';
import { OutboxRepository } from '../lib/store/outbox';
import { PensionRepository } from '../lib/store/pension';
import { TimesheetRepository } from '../lib/store/timesheets';
import { runJob } from '../lib/use-cases/jobs';

const repositories = {
  ...OFFERING_REPOSITORIES,
  outbox: OutboxRepository,
  timesheets: TimesheetRepository,
  invoices: InvoiceRepository,
  pension: PensionRepository,
};

/** EventBridge Scheduler delivers a schedule's Input as the event: the job itself. */
async function handle(event: unknown, context?: Pick<Context, 'invokedFunctionArn'>): Promise<void> {
  // Schedules this run creates (the next wave) target this same function.
  if (context?.invokedFunctionArn) process.env.SCHEDULE_TARGET_ARN ??= context.invokedFunctionArn;
  const parsed = parseJob(event);
  if ('issues' in parsed) {
    // No retry can fix a job that does not parse; say so loudly and let the schedule go.
    logger.error('Skipping a malformed scheduled job', { issues: parsed.issues });
    return;
  }
  logger.info('Running scheduled job', { kind: parsed.job.kind });
  await runJob(parsed.job, deps(repositories, { scheduler: eventBridgeScheduler }));
}

/** Flushes the invocation's metrics as it ends. */
export const handler = withMetrics(handle);
