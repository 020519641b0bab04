import { signedLambdaInvoke } from '../aws/lambda-invoke';
import type { Config } from '../config';

/** What the export function is handed: which export to run (functions/run-payroll-export.ts). */
export interface ExportRunEvent {
  orgId: string;
  exportId: string;
}

/**
 * Hands a payroll export to the function that runs it and returns at once: the
 * run takes minutes, and retries and parks itself. The outbox relay calls it
 * when an export is asked for or retried, so the table stream keeps two
 * readers (lib/store/stream-filters.ts). Handing one export over twice is
 * harmless: a run takes the export's lease first (ExportRepository.takeRun).
 */
export interface ExportRunner {
  start(run: ExportRunEvent): Promise<void>;
}

let invoke: ReturnType<typeof signedLambdaInvoke> | undefined;

/** In AWS: an asynchronous invocation of the export function CDK names in EXPORT_FUNCTION_NAME. */
export function lambdaExportRunner(config: Config): ExportRunner | undefined {
  const functionName = config.EXPORT_FUNCTION_NAME;
  if (!functionName) return undefined;
  invoke ??= signedLambdaInvoke({ region: config.AWS_REGION });
  return { start: (run) => invoke!(functionName, run) };
}
