import { createHash } from 'node:crypto';
import type { Config } from '../config';
import { type Clock, systemClock } from '../domain/ports';
import { logger } from '../logger';
import { type Job, jobName, type Scheduler } from './jobs';
import { type SchedulerApi, signedSchedulerApi } from './scheduler-api';

const NAME_LIMIT = 64;
/** Scheduler refuses an `at` in the past; anything due (nearly) now runs a minute from now instead. */
const MIN_LEAD_MS = 5_000;
const PAST_DELAY_MS = 60_000;

/**
 * A schedule name from a job name: only the characters Scheduler allows, at
 * most 64 of them. A name too long keeps its head and gains a hash of the
 * whole, so two long names still differ and the same job still maps to the same name.
 */
export function scheduleName(job: Job): string {
  const name = jobName(job).replace(/[^0-9a-zA-Z_.-]/g, '_');
  if (name.length <= NAME_LIMIT) return name;
  const hash = createHash('sha256').update(jobName(job)).digest('hex').slice(0, 10);
  return `${name.slice(0, NAME_LIMIT - hash.length - 1)}-${hash}`;
}

/** `at(2026-12-03T08:30:00)`, in UTC, to the whole second (rounded up, so a job never runs early). */
export function atExpression(at: Date): string {
  const seconds = Math.ceil(at.getTime() / 1000) * 1000;
  return `at(${new Date(seconds).toISOString().slice(0, 19)})`;
}

const isNamed = (error: unknown, name: string) => error instanceof Error && error.name === name;

/** One-off schedules in EventBridge Scheduler that deliver the job to `functions/on-schedule.ts` and delete themselves. */
export class EventBridgeScheduler implements Scheduler {
  constructor(
    private readonly api: SchedulerApi,
    private readonly settings: Pick<
      Config,
      'SCHEDULER_GROUP_NAME' | 'SCHEDULER_ROLE_ARN' | 'SCHEDULE_TARGET_ARN' | 'SCHEDULE_DEAD_LETTER_ARN'
    >,
    /** Scheduler judges "the past" by real time, not by the runtime's settable clock. */
    private readonly clock: Clock = systemClock,
  ) {}

  async schedule(at: Date, job: Job): Promise<void> {
    const { SCHEDULER_GROUP_NAME, SCHEDULER_ROLE_ARN, SCHEDULE_TARGET_ARN } = this.settings;
    if (!SCHEDULER_GROUP_NAME || !SCHEDULER_ROLE_ARN || !SCHEDULE_TARGET_ARN) {
      throw new Error('Scheduling needs SCHEDULER_GROUP_NAME, SCHEDULER_ROLE_ARN and SCHEDULE_TARGET_ARN');
    }
    const now = this.clock.now().getTime();
    const when = at.getTime() < now + MIN_LEAD_MS ? new Date(now + PAST_DELAY_MS) : at;
    const name = scheduleName(job);
    try {
      await this.api.createSchedule({
        Name: name,
        GroupName: SCHEDULER_GROUP_NAME,
        ScheduleExpression: atExpression(when),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: SCHEDULE_TARGET_ARN,
          RoleArn: SCHEDULER_ROLE_ARN,
          Input: JSON.stringify(job),
          // A job Scheduler could not deliver is parked, and alarmed on, rather than dropped after its retries.
          ...(this.settings.SCHEDULE_DEAD_LETTER_ARN
            ? { DeadLetterConfig: { Arn: this.settings.SCHEDULE_DEAD_LETTER_ARN } }
            : {}),
        },
      });
    } catch (error) {
      // Same name, same job: it is already scheduled, which is all the caller asked for.
      if (isNamed(error, 'ConflictException')) {
        logger.info('Schedule already exists', { name });
        return;
      }
      throw error;
    }
  }

  async cancel(job: Job): Promise<void> {
    try {
      await this.api.deleteSchedule({ Name: scheduleName(job), GroupName: this.settings.SCHEDULER_GROUP_NAME });
    } catch (error) {
      // Gone already: it ran (and deleted itself) or was never made.
      if (isNamed(error, 'ResourceNotFoundException')) return;
      throw error;
    }
  }
}

let api: SchedulerApi | undefined;

/** One signer of Scheduler requests per Lambda instance. */
export function eventBridgeScheduler(config: Config): Scheduler {
  api ??= signedSchedulerApi({ region: config.AWS_REGION });
  return new EventBridgeScheduler(api, config);
}
