import { randomUUID } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import '../lib/schemas/english';
import { loadEvent } from '../events';
import { ConflictError } from '../lib/domain/errors';
import { toE164 } from '../lib/domain/phone';
import type { SettableClock } from '../lib/domain/ports';
import { USER_ROLES } from '../lib/domain/types';
import { claimsOf } from '../lib/users/directory';
import type { TableUserDirectory } from '../lib/users/table-directory';
import type { LocalJwt } from './jwt';
import type { RecordedOutbox } from './recorded-outbox';
import type { DevRoute } from './server';

const invalid = (issues: z.core.$ZodIssue[]) => ({
  status: 400,
  body: {
    error: {
      code: 'VALIDATION',
      message: 'The request is not valid',
      details: issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })),
    },
  },
});

const InboundBody = z.object({
  from: z.string().check(z.minLength(3), z.maxLength(32)),
  body: z.string().check(z.maxLength(1600)),
  /** Optional: send the same id twice to see a carrier's duplicate delivery answered once. */
  messageId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
});

const tooMany = (message: string) => ({ status: 429, body: { error: { code: 'RATE_LIMITED', message } } });

/**
 * Sign-ins per address per minute (real time, whatever `/dev/clock` says): the
 * dev login hands out tokens for anyone, so it must not be a firehose.
 * `LOGIN_RATE_PER_MINUTE` raises it for load tests.
 */
export const SIGN_INS_PER_MINUTE = Number(process.env.LOGIN_RATE_PER_MINUTE ?? 600);

class SlidingWindow {
  readonly #hits = new Map<string, number[]>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}
  allow(key: string, nowMs: number): boolean {
    const recent = (this.#hits.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
    if (recent.length >= this.limit) {
      this.#hits.set(key, recent);
      return false;
    }
    recent.push(nowMs);
    this.#hits.set(key, recent);
    return true;
  }
}

const LoginBody = z.object({ email: z.string().check(z.email()) });
const UserBody = z.strictObject({
  id: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  email: z.string().check(z.email()),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  role: z.enum(USER_ROLES),
  orgId: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/)),
  practiceIds: z.optional(z.array(z.string())),
  clinicianId: z.optional(z.string()),
});
const CLOCK_FROM = Date.UTC(2000, 0, 1);
const CLOCK_BEFORE = Date.UTC(2100, 0, 1);
const ClockBody = z.object({
  now: z.union([
    z.null(),
    z.string().check(
      z.refine((s) => !Number.isNaN(Date.parse(s)) && /\d{4}-\d{2}-\d{2}T/.test(s), 'must be an ISO 8601 instant'),
      z.refine((s) => Date.parse(s) >= CLOCK_FROM && Date.parse(s) < CLOCK_BEFORE, 'must be in the years 2000 to 2099'),
    ),
  ]),
});

/** The local-only routes of API.md: demo sign-ins, the clock, the recorded outbox. */
export function devRoutes(ctx: {
  users: TableUserDirectory;
  jwt: LocalJwt;
  clock: SettableClock;
  outbox: RecordedOutbox;
  extra?: DevRoute[];
  /** After the clock moves: daily work chained from one day to the next is scheduled again from the new time. */
  onClockSet?: () => Promise<void>;
  /** Delivers an SNS event to the inbound-SMS handler, as the inbound topic's subscription would. */
  deliverInboundSms: (event: SNSEvent) => Promise<{ rateLimited: number }>;
}): DevRoute[] {
  const signIns = new SlidingWindow(SIGN_INS_PER_MINUTE, 60_000);
  return [
    {
      method: 'GET',
      path: '/dev/users',
      handle: async () => {
        const users = await ctx.users.list();
        return { status: 200, body: { users } };
      },
    },
    {
      // A sign-in made by hand, for a runtime started without the demo data: the API then checks its tokens'
      // claims against this record as against any other.
      method: 'POST',
      path: '/dev/users',
      handle: async ({ body }) => {
        const parsed = UserBody.safeParse(body ?? {});
        if (!parsed.success) return invalid(parsed.error.issues);
        try {
          const user = await ctx.users.create({ ...parsed.data, id: parsed.data.id ?? `usr-${randomUUID()}` });
          return { status: 201, body: { user } };
        } catch (error) {
          if (error instanceof ConflictError) {
            return { status: 409, body: { error: { code: error.code, message: error.message } } };
          }
          throw error;
        }
      },
    },
    {
      method: 'POST',
      path: '/dev/login',
      handle: async ({ body, sourceIp }) => {
        if (!signIns.allow(sourceIp, Date.now())) return tooMany('Too many sign-ins from this address; wait a minute');
        const parsed = LoginBody.safeParse(body ?? {});
        if (!parsed.success) return invalid(parsed.error.issues);
        const user = await ctx.users.get(parsed.data.email);
        if (!user)
          return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'No demo user has that email' } } };
        // As Cognito refuses a disabled user's sign-in.
        if (user.status === 'disabled')
          return { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: 'This sign-in is disabled' } } };
        return { status: 200, body: { token: await ctx.jwt.issue(claimsOf(user)), user } };
      },
    },
    {
      method: 'POST',
      path: '/dev/clock',
      handle: async ({ body }) => {
        const parsed = ClockBody.safeParse(body ?? {});
        if (!parsed.success) return invalid(parsed.error.issues);
        ctx.clock.set(parsed.data.now === null ? null : new Date(parsed.data.now));
        await ctx.onClockSet?.();
        return { status: 200, body: { now: ctx.clock.now().toISOString() } };
      },
    },
    {
      method: 'GET',
      path: '/dev/clock',
      handle: async () => ({ status: 200, body: { now: ctx.clock.now().toISOString() } }),
    },
    {
      method: 'POST',
      path: '/dev/sms/inbound',
      handle: async ({ body }) => {
        const parsed = InboundBody.safeParse(body ?? {});
        if (!parsed.success) return invalid(parsed.error.issues);
        const messageId = parsed.data.messageId ?? randomUUID();
        const event = loadEvent<SNSEvent>('sns-inbound-sms');
        const record = event.Records[0]!;
        record.Sns.MessageId = randomUUID();
        record.Sns.Timestamp = ctx.clock.now().toISOString();
        record.Sns.Message = JSON.stringify({
          ...JSON.parse(record.Sns.Message),
          // The carrier's part: it hands the number over as E.164, whatever form the sender was typed in here.
          originationNumber: toE164(parsed.data.from) ?? parsed.data.from,
          messageBody: parsed.data.body,
          inboundMessageId: messageId,
        });
        const result = await ctx.deliverInboundSms(event);
        if (result.rateLimited) return tooMany('Too many texts from this number; try again in a few minutes');
        return { status: 202, body: { accepted: true, messageId } };
      },
    },
    {
      method: 'GET',
      path: '/dev/outbox',
      handle: async ({ query }) => {
        const messages = ctx.outbox.find({ to: query.get('to') ?? undefined, kind: query.get('kind') ?? undefined });
        return { status: 200, body: { messages } };
      },
    },
    ...(ctx.extra ?? []),
  ];
}
