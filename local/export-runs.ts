import { logger } from '../lib/logger';
import type { ExportRunEvent, ExportRunner } from '../lib/schedule/export-runner';
import type { ExportRepository } from '../lib/store/exports';
import { asInvocation, type DeadLetter, DeadLetters, handlerOf } from './local-lambda';

type RunHandler = (event: ExportRunEvent, context: unknown) => Promise<unknown>;

export interface LocalExportRunsOptions {
  /** The export function: a path from the repository root, or the handler itself (tests). @default functions/run-payroll-export.ts */
  handler?: string | RunHandler;
  /** Dead letters are appended to `<dataDir>/dead-letters.jsonl`; undefined keeps them in memory. */
  dataDir?: string;
  /**
   * Waits before each retry of a run that threw. Lambda waits a minute, then
   * two; here a second and two, so a local retry comes while someone watches.
   * @default [1000, 2000]
   */
  retryDelaysMs?: readonly number[];
}

export interface LocalExportRuns extends ExportRunner {
  /** Resolves once every run handed over so far has ended (settled, or dead-lettered). */
  idle(): Promise<void>;
  /** Hands nothing more over and waits for the runs under way. */
  stop(): Promise<void>;
  readonly deadLetters: readonly DeadLetter[];
}

/**
 * Lambda's asynchronous invocation of the export function, in this process:
 * `start` returns at once and the run goes on beside the caller, retried
 * after a throw as Lambda retries it and then dead-lettered, as the export
 * function's on-failure destination parks it in AWS.
 */
export function localExportRuns(options: LocalExportRunsOptions = {}): LocalExportRuns {
  const retryDelaysMs = options.retryDelaysMs ?? [1_000, 2_000];
  const deadLetters = new DeadLetters(options.dataDir);
  const running = new Set<Promise<void>>();
  let stopped = false;

  const handler = handlerOf<RunHandler>(options.handler ?? 'functions/run-payroll-export.ts');
  const invoke = (run: ExportRunEvent) =>
    asInvocation('run-payroll-export', { consumer: 'run-payroll-export' }, async (context) =>
      (await handler())(structuredClone(run), context),
    );

  const attempt = async (run: ExportRunEvent) => {
    for (let n = 0; ; n++) {
      try {
        await invoke(run);
        return;
      } catch (error) {
        const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        const wait = retryDelaysMs[n];
        if (wait === undefined || stopped) {
          deadLetters.add('run-payroll-export', message, run);
          logger.error('Payroll export run dead-lettered', { exportId: run.exportId, error: message });
          return;
        }
        logger.warn('Payroll export run failed; it will be tried again', { exportId: run.exportId, error: message });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  };

  const idle = async () => {
    while (running.size) await Promise.all([...running]);
  };

  return {
    async start(run) {
      if (stopped) throw new Error('The local export runs have stopped');
      const task = attempt(run).finally(() => running.delete(task));
      running.add(task);
    },
    idle,
    async stop() {
      stopped = true;
      await idle();
    },
    deadLetters: deadLetters.letters,
  };
}

/**
 * Hands over again every export still running in these organisations, and
 * says how many. Lambda retries a run whose process died; in this process a
 * run dies with the runtime (stopped mid-export), and the stream has passed
 * the export's record, so the runtime calls this once it has started, after
 * the dead run's lease has lapsed. A run already under way holds its lease,
 * and the one handed over here leaves the export to it.
 */
export async function resumeRunningExports(
  orgIds: Iterable<string>,
  exports: Pick<ExportRepository, 'list'>,
  runner: ExportRunner,
): Promise<number> {
  let resumed = 0;
  for (const orgId of orgIds) {
    let cursor: string | undefined;
    do {
      const page = await exports.list(orgId, { limit: 100, cursor });
      for (const e of page.items) {
        if (e.status !== 'running') continue;
        await runner.start({ orgId, exportId: e.id });
        resumed++;
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return resumed;
}
