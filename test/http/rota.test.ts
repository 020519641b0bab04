import { describe, expect, it } from 'vitest';
import { formatShiftWhen } from '../../lib/notify/templates';
import { call, QUANTOCK, SOMERSET, signIn } from '../support/client';

const template = (practiceId: string, name = 'GP day') => ({
  practiceId,
  name,
  role: 'gp',
  sessions: [
    { from: '08:00', to: '12:10', breakMinutes: 0 },
    { from: '14:00', to: '18:10', breakMinutes: 0 },
  ],
  hourlyRatePence: 9500,
});

async function managerWithTemplate() {
  const { user, token } = await signIn(SOMERSET, 'manager');
  const practiceId = user.practiceIds![0]!;
  const created = await call('POST', '/shift-templates', { token, body: template(practiceId) });
  expect(created.status).toBe(201);
  return { user, token, practiceId, template: created.body.template };
}

describe('GET /rota', () => {
  it('answers 400 VALIDATION for more than 42 days, a "to" before "from" and a missing date', async () => {
    const { token } = await signIn(SOMERSET, 'manager');
    for (const query of ['from=2028-01-01&to=2028-02-12', 'from=2028-01-02&to=2028-01-01', 'to=2028-01-01']) {
      const reply = await call('GET', `/rota?${query}`, { token });
      expect(reply.status, query).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION');
    }
    expect((await call('GET', '/rota?from=2028-01-01&to=2028-02-11', { token })).status).toBe(200);
  });

  it('refuses a manager a practice they do not run, a clinician altogether, and a stranger without a token', async () => {
    const { user, token } = await signIn(SOMERSET, 'manager');
    const admin = await signIn(SOMERSET, 'admin');
    const practices = (await call('GET', '/practices', { token: admin.token })).body.practices as { id: string }[];
    const other = practices.find((p) => !user.practiceIds!.includes(p.id))!;
    const refused = await call('GET', `/rota?from=2028-01-03&to=2028-01-09&practiceId=${other.id}`, { token });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const quantock = await signIn(QUANTOCK, 'admin');
    expect(
      (await call('GET', `/rota?from=2028-01-03&to=2028-01-09&practiceId=${other.id}`, { token: quantock.token }))
        .status,
    ).toBe(404);
    const clinician = await signIn(SOMERSET, 'clinician');
    expect((await call('GET', '/rota?from=2028-01-03&to=2028-01-09', { token: clinician.token })).status).toBe(403);
    expect((await call('GET', '/rota?from=2028-01-03&to=2028-01-09')).status).toBe(401);
  });
});

