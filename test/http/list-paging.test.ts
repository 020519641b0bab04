import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  actor,
  call,
  clinicianBody,
  expectError,
  freePhone,
  homePractice,
  manager,
  newClinician,
  offered,
  QUANTOCK,
  SOMERSET,
  slotter,
  startedBookings,
} from '../support/security/world';

/**
 * Lists page as the contract says: `?limit=` (default 50, max 200) and
 * `?cursor=`, with `nextCursor` while more remain. Each list here is walked
 * a few items at a time and must give what one long page gives, each item
 * once, in the same order; a bad limit or cursor answers 400 VALIDATION.
 */

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
// Days no other file posts on, within the three years a clinician's DBS check lasts.
const slot = slotter(1010);

/** Follows the list's cursors, `limit` at a time: each page but the last full and carrying the next cursor. */
async function walk(path: string, key: string, token: string, limit: number) {
  const pages: Record<string, unknown>[][] = [];
  let cursor: string | undefined;
  const sep = path.includes('?') ? '&' : '?';
  for (let i = 0; i < 500; i++) {
    const reply = await call(
      'GET',
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      {
        token,
      },
    );
    expect(reply.status, reply.text.slice(0, 300)).toBe(200);
    const items = reply.body[key] as Record<string, unknown>[];
    pages.push(items);
    cursor = reply.body.nextCursor;
    if (!cursor) return pages;
    expect(items, `page ${i + 1} has a next page`).toHaveLength(limit);
  }
  throw new Error(`${path} never ended`);
}

/** Walking `limit` at a time gives what one long page gives, in its order, with more than one page. */
async function expectPages(path: string, key: string, token: string, limit: number, idOf: (item: any) => string) {
  // The whole list, 200 (the most) a page: the shared runtime may hold more than that by now.
  const all = (await walk(path, key, token, 200)).flat().map(idOf);
  expect(all.length, `${path} holds more than one page of ${limit}`).toBeGreaterThan(limit);
  expect(new Set(all).size).toBe(all.length);
  const pages = await walk(path, key, token, limit);
  expect(pages.length).toBe(Math.ceil(all.length / limit));
  expect(pages.flat().map(idOf)).toEqual(all);
  return all;
}

const BAD = [
  ['limit=0', 'query.limit'],
  ['limit=201', 'query.limit'],
  ['limit=-1', 'query.limit'],
  ['limit=two', 'query.limit'],
  ['cursor=not-a-cursor', 'query.cursor'],
  [`cursor=${Buffer.from('{"PK":"ORG#org-somerset"}').toString('base64url')}`, 'query.cursor'],
  [`cursor=${'x'.repeat(3000)}`, 'query.cursor'],
] as const;

async function expectRefusals(path: string, token: string) {
  const sep = path.includes('?') ? '&' : '?';
  for (const [query, at] of BAD) {
    const reply = await call('GET', `${path}${sep}${query}`, { token });
    expectError(reply, 400, 'VALIDATION');
    const paths = (reply.body.error.details ?? []).map((d: { path: string }) => d.path);
    expect(paths, `${path}?${query}: ${reply.text.slice(0, 300)}`).toContain(at);
  }
}

describe('GET /invoices pages', () => {
  let hr: Actor;

  beforeAll(async () => {
    hr = await actor(SOMERSET, 'hr');
    // Three self-employed locums each work a (one-minute) shift; the practice approves; HR invoices the month.
    const bookings = await startedBookings(3, () => newClinician({ employment: 'self-employed' }));
    const m = await manager();
    for (const { booking, clinician } of bookings) {
      const sent = await call('POST', `/bookings/${booking.id}/timesheet`, { token: clinician.token, body: {} });
      expect(sent.status, sent.text).toBe(201);
      const approved = await call('POST', `/timesheets/${sent.body.timesheet.id}/approve`, { token: m.token });
      expect(approved.status, approved.text).toBe(200);
    }
    const worked = await call('GET', `/shifts/${bookings[0]!.shift.id}`, { token: m.token });
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
      .format(new Date(worked.body.shift.start))
      .slice(0, 7);
    const run = await call('POST', '/invoices/run', { token: hr.token, body: { month } });
    expect(run.status, run.text).toBe(200);
    expect(run.body.invoices.length).toBeGreaterThanOrEqual(3);
  }, 180_000);

  it('walks every invoice two at a time, each once, and a manager’s a page at a time', async () => {
    await expectPages('/invoices', 'invoices', hr.token, 2, (i) => i.id);
    const m = await manager();
    await expectPages(`/invoices?practiceId=${m.practiceId}`, 'invoices', m.token, 1, (i) => i.id);
  });

  it('refuses a bad limit or cursor with 400 VALIDATION', async () => {
    await expectRefusals('/invoices', hr.token);
    const first = await call('GET', '/invoices?limit=1', { token: hr.token });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    // Another organisation's list does not take it.
    const theirs = await actor(QUANTOCK, 'hr');
    const reply = await call('GET', `/invoices?limit=1&cursor=${first.body.nextCursor}`, { token: theirs.token });
    expectError(reply, 400, 'VALIDATION');
  });
});

