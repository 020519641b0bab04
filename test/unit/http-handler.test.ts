import type { Context } from 'aws-lambda';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { loadEvent } from '../../events';
import { ConflictError, NotFoundError } from '../../lib/domain/errors';
import { type HttpEvent, httpHandler } from '../../lib/http/handler';
import { defineRoute } from '../../lib/http/route';
import { logger } from '../../lib/logger';
import { createShift, listBookings } from '../../lib/routes/shifts';
import type { UserAccount } from '../../lib/users/directory';
import { useUserLookup } from '../../lib/users/sign-in-check';

const context = {
  awsRequestId: 'req-1',
  functionName: 'test',
  getRemainingTimeInMillis: () => 1000,
} as unknown as Context & { rota: never };
const invoke = (h: ReturnType<typeof httpHandler>, event: HttpEvent) =>
  h(event, context) as Promise<{ statusCode: number; body: string }>;
const shiftsEvent = () => loadEvent<HttpEvent>('http-post-shifts');

afterEach(() => vi.restoreAllMocks());

/** The user records the handler checks claims against: the fixture's manager, as the table would hold them. */
const records = new Map<string, UserAccount>();
const yeovilManager: UserAccount = {
  id: 'usr-mgr-yeovil',
  email: 'manager.yeovil@somerset.example',
  name: 'Yeovil Manager',
  role: 'manager',
  orgId: 'org-somerset',
  practiceIds: ['prc-yeovil-hc', 'prc-west-coker'],
};
beforeEach(() => {
  records.clear();
  records.set(yeovilManager.email, yeovilManager);
  // A fresh cache per test, reading whatever the test put in the records.
  useUserLookup({ get: async (email) => records.get(email) });
});
afterAll(() => useUserLookup(undefined));

/** POST /shifts as declared, answering any object: these tests are about the stack, not the reply. */
const ANY_OBJECT = { 200: z.looseObject({}), 201: z.looseObject({}) };
const WITH_BODY = defineRoute<typeof ANY_OBJECT>()({ ...createShift });
const WITHOUT_BODY = defineRoute<typeof ANY_OBJECT>()({ ...createShift, body: undefined });
/** GET /bookings as declared (open to every role), without its query and answering any object. */
const GET_BOOKINGS = defineRoute<typeof ANY_OBJECT>()({ ...listBookings, query: undefined });

