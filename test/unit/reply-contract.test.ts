import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvent } from '../../events';
import type { Shift } from '../../lib/domain/types';
import { type HttpEvent, httpHandler } from '../../lib/http/handler';
import { presentShift } from '../../lib/http/present';
import { getShift } from '../../lib/routes/shifts';
import { useUserLookup } from '../../lib/users/sign-in-check';
import { replyViolations } from '../support/contract';

/**
 * The check `call()` runs on every reply of the HTTP tests, here against a
 * handler built on the real route declaration: a field the route does not
 * declare fails it, as does an undeclared status or media type.
 */

const shift: Shift = {
  orgId: 'org-somerset',
  id: 'shf-1',
  practiceId: 'prc-1',
  role: 'gp',
  skills: [],
  start: '2027-07-01T07:30:00.000Z',
  end: '2027-07-01T11:30:00.000Z',
  breakMinutes: 0,
  hourlyRatePence: 9000,
  cascadeMinutes: 30,
  status: 'open',
  postedAt: '2026-12-01T09:00:00.000Z',
  postedBy: 'usr-1',
  round: 2,
};

// The stack checks the token's claims against the user's record: the fixture's manager, as the table holds them.
beforeAll(() =>
  useUserLookup({
    get: async (email) =>
      email === 'manager.yeovil@somerset.example'
        ? {
            id: 'usr-mgr-yeovil',
            email,
            name: 'Yeovil Manager',
            role: 'manager',
            orgId: 'org-somerset',
            practiceIds: ['prc-yeovil-hc', 'prc-west-coker'],
          }
        : undefined,
  }),
);
afterAll(() => useUserLookup(undefined));

const context = { awsRequestId: 'r', functionName: 't', getRemainingTimeInMillis: () => 1000 } as unknown as Context & {
  rota: never;
};

async function served(body: unknown) {
  const event = loadEvent<HttpEvent>('http-post-shifts');
  event.body = undefined;
  event.pathParameters = { id: 'shf-1' };
  // The handler's type refuses an undeclared field in a literal; a record spread in at run time is what slips through.
  const handler = httpHandler(getShift, async () => ({ status: 200, body: body as never }));
  const reply = (await handler(event, context)) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };
  return replyViolations('GET', '/shifts/shf-1', {
    status: reply.statusCode,
    contentType: reply.headers['content-type'] ?? null,
    text: reply.body,
  });
}

describe('the reply check every HTTP test runs', () => {
  it('passes a handler sending exactly the presented record', async () => {
    expect(await served({ shift: presentShift(shift) })).toEqual([]);
  });

  it('fails a handler sending a field the route does not declare', async () => {
    const problems = await served({ shift: { ...presentShift(shift), orgId: shift.orgId } });
    expect(problems).toEqual([
      expect.stringMatching(/GET \/shifts\/\{id\} -> 200: \/shift must NOT have additional properties 'orgId'/),
    ]);
  });

  it('fails a handler sending the stored record instead of the presented one', async () => {
    const problems = await served({ shift });
    expect(problems.join('\n')).toMatch(/'postedBy'/);
    expect(problems.join('\n')).toMatch(/'round'/);
  });

  it('fails a missing declared field, an undeclared status and a wrong media type', async () => {
    const { localStart: _dropped, ...partial } = presentShift(shift);
    expect((await served({ shift: partial })).join('\n')).toMatch(/must have required property 'localStart'/);
    expect(
      replyViolations('GET', '/shifts/shf-1', { status: 410, contentType: 'application/json', text: '{}' }),
    ).toEqual([expect.stringContaining('status not declared')]);
    expect(
      replyViolations('GET', '/payroll/exports/x/csv', { status: 200, contentType: 'application/json', text: '"a,b"' }),
    ).toEqual([expect.stringContaining('declared text/csv')]);
    expect(
      replyViolations('GET', '/payroll/exports/x/csv', {
        status: 200,
        contentType: 'text/csv; charset=utf-8',
        text: 'a,b',
      }),
    ).toEqual([]);
  });

  it('leaves alone what is not an API route', () => {
    expect(replyViolations('GET', '/dev/users', { status: 200, contentType: 'text/plain', text: 'x' })).toEqual([]);
  });
});