describe('GET /escalations pages', () => {
  let admin: Actor;
  let practiceId: string;
  let capsBefore: Record<string, number>;

  beforeAll(async () => {
    // In the second organisation, so no other file's caps or escalations meet these.
    admin = await actor(QUANTOCK, 'admin');
    const boss = await actor(QUANTOCK, 'manager');
    practiceId = boss.user.practiceIds![0]!;
    const practices = await call('GET', '/practices?limit=200', { token: admin.token });
    capsBefore = practices.body.practices.find((p: { id: string }) => p.id === practiceId).maxHourlyRatePence ?? {};
    const capped = await call('PATCH', `/practices/${practiceId}`, {
      token: admin.token,
      body: { maxHourlyRatePence: { ...capsBefore, 'health-coach': 2100 } },
    });
    expect(capped.status, capped.text).toBe(200);
    for (let i = 0; i < 3; i++) {
      const posted = await call('POST', '/shifts', {
        token: boss.token,
        body: { practiceId, role: 'health-coach', ...slot(), hourlyRatePence: 2000, cascadeMinutes: 0 },
      });
      expect(posted.status, posted.text).toBe(201);
      const raised = await call('POST', `/shifts/${posted.body.shift.id}/rate`, {
        token: boss.token,
        body: { hourlyRatePence: 3000, reason: 'Nobody has taken it' },
      });
      expect(raised.status, raised.text).toBe(202);
    }
  });

  afterAll(async () => {
    await call('PATCH', `/practices/${practiceId}`, { token: admin.token, body: { maxHourlyRatePence: capsBefore } });
  });

  it('walks every escalation two at a time, newest first, each once', async () => {
    const all = await expectPages('/escalations', 'escalations', admin.token, 2, (e) => e.id);
    const pending = await expectPages('/escalations?status=pending', 'escalations', admin.token, 1, (e) => e.id);
    expect(all).toEqual(expect.arrayContaining(pending));
  });

  it('refuses a bad limit or cursor with 400 VALIDATION', async () => {
    await expectRefusals('/escalations', admin.token);
  });
});

describe('GET /compliance/at-risk pages', () => {
  let hr: Actor;

  beforeAll(async () => {
    hr = await actor(SOMERSET, 'hr');
    const admin = await actor(SOMERSET, 'admin');
    const home = await homePractice();
    // Three clinicians whose training lapses within the month, two on the same day.
    for (const days of [9, 9, 12]) {
      const body = clinicianBody(home, { phone: await freePhone() });
      const created = await call('POST', '/clinicians', {
        token: admin.token,
        body: { ...body, compliance: { ...body.compliance, trainingExpires: isoDay(days) } },
      });
      expect(created.status, created.text).toBe(201);
    }
  });

  it('walks every lapse two at a time, soonest first, each once', async () => {
    const place = (l: { clinicianId: string; documentType: string }) => `${l.clinicianId}:${l.documentType}`;
    await expectPages('/compliance/at-risk', 'atRisk', hr.token, 2, place);
    await expectPages('/compliance/at-risk?days=60', 'atRisk', hr.token, 2, place);
  });

  it('refuses a bad limit or cursor, or a cursor of another look ahead, with 400 VALIDATION', async () => {
    await expectRefusals('/compliance/at-risk', hr.token);
    const first = await call('GET', '/compliance/at-risk?limit=1', { token: hr.token });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const other = await call('GET', `/compliance/at-risk?days=60&limit=1&cursor=${first.body.nextCursor}`, {
      token: hr.token,
    });
    expectError(other, 400, 'VALIDATION');
  });
});

