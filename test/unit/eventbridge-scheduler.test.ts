import { describe, expect, it } from 'vitest';
import { AwsServiceError } from '../../lib/aws/standard-retry';
import { SettableClock } from '../../lib/domain/ports';
import { atExpression, EventBridgeScheduler, scheduleName } from '../../lib/schedule/eventbridge-scheduler';
import type { Job } from '../../lib/schedule/jobs';
import type { CreateScheduleInput, SchedulerApi } from '../../lib/schedule/scheduler-api';

/** Scheduler's API as the adapter calls it: each call recorded, each answer (or refusal) the test's. */
function recordingApi(refuse: { create?: Error; delete?: Error } = {}) {
  const created: CreateScheduleInput[] = [];
  const deleted: { Name: string; GroupName?: string }[] = [];
  const api: SchedulerApi = {
    async createSchedule(input) {
      created.push(input);
      if (refuse.create) throw refuse.create;
    },
    async deleteSchedule(input) {
      deleted.push(input);
      if (refuse.delete) throw refuse.delete;
    },
  };
  return { api, created, deleted };
}

const settings = {
  SCHEDULER_GROUP_NAME: 'rota-bank',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  SCHEDULE_TARGET_ARN: 'arn:aws:lambda:eu-west-2:123456789012:function:on-schedule',
};
const now = new Date('2026-11-22T09:00:00.000Z');
const make = (api: SchedulerApi) => new EventBridgeScheduler(api, settings, new SettableClock(now));

const wave: Job = { kind: 'wave', orgId: 'somerset', shiftId: '01JD5Q0Z6V4C3M8R2K1N7T9XWB', wave: 2 };
const refusal = (status: number, code: string, message: string) => new AwsServiceError(status, code, message);

describe('EventBridgeScheduler', () => {
  it('creates a one-off UTC schedule that delivers the job to the target and deletes itself', async () => {
    const { api, created } = recordingApi();
    await make(api).schedule(new Date('2026-11-22T09:15:00.000Z'), wave);

    expect(created).toEqual([
      {
        Name: 'wave-somerset-01JD5Q0Z6V4C3M8R2K1N7T9XWB-2',
        GroupName: 'rota-bank',
        ScheduleExpression: 'at(2026-11-22T09:15:00)',
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: {
          Arn: settings.SCHEDULE_TARGET_ARN,
          RoleArn: settings.SCHEDULER_ROLE_ARN,
          Input: JSON.stringify(wave),
        },
      },
    ]);
  });

  it('names the dead-letter queue where Scheduler parks a job it could not deliver, when it is given one', async () => {
    const { api, created } = recordingApi();
    const queue = 'arn:aws:sqs:eu-west-2:123456789012:job-dead-letters';
    await new EventBridgeScheduler(
      api,
      { ...settings, SCHEDULE_DEAD_LETTER_ARN: queue },
      new SettableClock(now),
    ).schedule(new Date('2026-11-22T09:15:00.000Z'), wave);
    expect(created[0]!.Target.DeadLetterConfig).toEqual({ Arn: queue });
  });

  it('treats a schedule that already exists as scheduled', async () => {
    const { api } = recordingApi({ create: refusal(409, 'ConflictException', 'Schedule already exists.') });
    await expect(make(api).schedule(new Date('2026-11-22T10:00:00Z'), wave)).resolves.toBeUndefined();
  });

  it('passes on any other failure, so the caller knows the job is not scheduled', async () => {
    const { api } = recordingApi({ create: refusal(429, 'ThrottlingException', 'Rate exceeded') });
    await expect(make(api).schedule(new Date('2026-11-22T10:00:00Z'), wave)).rejects.toThrow('Rate exceeded');
  });

  it('schedules a time already past for a minute from now, as Scheduler refuses the past', async () => {
    const { api, created } = recordingApi();
    await make(api).schedule(new Date('2026-11-22T08:00:00Z'), wave);
    expect(created[0]!.ScheduleExpression).toBe('at(2026-11-22T09:01:00)');
  });

  it('refuses to schedule without a target and a role', async () => {
    const { api, created } = recordingApi();
    const bare = new EventBridgeScheduler(api, { SCHEDULER_GROUP_NAME: 'rota-bank' });
    await expect(bare.schedule(new Date('2026-11-23T09:00:00Z'), wave)).rejects.toThrow(/SCHEDULE_TARGET_ARN/);
    expect(created).toHaveLength(0);
  });

  it('cancels by deleting the schedule of the same name in the group', async () => {
    const { api, deleted } = recordingApi();
    await make(api).cancel(wave);
    expect(deleted).toEqual([{ Name: 'wave-somerset-01JD5Q0Z6V4C3M8R2K1N7T9XWB-2', GroupName: 'rota-bank' }]);
  });

  it('treats cancelling a schedule that is not there as done', async () => {
    const { api } = recordingApi({ delete: refusal(404, 'ResourceNotFoundException', 'gone') });
    await expect(make(api).cancel(wave)).resolves.toBeUndefined();
    const other = recordingApi({ delete: refusal(403, 'AccessDeniedException', 'not allowed') });
    await expect(make(other.api).cancel(wave)).rejects.toThrow('not allowed');
  });
});

describe('scheduleName', () => {
  it('keeps a name within 64 allowed characters, different for different jobs and the same for the same job', () => {
    const long = (bookingId: string): Job => ({ kind: 'reminder', orgId: 'org#with spaces/and-more', bookingId });
    const a = scheduleName(long(`${'B'.repeat(60)}1`));
    const b = scheduleName(long(`${'B'.repeat(60)}2`));
    for (const name of [a, b]) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^[0-9a-zA-Z_.-]+$/);
    }
    expect(a).not.toBe(b);
    expect(scheduleName(long(`${'B'.repeat(60)}1`))).toBe(a);
  });
});

describe('atExpression', () => {
  it('writes UTC to the second, rounding up so a job never runs early', () => {
    expect(atExpression(new Date('2026-03-29T01:30:00.000Z'))).toBe('at(2026-03-29T01:30:00)');
    expect(atExpression(new Date('2026-03-29T01:30:00.200Z'))).toBe('at(2026-03-29T01:30:01)');
  });
});
