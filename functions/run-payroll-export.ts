import { deps } from '../lib/deps';
import { logger } from '../lib/logger';
import { withMetrics } from '../lib/metrics';
import type { ExportRunEvent } from '../lib/schedule/export-runner';
import { ExportRepository } from '../lib/store/exports';
import { configuredExportFiles } from '../lib/store/s3-export-files';
import { runPayrollExport } from '../lib/use-cases/payroll';

const isRun = (event: unknown): event is ExportRunEvent => {
  const e = event as Partial<ExportRunEvent> | null;
  return typeof e?.orgId === 'string' && e.orgId !== '' && typeof e.exportId === 'string' && e.exportId !== '';
};

/**
 * Runs one payroll export, handed over by the outbox relay (an asynchronous
 * invocation) when HR asks for it or retries it. A run that throws, rather
 * than failing the export itself, is retried by Lambda (twice, a minute and
 * then two apart) and then parked in the export dead-letter queue; a rerun
 * resumes the same export and never pays a timesheet twice, and a run
 * started twice finds the first one's lease and leaves the export to it.
 */
async function handle(event: unknown): Promise<void> {
  if (!isRun(event)) {
    // Nothing a retry could mend.
    logger.error('Not an export run: expected { orgId, exportId }');
    return;
  }
  const done = await runPayrollExport(
    event.orgId,
    event.exportId,
    deps({ exports: ExportRepository }, { exportFiles: configuredExportFiles }),
  );
  logger.info('Payroll export run ended', { exportId: event.exportId, status: done?.status, rows: done?.rows });
}

/** Flushes the invocation's metrics as it ends. */
export const handler = withMetrics(handle);