describe('httpHandler', () => {
  it('takes the caller from API Gateway’s JWT claims, groups given as "[manager]"', async () => {
    const seen = vi.fn();
    const h = httpHandler(WITH_BODY, async ({ caller, body }) => {
      seen(caller, body);
      return { status: 201, body: { ok: true } };
    });
    const reply = await invoke(h, shiftsEvent());
    expect(reply.statusCode).toBe(201);
    expect(seen.mock.calls[0]![0]).toEqual({
      userId: 'usr-mgr-yeovil',
      email: 'manager.yeovil@somerset.example',
      role: 'manager',
      orgId: 'org-somerset',
      practiceIds: ['prc-yeovil-hc', 'prc-west-coker'],
      clinicianId: undefined,
    });
    // The body was validated and transformed: London wall clock to UTC, defaults applied.
    expect(seen.mock.calls[0]![1]).toMatchObject({
      start: '2026-12-03T08:30:00.000Z',
      skills: ['minor-surgery'],
      cascadeMinutes: 0,
    });
  });

  it('answers a role the route table does not allow with 403 before running the handler', async () => {
    const run = vi.fn();
    const h = httpHandler(WITHOUT_BODY, async () => {
      run();
      return { status: 201, body: {} };
    });
    const event = shiftsEvent();
    event.requestContext.authorizer.jwt.claims['cognito:groups'] = '[clinician]';
    records.set(yeovilManager.email, { ...yeovilManager, role: 'clinician' });
    const reply = await invoke(h, event);
    expect(reply.statusCode).toBe(403);
    expect(JSON.parse(reply.body).error.code).toBe('FORBIDDEN');
    expect(run).not.toHaveBeenCalled();
  });

  it('logs one line for a refused request too, with its status', async () => {
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const event = shiftsEvent();
    event.requestContext.authorizer.jwt.claims['cognito:groups'] = '[hr]';
    records.set(yeovilManager.email, { ...yeovilManager, role: 'hr' });
    await invoke(
      httpHandler(WITHOUT_BODY, async () => ({ status: 201, body: {} })),
      event,
    );
    expect(info).toHaveBeenCalledWith('Request served', expect.objectContaining({ status: 403 }));
  });

  it('answers claims without an organisation with 401', async () => {
    const event = shiftsEvent();
    delete event.requestContext.authorizer.jwt.claims['custom:org'];
    const reply = await invoke(
      httpHandler(WITHOUT_BODY, async () => ({ status: 200, body: {} })),
      event,
    );
    expect(reply.statusCode).toBe(401);
  });

  it('lists every bad field in one 400', async () => {
    const event = shiftsEvent();
    event.body = JSON.stringify({ practiceId: 'p', role: 'dentist', start: 'soon', hourlyRatePence: -1 });
    const reply = await invoke(
      httpHandler(WITH_BODY, async () => ({ status: 201, body: {} })),
      event,
    );
    expect(reply.statusCode).toBe(400);
    const paths = JSON.parse(reply.body).error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.role', 'body.start', 'body.end', 'body.hourlyRatePence']));
  });

  it('validates the query string too', async () => {
    const event = shiftsEvent();
    event.body = undefined;
    event.queryStringParameters = { limit: 'lots' };
    const h = httpHandler(
      { ...WITHOUT_BODY, query: z.object({ limit: z.coerce.number().check(z.int()) }) },
      async () => ({
        status: 200,
        body: {},
      }),
    );
    const reply = await invoke(h, event);
    expect(reply.statusCode).toBe(400);
    expect(JSON.parse(reply.body).error.details[0].path).toBe('query.limit');
  });

  it('refuses a body over the limit with 413 before parsing it', async () => {
    const event = shiftsEvent();
    event.body = JSON.stringify({ notes: 'x'.repeat(70 * 1024) });
    const reply = await invoke(
      httpHandler(WITH_BODY, async () => ({ status: 201, body: {} })),
      event,
    );
    expect(reply.statusCode).toBe(413);
    expect(JSON.parse(reply.body).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('maps typed errors to their status and code, with details', async () => {
    const conflict = httpHandler(WITHOUT_BODY, async () => {
      throw new ConflictError('CLASH', 'Overlaps', { reasons: ['CLASH'] });
    });
    const reply = await invoke(conflict, shiftsEvent());
    expect(reply.statusCode).toBe(409);
    expect(JSON.parse(reply.body)).toEqual({
      error: { code: 'CLASH', message: 'Overlaps', details: { reasons: ['CLASH'] } },
    });
    const missing = httpHandler(WITHOUT_BODY, async () => {
      throw new NotFoundError('No shift x');
    });
    expect((await invoke(missing, shiftsEvent())).statusCode).toBe(404);
  });

  it('turns an unexpected error into a 500 that says nothing of it, and logs it', async () => {
    const logged = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const h = httpHandler(WITHOUT_BODY, async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.1:443 at Socket.secret');
    });
    const reply = await invoke(h, shiftsEvent());
    expect(reply.statusCode).toBe(500);
    expect(reply.body).not.toContain('ECONNREFUSED');
    expect(reply.body).not.toContain('Socket');
    expect(JSON.parse(reply.body).error.code).toBe('INTERNAL');
    expect(logged).toHaveBeenCalled();
  });
  describe('checks the claims against the user’s own record', () => {
    const run = vi.fn();
    const h = httpHandler(GET_BOOKINGS, async () => {
      run();
      return { status: 200, body: {} };
    });
    const getEvent = () => {
      const event = shiftsEvent();
      event.body = undefined;
      return event;
    };

    it.each([
      ['another organisation', { 'custom:org': 'org-quantock' }],
      ['other practices', { 'custom:practices': 'prc-yeovil-hc,prc-chard' }],
      ['fewer practices', { 'custom:practices': 'prc-yeovil-hc' }],
      ['a clinician id', { 'custom:clinician': 'cln-someone' }],
      ['another role', { 'cognito:groups': '[admin]' }],
      ['another user id', { sub: 'usr-someone-else' }],
    ])('refuses a token whose claims name %s with 401, before the handler runs', async (_label, patch) => {
      run.mockClear();
      const event = getEvent();
      Object.assign(event.requestContext.authorizer.jwt.claims, patch);
      const reply = await invoke(h, event);
      expect(reply.statusCode).toBe(401);
      expect(JSON.parse(reply.body).error.code).toBe('UNAUTHENTICATED');
      expect(run).not.toHaveBeenCalled();
    });

    it('refuses a disabled or deleted user’s token, and serves the same token while the record agrees', async () => {
      expect((await invoke(h, getEvent())).statusCode).toBe(200);
      const { signInRecords } = await import('../../lib/users/sign-in-check');
      records.set(yeovilManager.email, { ...yeovilManager, status: 'disabled' });
      signInRecords.forget(yeovilManager.email);
      expect((await invoke(h, getEvent())).statusCode).toBe(401);
      records.delete(yeovilManager.email);
      signInRecords.forget(yeovilManager.email);
      expect((await invoke(h, getEvent())).statusCode).toBe(401);
    });
  });
});
