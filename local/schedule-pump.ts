import type { Clock } from '../lib/domain/ports';
import { logger } from '../lib/logger';
import type { Job } from '../lib/schedule/jobs';
import type { LocalScheduler, ScheduledJob } from '../lib/schedule/local-scheduler';
import { asInvocation, type DeadLetter, DeadLetters, handlerOf } from './local-lambda';

export type ScheduleHandler = (event: Job, context: unknown) => Promise<unknown>;

export interface SchedulePumpOptions {
  scheduler: LocalScheduler;
  /** The runtime's clock: moving it with `/dev/clock` brings jobs due. */
  clock: Clock;
  /** A handler module (relative to the repository root) or the handler itself. @default 'functions/on-schedule.ts' */
  handler?: string | ScheduleHandler;
  /** Dead letters go to `dead-letters.jsonl` here; undefined keeps them in memory. */
  dataDir?: string;
  /** @default 250 */
  pollMs?: number;
  /** @default 5 */
  maxAttempts?: number;
  /** First retry delay in real time, doubling each attempt. @default 1000 */
  retryBaseMs?: number;
  /** Whether the database is there; while it is not (being restarted), due jobs wait rather than fail. @default always */
  ready?: () => boolean;
  /**
   * Jobs EventBridge Scheduler runs on a recurring schedule in AWS (the
   * daily pension watchdog): each is kept scheduled at its next time after
   * the runtime's clock, and scheduled again once it has run.
   */
  recurring?: readonly RecurringJob[];
}

export interface RecurringJob {
  job: Job;
  /** Its next time strictly after `now`. */
  next: (now: Date) => Date;
}

export interface SchedulePump {
  /** Runs whatever is due now (by the clock) and resolves when it has: for tests and `/dev/clock`. */
  tick(): Promise<void>;
  stop(): Promise<void>;
  readonly deadLetters: readonly DeadLetter[];
}

/**
 * The local stand-in for EventBridge Scheduler's delivery: every ~250 ms it
 * runs the jobs the runtime's clock has reached, giving the handler the job
 * as its event, as Scheduler delivers a schedule's Input; failures are tried
 * again with backoff and, after the last attempt, dead-lettered.
 */
export function startSchedulePump(options: SchedulePumpOptions): SchedulePump {
  const pollMs = options.pollMs ?? 250;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const deadLetters = new DeadLetters(options.dataDir);
  const handler = handlerOf<ScheduleHandler>(options.handler ?? 'functions/on-schedule.ts');

  // Its own log scope, whatever set the tick off (`/dev/clock` runs it from a request).
  const invoke = (entry: ScheduledJob) =>
    asInvocation('on-schedule', { schedule: entry.name }, async (context) =>
      (await handler())(structuredClone(entry.job), context),
    );

  const run = async (entry: ScheduledJob) => {
    try {
      await invoke(entry);
      options.scheduler.complete(entry);
    } catch (error) {
      const attempts = (entry.attempts ?? 0) + 1;
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      if (attempts >= maxAttempts) {
        deadLetters.add('on-schedule', message, entry);
        logger.error('Scheduled job dead-lettered', { name: entry.name, error: message });
        options.scheduler.complete(entry);
        return;
      }
      logger.warn('Scheduled job failed; it will be tried again', { name: entry.name, attempts, error: message });
      options.scheduler.failed(entry, new Date(Date.now() + retryBaseMs * 2 ** (attempts - 1)));
    }
  };

  // Scheduling a name already taken changes nothing, so this only fills in what has run or was never there.
  const keepRecurring = async () => {
    for (const r of options.recurring ?? []) await options.scheduler.schedule(r.next(options.clock.now()), r.job);
  };
  void keepRecurring();

  // One tick at a time: a slow job must not be started twice.
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = running.then(async () => {
      for (const entry of options.scheduler.due(options.clock.now(), new Date())) await run(entry);
      await keepRecurring();
    });
    return running;
  };

  let stopped = false;
  const ready = options.ready ?? (() => true);
  const timer = setInterval(() => {
    if (!stopped && ready()) void tick();
  }, pollMs);

  return {
    deadLetters: deadLetters.letters,
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