describe('shift templates and POST /shifts/bulk', () => {
  it('saves a template and lists it for its practice', async () => {
    const { token, practiceId, template: saved } = await managerWithTemplate();
    expect(saved).toMatchObject({ practiceId, name: 'GP day', role: 'gp', hourlyRatePence: 9500 });
    expect(saved).not.toHaveProperty('orgId');
    const listed = await call('GET', `/shift-templates?practiceId=${practiceId}`, { token });
    expect(listed.status).toBe(200);
    expect(listed.body.templates.map((t: { id: string }) => t.id)).toContain(saved.id);
    const bad = await call('POST', '/shift-templates', {
      token,
      body: { ...template(practiceId), sessions: [{ from: '25:00', to: '12:00' }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain('body.sessions.0.from');
  });

  it('posts two shifts a day, shows them in the week view, and answers a repeated Idempotency-Key with the first result', async () => {
    const { token, practiceId, template: saved } = await managerWithTemplate();
    const body = { templateId: saved.id, from: '2028-03-06', to: '2028-03-12', days: ['mon', 'wed'] };
    const headers = { 'idempotency-key': `bulk-${saved.id}` };
    const [first, second] = await Promise.all([
      call('POST', '/shifts/bulk', { token, body, headers }),
      call('POST', '/shifts/bulk', { token, body, headers }),
    ]);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    // The same body to the byte, as API.md says ("same status and body"), not merely an equal object.
    expect(second.text).toBe(first.text);
    expect(first.body.skipped).toEqual([]);
    expect(first.body.shifts.map((s: { localStart: string }) => s.localStart)).toEqual([
      '2028-03-06T08:00',
      '2028-03-06T14:00',
      '2028-03-08T08:00',
      '2028-03-08T14:00',
    ]);
    const again = await call('POST', '/shifts/bulk', { token, body, headers });
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);

    const rota = await call('GET', `/rota?from=2028-03-06&to=2028-03-12&practiceId=${practiceId}`, { token });
    expect(rota.status).toBe(200);
    const mine = rota.body.days.flatMap((d: { date: string; shifts: { id: string }[] }) =>
      d.shifts.filter((s) => first.body.shifts.some((p: { id: string }) => p.id === s.id)).map(() => d.date),
    );
    expect(mine).toEqual(['2028-03-06', '2028-03-06', '2028-03-08', '2028-03-08']);
    expect(rota.body.days).toHaveLength(7);

    // Without the key, the same dates are already posted: every session comes back skipped.
    const repeat = await call('POST', '/shifts/bulk', { token, body });
    expect(repeat.status).toBe(201);
    expect(repeat.body.shifts).toEqual([]);
    expect(repeat.body.skipped.map((s: { reason: string }) => s.reason)).toEqual([
      'DUPLICATE',
      'DUPLICATE',
      'DUPLICATE',
      'DUPLICATE',
    ]);
    // The key with another body is refused.
    const reused = await call('POST', '/shifts/bulk', { token, body: { ...body, days: ['tue'] }, headers });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('answers 400 for more than 200 shifts, 404 for another organisation’s template', async () => {
    const { token, template: saved } = await managerWithTemplate();
    const tooMany = await call('POST', '/shifts/bulk', {
      token,
      body: { templateId: saved.id, from: '2029-01-01', to: '2029-12-31', days: ['mon', 'tue', 'wed'] },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.code).toBe('VALIDATION');
    const quantock = await signIn(QUANTOCK, 'admin');
    const foreign = await call('POST', '/shifts/bulk', {
      token: quantock.token,
      body: { templateId: saved.id, dates: ['2029-01-01'] },
    });
    expect(foreign.status).toBe(404);
    const badKey = await call('POST', '/shifts/bulk', {
      token,
      body: { templateId: saved.id, dates: ['2029-01-01'] },
      headers: { 'idempotency-key': 'has spaces in it' },
    });
    expect(badKey.status).toBe(400);
  });

  it('names the bad field of a body that fits neither form (dates, or a pattern), by the form it comes closest to', async () => {
    const { token, template: saved } = await managerWithTemplate();
    const dates = Array.from(
      { length: 201 },
      (_, i) => `2030-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    );
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ dates: ['2029-01-01'] }, 'body.templateId', /expected string/],
      [{ templateId: 123, dates: ['2029-01-01'] }, 'body.templateId', /expected string/],
      [{ templateId: saved.id, dates: '2029-01-01' }, 'body.dates', /expected array/],
      [{ templateId: saved.id, dates }, 'body.dates', /200/],
      [{ templateId: saved.id, from: '2029-01-01', to: '2029-01-31', days: ['monday'] }, 'body.days.0', /mon/],
      [{ templateId: saved.id }, 'body.dates', /expected array/],
    ];
    for (const [body, path, message] of cases) {
      const reply = await call('POST', '/shifts/bulk', { token, body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION');
      expect(reply.body.error.details, JSON.stringify(body)).toEqual([
        { path, message: expect.stringMatching(message) },
      ]);
    }
  });
});

describe('offers of a bulk post by text', () => {
  it('texts each clinician offered several of its shifts once, listing every code', async () => {
    const { user, token } = await signIn(SOMERSET, 'manager');
    const practiceId = user.practiceIds![1] ?? user.practiceIds![0]!;
    const practiceName = (await call('GET', '/practices', { token })).body.practices.find(
      (p: { id: string; name: string }) => p.id === practiceId,
    ).name as string;
    const created = await call('POST', '/shift-templates', {
      token,
      body: {
        practiceId,
        name: 'Bloods',
        role: 'practice-nurse',
        sessions: [{ from: '09:00', to: '11:00', breakMinutes: 0 }],
        hourlyRatePence: 3100,
        cascadeMinutes: 0,
      },
    });
    expect(created.status).toBe(201);
    // Soon enough that the demo bank's compliance still holds, far enough not to meet other files' shifts.
    const dates = [100, 101, 102].map((d) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));
    const posted = await call('POST', '/shifts/bulk', {
      token,
      body: { templateId: created.body.template.id, dates },
    });
    expect(posted.status).toBe(201);
    expect(posted.body.shifts).toHaveLength(3);
    const whens = (posted.body.shifts as { start: string; end: string }[]).map((x) => formatShiftWhen(x.start, x.end));

    // The outbox is relayed from the table's stream: wait for it to settle.
    const summaries = async () =>
      ((await call('GET', '/dev/outbox?kind=offer')).body.messages as { to: string; body: string; channel: string }[])
        .filter((m) => m.channel === 'sms' && whens.some((w) => m.body.includes(w)))
        .filter((m) => m.body.includes(practiceName.slice(0, 12)));
    let texts = await summaries();
    for (let seen = -1, i = 0; i < 30 && (texts.length === 0 || texts.length !== seen); i++) {
      seen = texts.length;
      await new Promise((r) => setTimeout(r, 500));
      texts = await summaries();
    }
    expect(texts.length).toBeGreaterThan(0);
    const recipients = texts.map((t) => t.to);
    expect(new Set(recipients).size).toBe(recipients.length); // one text each
    // Each lists every offer its clinician was made (some work only some of the days), one line and code each.
    for (const t of texts) {
      const count = Number(/^Shift offers \((\d)\): Practice nurse at /.exec(t.body)?.[1]);
      const lines = t.body.split('\n').filter((l) => /^\d{4}: /.test(l));
      expect(lines).toHaveLength(count);
      for (const line of lines) expect(whens).toContain(line.slice(6));
    }
    expect(texts.some((t) => t.body.startsWith('Shift offers (3)'))).toBe(true);
  });
});
