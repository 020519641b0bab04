import {
  ConflictException,
  CreateScheduleCommand,
  DeleteScheduleCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SettableClock } from '../../lib/domain/ports';
import { atExpression, EventBridgeScheduler, scheduleName } from '../../lib/schedule/eventbridge-scheduler';
import type { Job } from '../../lib/schedule/jobs';

const scheduler = mockClient(SchedulerClient);
afterEach(() => scheduler.reset());

const settings = {
  SCHEDULER_GROUP_NAME: 'rota-bank',
  SCHEDULER_ROLE_ARN: 'arn:aws:iam::123456789012:role/scheduler',
  SCHEDULE_TARGET_ARN: 'arn:aws:lambda:eu-west-2:123456789012:function:on-schedule',
};
const now = new Date('2026-11-22T09:00:00.000Z');
const make = () => new EventBridgeScheduler(new SchedulerClient({}), settings, new SettableClock(now));

const wave: Job = { kind: 'wave', orgId: 'somerset', shiftId: '01JD5Q0Z6V4C3M8R2K1N7T9XWB', wave: 2 };
const conflict = () =>
  new ConflictException({ message: 'Schedule already exists.', Message: 'Schedule already exists.', $metadata: {} });

describe('EventBridgeScheduler', () => {
  it('creates a one-off UTC schedule that delivers the job to the target and deletes itself', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    await make().schedule(new Date('2026-11-22T09:15:00.000Z'), wave);

    const calls = scheduler.commandCalls(CreateScheduleCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      Name: 'wave-somerset-01JD5Q0Z6V4C3M8R2K1N7T9XWB-2',
      GroupName: 'rota-bank',
      ScheduleExpression: 'at(2026-11-22T09:15:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: { Arn: settings.SCHEDULE_TARGET_ARN, RoleArn: settings.SCHEDULER_ROLE_ARN, Input: JSON.stringify(wave) },
    });
  });

  it('names the dead-letter queue where Scheduler parks a job it could not deliver, when it is given one', async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: 'arn' });
    const queue = 'arn:aws:sqs:eu-west-2:123456789012:job-dead-letters';
    await new EventBridgeScheduler(
      new SchedulerClient({}),
      { ...settings, SCHEDULE_DEAD_LETTER_ARN: queue },
      new SettableClock(now),
    ).schedule(new Date('2026-11-22T09:15:00.000Z'), wave);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.Target?.DeadLetterConfig).toEqual({
      Arn: queue,
    });
  });

  it('treats a schedule that already exists as scheduled', async () => {
    scheduler.on(CreateScheduleCommand).rejects(conflict());
    await expect(make().schedule(new Date('2026-11-22T10:00:00Z'), wave)).resolves.toBeUndefined();
  });

  it('passes on any other failure, so the caller knows the job is not scheduled', async () => {
    scheduler
      .on(CreateScheduleCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    await expect(make().schedule(new Date('2026-11-22T10:00:00Z'), wave)).rejects.toThrow('Rate exceeded');
  });

  it('schedules a time already past for a minute from now, as Scheduler refuses the past', async () => {
    scheduler.on(CreateScheduleCommand).resolves({});
    await make().schedule(new Date('2026-11-22T08:00:00Z'), wave);
    expect(scheduler.commandCalls(CreateScheduleCommand)[0]!.args[0].input.ScheduleExpression).toBe(
      'at(2026-11-22T09:01:00)',
    );
  });

  it('refuses to schedule without a target and a role', async () => {
    const bare = new EventBridgeScheduler(new SchedulerClient({}), { SCHEDULER_GROUP_NAME: 'rota-bank' });
    await expect(bare.schedule(new Date('2026-11-23T09:00:00Z'), wave)).rejects.toThrow(/SCHEDULE_TARGET_ARN/);
    expect(scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(0);
  });

  it('cancels by deleting the schedule of the same name in the group', async () => {
    scheduler.on(DeleteScheduleCommand).resolves({});
    await make().cancel(wave);
    expect(scheduler.commandCalls(DeleteScheduleCommand)[0]!.args[0].input).toEqual({
      Name: 'wave-somerset-01JD5Q0Z6V4C3M8R2K1N7T9XWB-2',
      GroupName: 'rota-bank',
    });
  });

  it('treats cancelling a schedule that is not there as done', async () => {
    scheduler
      .on(DeleteScheduleCommand)
      .rejects(new ResourceNotFoundException({ message: 'gone', Message: 'gone', $metadata: {} }));
    await expect(make().cancel(wave)).resolves.toBeUndefined();
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
