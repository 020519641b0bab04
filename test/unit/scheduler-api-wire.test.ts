import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { signedSchedulerApi } from '../../lib/schedule/scheduler-api';
import {
  type Arrived,
  expectSignatureHolds as expectSignedFor,
  type Reply,
  useRecordingServer,
  WIRE_CREDENTIALS,
  WIRE_REGION,
} from '../support/wire';

/**
 * lib/schedule/scheduler-api.ts speaks EventBridge Scheduler's REST-JSON
 * itself. Here it and the SDK's own client send the same calls to one
 * recording server: the two must agree on method, path, query and body, and
 * each request must carry a SigV4 signature that holds for the request as it
 * arrived (so fetch changed nothing that was signed).
 */
const server = useRecordingServer({
  status: 200,
  body: '{"ScheduleArn":"arn:aws:scheduler:eu-west-2:1:schedule/g/n"}',
});
// Without a session token here: one test adds it, to see it signed.
const { sessionToken: _, ...credentials } = WIRE_CREDENTIALS;
const region = WIRE_REGION;

const sdk = () => new SchedulerClient({ region, endpoint: server.endpoint, credentials, maxAttempts: 1 });
const ours = () => signedSchedulerApi({ region, endpoint: server.endpoint, credentials, sleep: async () => {} });

const input = {
  Name: 'wave-somerset-01JD5Q0Z6V4C3M8R2K1N7T9XWB-2',
  GroupName: 'rota-bank',
  ScheduleExpression: 'at(2026-11-22T09:15:00)',
  ScheduleExpressionTimezone: 'UTC',
  FlexibleTimeWindow: { Mode: 'OFF' as const },
  ActionAfterCompletion: 'DELETE' as const,
  Target: {
    Arn: 'arn:aws:lambda:eu-west-2:123456789012:function:on-schedule',
    RoleArn: 'arn:aws:iam::123456789012:role/scheduler',
    Input: JSON.stringify({ kind: 'wave', orgId: 'somerset', shiftId: '01JD5', wave: 2 }),
    DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-2:123456789012:job-dead-letters' },
  },
};

/** The signature the request as it arrived should carry, worked out again from what arrived. */
const expectSignatureHolds = (request: Arrived, signedWith: typeof credentials = credentials) =>
  expectSignedFor(request, { service: 'scheduler', region, credentials: signedWith });

const withoutToken = (body: string) => {
  const { ClientToken, ...rest } = JSON.parse(body) as { ClientToken?: string };
  expect(ClientToken).toMatch(/^[0-9a-f-]{36}$/);
  return rest;
};

describe('EventBridge Scheduler over signed fetch, beside the SDK client', () => {
  it('creates a schedule with the request the SDK sends, signed as SigV4 for scheduler', async () => {
    await sdk().send(new CreateScheduleCommand(input as CreateScheduleCommandInput));
    await ours().createSchedule(input);
    const [theirs, mine] = server.arrived;

    expect(mine!.method).toBe(theirs!.method);
    expect(mine!.path).toBe(theirs!.path);
    expect(mine!.path).toBe(`/schedules/${input.Name}`);
    expect([...mine!.query.keys()]).toEqual([...theirs!.query.keys()]);
    expect(mine!.headers['content-type']).toBe(theirs!.headers['content-type']);
    expect(withoutToken(mine!.body)).toEqual(withoutToken(theirs!.body));
    await expectSignatureHolds(mine!);
  });

  it("carries the session token a Lambda role's credentials come with, signed", async () => {
    const session = { ...credentials, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE' };
    await signedSchedulerApi({
      region,
      endpoint: server.endpoint,
      credentials: session,
      sleep: async () => {},
    }).createSchedule(input);
    const [mine] = server.arrived;
    expect(mine!.headers['x-amz-security-token']).toBe(session.sessionToken);
    expect(/SignedHeaders=([^,]+)/.exec(String(mine!.headers.authorization))![1]!.split(';')).toContain(
      'x-amz-security-token',
    );
    await expectSignatureHolds(mine!, session);
  });

  it('deletes a schedule with the request the SDK sends, in its group', async () => {
    await sdk().send(new DeleteScheduleCommand({ Name: input.Name, GroupName: 'rota-bank' }));
    await ours().deleteSchedule({ Name: input.Name, GroupName: 'rota-bank' });
    const [theirs, mine] = server.arrived;

    expect(mine!.method).toBe('DELETE');
    expect(mine!.method).toBe(theirs!.method);
    expect(mine!.path).toBe(theirs!.path);
    expect(mine!.query.get('groupName')).toBe('rota-bank');
    expect([...mine!.query.keys()].sort()).toEqual([...theirs!.query.keys()].sort());
    await expectSignatureHolds(mine!);
  });

  it('names a refusal as the SDK does, and tries a throttled call again with the same client token', async () => {
    const conflict: Reply = {
      status: 409,
      headers: { 'x-amzn-errortype': 'ConflictException:http://internal.amazon.com/coral/com.amazon.chronos/' },
      body: '{"Message":"Schedule wave-somerset already exists."}',
    };
    server.replies.push(conflict, conflict);
    const sdkError = await sdk()
      .send(new CreateScheduleCommand(input as CreateScheduleCommandInput))
      .then(
        () => new Error('not refused'),
        (e: Error) => e,
      );
    const ourError = await ours()
      .createSchedule(input)
      .then(
        () => new Error('not refused'),
        (e: Error) => e,
      );
    expect(ourError.name).toBe(sdkError.name);
    expect(ourError.name).toBe('ConflictException');
    expect(ourError.message).toContain('already exists');

    server.reset();
    const throttled: Reply = {
      status: 429,
      headers: { 'x-amzn-errortype': 'ThrottlingException' },
      body: '{"Message":"Rate exceeded"}',
    };
    server.replies.push(throttled, throttled);
    await ours().createSchedule(input);
    expect(server.arrived).toHaveLength(3);
    expect(new Set(server.arrived.map((a) => JSON.parse(a.body).ClientToken)).size).toBe(1);
  });
});
