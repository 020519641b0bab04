import { randomUUID } from 'node:crypto';
import { type SignedFetchOptions, signedRestJson } from '../aws/signed-fetch';

/** The parts of CreateSchedule's input Rota Bank sends (EventBridge Scheduler API reference, CreateSchedule). */
export interface CreateScheduleInput {
  Name: string;
  GroupName?: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone?: string;
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  ActionAfterCompletion?: 'NONE' | 'DELETE';
  Target: { Arn: string; RoleArn: string; Input?: string; DeadLetterConfig?: { Arn: string } };
}

/** The two calls Rota Bank makes to EventBridge Scheduler. Refusals throw an AwsServiceError named by its code. */
export interface SchedulerApi {
  createSchedule(input: CreateScheduleInput): Promise<void>;
  deleteSchedule(input: { Name: string; GroupName?: string }): Promise<void>;
}

export type SignedSchedulerOptions = SignedFetchOptions;

/**
 * EventBridge Scheduler's CreateSchedule and DeleteSchedule as SigV4-signed
 * requests sent with fetch (lib/aws/signed-fetch.ts), without the
 * Scheduler client: six request handlers schedule work, and the client is
 * about 27 KB of each bundle. The wire format is the service's REST-JSON, as
 * the SDK writes it (test/unit/scheduler-api-wire.test.ts compares the two);
 * one ClientToken goes with every attempt of a call, so a schedule made by an
 * attempt whose answer was lost is not made twice.
 */
export function signedSchedulerApi(options: SignedSchedulerOptions): SchedulerApi {
  const call = signedRestJson({ signingName: 'scheduler', title: 'EventBridge Scheduler' }, options);
  const path = (name: string) => `/schedules/${encodeURIComponent(name)}`;
  return {
    createSchedule: ({ Name, ...rest }) =>
      call({ method: 'POST', path: path(Name), body: JSON.stringify({ ...rest, ClientToken: randomUUID() }) }),
    deleteSchedule: ({ Name, GroupName }) =>
      call({
        method: 'DELETE',
        path: path(Name),
        query: { ...(GroupName ? { groupName: GroupName } : {}), clientToken: randomUUID() },
      }),
  };
}
