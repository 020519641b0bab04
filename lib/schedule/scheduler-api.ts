import { randomUUID } from 'node:crypto';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { defaultCredentials } from '../aws/default-credentials';
import { AwsServiceError, type RetryOptions, withStandardRetry } from '../aws/standard-retry';

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

export interface SignedSchedulerOptions extends RetryOptions {
  region: string;
  /** The default chain (a Lambda's role, from its environment) unless given. */
  credentials?: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  /** `https://scheduler.<region>.amazonaws.com` unless given. */
  endpoint?: string;
  /** Longest wait for an answer. @default 10 s */
  timeoutMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
}

/**
 * EventBridge Scheduler's CreateSchedule and DeleteSchedule as SigV4-signed
 * requests (the SDK's own signer, @smithy/signature-v4) sent with fetch,
 * without the Scheduler client: six request handlers schedule work, and the
 * client is about 27 KB of each bundle, loaded on every cold start (issue
 * 17.6). The wire format is the service's REST-JSON, as the SDK writes it
 * (test/unit/scheduler-api-wire.test.ts compares the two); retries are the
 * SDK's standard mode, with one ClientToken across the attempts so a
 * schedule made by an attempt whose answer was lost is not made twice.
 */
export function signedSchedulerApi(options: SignedSchedulerOptions): SchedulerApi {
  const base = new URL(options.endpoint ?? `https://scheduler.${options.region}.amazonaws.com`);
  const signer = new SignatureV4({
    service: 'scheduler',
    region: options.region,
    credentials: options.credentials ?? defaultCredentials(),
    sha256: Sha256,
  });
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  const call = (method: 'POST' | 'DELETE', name: string, query: Record<string, string>, body?: string) =>
    withStandardRetry(async () => {
      const request = new HttpRequest({
        method,
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path: `/schedules/${encodeURIComponent(name)}`,
        query,
        headers: { host: base.host, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body } : {}),
      });
      const signed = await signer.sign(request);
      const search = new URLSearchParams(query).toString();
      const res = await send(`${base.origin}${request.path}${search ? `?${search}` : ''}`, {
        method,
        headers: signed.headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.ok) {
        await res.body?.cancel();
        return;
      }
      throw await refusal(res);
    }, options);

  return {
    createSchedule: ({ Name, ...rest }) =>
      call('POST', Name, {}, JSON.stringify({ ...rest, ClientToken: randomUUID() })),
    deleteSchedule: ({ Name, GroupName }) =>
      call('DELETE', Name, { ...(GroupName ? { groupName: GroupName } : {}), clientToken: randomUUID() }),
  };
}

/** A REST-JSON refusal: the code from `x-amzn-errortype` (or the body's `__type`), the body's Message. */
async function refusal(res: Response): Promise<AwsServiceError> {
  const body = (await res.json().catch(() => ({}))) as { Message?: string; message?: string; __type?: string };
  const code =
    (res.headers.get('x-amzn-errortype') ?? body.__type ?? '').split(':')[0]?.split('#').pop() || `Http${res.status}`;
  const message = body.Message ?? body.message ?? res.statusText;
  return new AwsServiceError(res.status, code, `EventBridge Scheduler answered ${res.status} ${code}: ${message}`);
}