describe('the other lists page too', () => {
  let admin: Actor;
  let hr: Actor;

  beforeAll(async () => {
    admin = await actor(SOMERSET, 'admin');
    hr = await actor(SOMERSET, 'hr');
  });

  it('GET /practices walks every practice two at a time, by name, each once', async () => {
    // Names repeat across the test files' practices: each is known by its id, and they come by name.
    const practices = await expectPages('/practices', 'practices', admin.token, 2, (p) => `${p.name}\u0000${p.id}`);
    const names = practices.map((p) => p.split('\u0000')[0]!);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await expectRefusals('/practices', admin.token);
  });

  it('GET /offers walks a clinician’s live offers one at a time, soonest first, each once', async () => {
    const me = await newClinician();
    for (let i = 0; i < 3; i++) await offered(slot(), me);
    const starts = await expectPages('/offers', 'offers', me.token, 1, (o) => o.shift.start);
    expect(starts).toEqual([...starts].sort());
    await expectRefusals('/offers', me.token);
  });

  it('GET /clinicians/{id}/time-off walks the time off two at a time, soonest first, each once', async () => {
    const me = await newClinician();
    const path = `/clinicians/${me.clinicianId}/time-off`;
    for (const days of [40, 20, 30]) {
      const made = await call('POST', path, { token: me.token, body: { from: isoDay(days), to: isoDay(days) } });
      expect(made.status, made.text).toBe(201);
    }
    expect(await expectPages(path, 'timeOff', me.token, 2, (t) => t.from)).toEqual([
      isoDay(20),
      isoDay(30),
      isoDay(40),
    ]);
    await expectRefusals(path, admin.token);
  });

  it('GET /clinicians/{id}/ir35 walks the determinations two at a time, newest first, each once', async () => {
    const ltd = await newClinician({ employment: 'limited-company' });
    const m = await manager();
    const path = `/clinicians/${ltd.clinicianId}/ir35`;
    for (const determination of ['inside', 'outside', 'inside']) {
      const made = await call('POST', path, {
        token: m.token,
        body: { practiceId: m.practiceId, determination, reason: `Reviewed: ${determination}` },
      });
      expect(made.status, made.text).toBe(201);
    }
    const decided = await expectPages(path, 'determinations', admin.token, 2, (d) => d.decidedAt);
    expect(decided).toEqual([...decided].sort().reverse());
    await expectRefusals(path, admin.token);
  });

  it('GET /pension/at-risk refuses a bad limit or cursor, and pages what it has', async () => {
    await expectRefusals('/pension/at-risk', hr.token);
    const first = await call('GET', '/pension/at-risk?limit=1', { token: hr.token });
    expect(first.status, first.text).toBe(200);
    expect(first.body.sessions.length).toBeLessThanOrEqual(1);
  });

  it('GET /shift-templates walks a practice’s templates two at a time, oldest first, each once', async () => {
    const m = await manager();
    for (let i = 0; i < 3; i++) {
      const made = await call('POST', '/shift-templates', {
        token: m.token,
        body: {
          practiceId: m.practiceId,
          name: `Paging ${i}`,
          role: 'gp',
          sessions: [{ from: '08:00', to: '12:10', breakMinutes: 0 }],
          hourlyRatePence: 9500,
        },
      });
      expect(made.status, made.text).toBe(201);
    }
    const path = `/shift-templates?practiceId=${m.practiceId}`;
    const ids = await expectPages(path, 'templates', m.token, 2, (t) => t.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    await expectRefusals(path, m.token);
  });

  it('GET /clinicians/{id}/documents walks a clinician’s documents two at a time, oldest first, each once', async () => {
    const me = await newClinician();
    const path = `/clinicians/${me.clinicianId}/documents`;
    const made: string[] = [];
    for (const type of ['dbs', 'cv', 'reference']) {
      const reply = await call('POST', path, {
        token: me.token,
        body: { type, issuedOn: '2026-01-12', fileName: `${type}.pdf`, contentType: 'application/pdf', bytes: 1000 },
      });
      expect(reply.status, reply.text).toBe(201);
      made.push(reply.body.document.id);
    }
    expect(await expectPages(path, 'documents', hr.token, 2, (d) => d.id)).toEqual(made);
    await expectRefusals(path, hr.token);
  });

  it('GET /invites walks the invitations two at a time, newest first, each once', async () => {
    for (let i = 0; i < 3; i++) {
      const sent = await call('POST', '/invites', {
        token: hr.token,
        body: { email: `paging.${Date.now()}.${i}@bank.example`, roles: ['phlebotomist'] },
      });
      expect(sent.status, sent.text).toBe(201);
    }
    const made = await expectPages('/invites', 'invites', hr.token, 2, (i) => `${i.createdAt} ${i.id}`);
    expect(made).toEqual([...made].sort().reverse());
    await expectRefusals('/invites', hr.token);
  });
});
