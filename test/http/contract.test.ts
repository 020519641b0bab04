import { Agent, request } from 'node:http';
import { generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../lib/routes/index';
import { baseUrl, call, QUANTOCK, SOMERSET, signIn, tokenFor, userWhere } from '../support/client';

const future = (days: number, time: string) => {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${time}`;
};

const clinicianBody = (overrides: Record<string, unknown> = {}) => ({
  name: 'Dr Asha Patel',
  email: `asha.${Math.random().toString(36).slice(2)}@example.org`,
  phone: '07700 900123',
  roles: ['gp'],
  skills: ['minor-surgery', 'joint-injections'],
  home: { lat: 50.94, lon: -2.63, postcode: 'BA20 1AA' },
  maxTravelKm: 30,
  registration: { body: 'GMC', number: '1234567' },
  compliance: {
    dbsCheckedOn: '2025-03-01',
    trainingExpires: '2027-03-01',
    indemnityExpires: '2027-01-31',
    rightToWork: true,
  },
  employment: 'bank',
  payrollId: 'SHS99123',
  availability: [{ day: 'mon', from: '08:00', to: '18:30' }],
  maxWeeklyHours: 48,
  notify: ['sms', 'email'],
  ...overrides,
});

describe('the public routes', () => {
  it('answers GET /health with {status: ok}', async () => {
    const reply = await call('GET', '/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ status: 'ok' });
  });

  it('serves an OpenAPI 3.1 document naming every deployed route', async () => {
    const reply = await call('GET', '/openapi.json');
    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toBe('3.1.0');
    for (const route of ROUTES) {
      expect(reply.body.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    }
    expect(reply.body.paths['/shifts'].post.requestBody.content['application/json'].schema).toBeDefined();
  });

  it('answers an unknown route with 404 NOT_FOUND in the error shape', async () => {
    const reply = await call('GET', '/no-such-route/here');
    expect(reply.status).toBe(404);
    expect(reply.body.error.code).toBe('NOT_FOUND');
  });
});

describe('authentication', () => {
  it('refuses a missing token with 401 UNAUTHENTICATED', async () => {
    const reply = await call('GET', '/me');
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an unsigned (alg: none) token', async () => {
    const token = new UnsecuredJWT({ sub: 'x', 'custom:org': SOMERSET, 'cognito:groups': ['admin'], token_use: 'id' })
      .setIssuer('https://rota-bank.local/dev')
      .setAudience('rota-bank-local-web')
      .setExpirationTime('1h')
      .encode();
    const reply = await call('GET', '/me', { token });
    expect(reply.status).toBe(401);
  });

  it('refuses a token signed by another key', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ 'custom:org': SOMERSET, 'cognito:groups': ['admin'], token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('intruder')
      .setIssuer('https://rota-bank.local/dev')
      .setAudience('rota-bank-local-web')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const reply = await call('GET', '/practices', { token });
    expect(reply.status).toBe(401);
    expect(reply.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a login for an unknown email and a malformed login body', async () => {
    expect((await call('POST', '/dev/login', { body: { email: 'nobody@nowhere.example' } })).status).toBe(401);
    const bad = await call('POST', '/dev/login', { body: { email: 'not-an-email' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.email');
  });
});

describe('GET /me', () => {
  it('describes each kind of caller from their token', async () => {
    const manager = await userWhere((u) => u.orgId === SOMERSET && u.role === 'manager');
    const me = await call('GET', '/me', { token: await tokenFor(manager) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      id: manager.id,
      role: 'manager',
      orgId: SOMERSET,
      practiceIds: manager.practiceIds,
    });

    const clinician = await userWhere((u) => u.orgId === SOMERSET && u.role === 'clinician');
    const meToo = await call('GET', '/me', { token: await tokenFor(clinician) });
    expect(meToo.body).toMatchObject({ role: 'clinician', clinicianId: clinician.clinicianId });
  });
});

describe('practices', () => {
  it("lists only the caller's organisation's practices, without naming the organisation", async () => {
    const somerset = await call('GET', '/practices', { token: (await signIn(SOMERSET, 'hr')).token });
    expect(somerset.status).toBe(200);
    expect(somerset.body.practices.length).toBeGreaterThanOrEqual(22);
    const quantock = await call('GET', '/practices', { token: (await signIn(QUANTOCK, 'clinician')).token });
    // Two demo practices, and any that other tests added there: all Quantock's, none of Somerset's.
    expect(quantock.body.practices.length).toBeGreaterThanOrEqual(2);
    const ids = new Set(somerset.body.practices.map((p: { id: string }) => p.id));
    expect(quantock.body.practices.filter((p: { id: string }) => ids.has(p.id))).toEqual([]);
    // The organisation is the caller's, named in GET /me only.
    for (const p of [...somerset.body.practices, ...quantock.body.practices]) expect(p).not.toHaveProperty('orgId');
  });

  it('lets an admin add a practice and refuses a manager with 403', async () => {
    const body = {
      name: 'Ilchester Surgery',
      odsCode: 'l85777',
      pcn: 'Yeovil PCN',
      lat: 51.0,
      lon: -2.68,
      email: 'rota@ilchester.example',
    };
    const created = await call('POST', '/practices', { token: (await signIn(SOMERSET, 'admin')).token, body });
    expect(created.status).toBe(201);
    expect(created.body.practice).toMatchObject({ name: 'Ilchester Surgery', odsCode: 'L85777' });
    expect(created.body.practice).not.toHaveProperty('orgId');
    const again = await call('POST', '/practices', { token: (await signIn(SOMERSET, 'admin')).token, body });
    expect(again.status).toBe(409);
    const forbidden = await call('POST', '/practices', { token: (await signIn(SOMERSET, 'manager')).token, body });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
  });

  it('answers bad fields with 400 VALIDATION and one detail per field', async () => {
    const reply = await call('POST', '/practices', {
      token: (await signIn(SOMERSET, 'admin')).token,
      body: { name: '', odsCode: 'nope', lat: 200, lon: -2.6, surprise: true },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('VALIDATION');
    const paths = reply.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.odsCode', 'body.lat']));
  });
});

describe('request bodies', () => {
  it('answers malformed JSON with 400 VALIDATION', async () => {
    const reply = await call('POST', '/shifts', {
      token: (await signIn(SOMERSET, 'admin')).token,
      raw: '{"practiceId": ',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('VALIDATION');
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const reply = await call('POST', '/practices', {
      token: (await signIn(SOMERSET, 'admin')).token,
      raw: JSON.stringify({ name: 'x'.repeat(200_000) }),
    });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers a body over the gateway’s 10 MB with 413 and lets the client use the connection again', async () => {
    // One kept-alive socket: the request after the 413 goes over the connection the 413 came back on (or a fresh
    // one, if the server said it closes it), never into a reset.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(new URL(path, baseUrl()), {
          method,
          agent,
          headers: { 'content-type': 'application/json' },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode!, text: Buffer.concat(chunks).toString() }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = await send('POST', '/practices', Buffer.alloc(12 * 1024 * 1024, 0x20));
      expect(big.status).toBe(413);
      expect(JSON.parse(big.text).error.code).toBe('PAYLOAD_TOO_LARGE');
      for (let i = 0; i < 3; i++) expect((await send('GET', '/health')).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('answers a body that is not JSON with 400', async () => {
    const reply = await call('POST', '/practices', {
      token: (await signIn(SOMERSET, 'admin')).token,
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(reply.status).toBe(400);
  });
});

describe('clinicians', () => {
  it('adds a clinician with the phone in E.164 and gives them a sign-in', async () => {
    const admin = (await signIn(SOMERSET, 'admin')).token;
    const body = clinicianBody({ phone: '+44 (0)7700 900 321' });
    const created = await call('POST', '/clinicians', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body.clinician).toMatchObject({ phone: '+447700900321', roles: ['gp'] });
    expect(created.body.clinician).not.toHaveProperty('orgId');
    expect(created.body.clinician.bookableUntil).toBe('2027-01-31');
    const login = await call('POST', '/dev/login', { body: { email: body.email } });
    expect(login.status).toBe(200);
    const me = await call('GET', '/me', { token: login.body.token });
    expect(me.body).toMatchObject({ role: 'clinician', clinicianId: created.body.clinician.id });
  });

  it('refuses a duplicate email in the same organisation with 409', async () => {
    const admin = (await signIn(SOMERSET, 'admin')).token;
    const body = clinicianBody();
    expect((await call('POST', '/clinicians', { token: admin, body })).status).toBe(201);
    const again = await call('POST', '/clinicians', { token: admin, body: { ...body, phone: '07700 900124' } });
    expect(again.status).toBe(409);
  });

  it('answers bad fields with a detail for each', async () => {
    const reply = await call('POST', '/clinicians', {
      token: (await signIn(SOMERSET, 'admin')).token,
      body: clinicianBody({ phone: '12', roles: ['surgeon'], compliance: { rightToWork: 'yes' }, maxTravelKm: -1 }),
    });
    expect(reply.status).toBe(400);
    const paths = reply.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['body.phone', 'body.roles.0', 'body.compliance.rightToWork', 'body.maxTravelKm']),
    );
  });

  it('lets the clinician read their own record, not a colleague’s (403), and never another organisation’s (404)', async () => {
    const { user, token } = await signIn(SOMERSET, 'clinician');
    expect((await call('GET', `/clinicians/${user.clinicianId}`, { token })).status).toBe(200);
    const colleague = await userWhere((u) => u.orgId === SOMERSET && u.role === 'clinician' && u.id !== user.id);
    const other = await call('GET', `/clinicians/${colleague.clinicianId}`, { token });
    expect(other.status).toBe(403);
    const foreign = await userWhere((u) => u.orgId === QUANTOCK && u.role === 'clinician');
    const admin = (await signIn(SOMERSET, 'admin')).token;
    const hidden = await call('GET', `/clinicians/${foreign.clinicianId}`, { token: admin });
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe('NOT_FOUND');
    // Exactly as if absent: the same reply as for an id nobody has.
    const absent = await call('GET', '/clinicians/cln-nobody', { token: admin });
    expect(hidden.text.replace(foreign.clinicianId!, 'ID')).toBe(absent.text.replace('cln-nobody', 'ID'));
  });

  it('lets a clinician change their availability and travel but not their compliance', async () => {
    const { user, token } = await signIn(SOMERSET, 'clinician');
    const ok = await call('PATCH', `/clinicians/${user.clinicianId}`, {
      token,
      body: { availability: [{ day: 'tue', from: '09:00', to: '17:00' }], maxTravelKm: 12, phone: '07700 900555' },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.clinician).toMatchObject({ maxTravelKm: 12, phone: '+447700900555' });
    const refused = await call('PATCH', `/clinicians/${user.clinicianId}`, {
      token,
      body: { compliance: { rightToWork: true, trainingExpires: '2099-01-01' } },
    });
    expect(refused.status).toBe(403);
    const after = await call('GET', `/clinicians/${user.clinicianId}`, { token });
    expect(after.body.clinician.compliance.trainingExpires).not.toBe('2099-01-01');
    expect(after.body.clinician.maxTravelKm).toBe(12);
  });

  it('refuses a manager changing a clinician (403) and an admin of another organisation (404)', async () => {
    const target = await userWhere((u) => u.orgId === SOMERSET && u.role === 'clinician');
    const manager = await call('PATCH', `/clinicians/${target.clinicianId}`, {
      token: (await signIn(SOMERSET, 'manager')).token,
      body: { maxTravelKm: 5 },
    });
    expect(manager.status).toBe(403);
    const foreign = await call('PATCH', `/clinicians/${target.clinicianId}`, {
      token: (await signIn(QUANTOCK, 'admin')).token,
      body: { maxTravelKm: 5 },
    });
    expect(foreign.status).toBe(404);
  });

  it('lists the bank a page at a time with filters, and refuses the list to clinicians', async () => {
    const token = (await signIn(SOMERSET, 'manager')).token;
    const first = await call('GET', '/clinicians?role=practice-nurse&limit=10', { token });
    expect(first.status).toBe(200);
    expect(first.body.clinicians).toHaveLength(10);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await call('GET', `/clinicians?role=practice-nurse&limit=10&cursor=${first.body.nextCursor}`, {
      token,
    });
    const ids = [...first.body.clinicians, ...second.body.clinicians].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(20);
    for (const c of [...first.body.clinicians, ...second.body.clinicians]) expect(c.roles).toContain('practice-nurse');

    const skilled = await call('GET', '/clinicians?skill=spirometry&limit=200', { token });
    expect(skilled.body.clinicians.length).toBeGreaterThan(0);
    for (const c of skilled.body.clinicians) expect(c.skills).toContain('spirometry');

    const practice = (await call('GET', '/practices', { token })).body.practices[0];
    const near = await call('GET', `/clinicians?near=${practice.id}&role=gp&limit=200`, { token });
    expect(near.status).toBe(200);
    expect(near.body.clinicians.length).toBeGreaterThan(0);

    expect((await call('GET', '/clinicians', { token: (await signIn(SOMERSET, 'clinician')).token })).status).toBe(403);
    expect((await call('GET', '/clinicians?limit=500', { token })).status).toBe(400);
  });

  it("refuses a cursor made for another organisation's list", async () => {
    const quantock = await call('GET', '/clinicians?limit=2', { token: (await signIn(QUANTOCK, 'admin')).token });
    const cursor = quantock.body.nextCursor;
    expect(cursor).toEqual(expect.any(String));
    const reply = await call('GET', `/clinicians?limit=2&cursor=${cursor}`, {
      token: (await signIn(SOMERSET, 'admin')).token,
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error.details[0].path).toBe('query.cursor');
  });
});

describe('shifts', () => {
  async function managerAndPractice() {
    const { user, token } = await signIn(SOMERSET, 'manager');
    return { token, practiceId: user.practiceIds![0]!, user };
  }

  it('posts a shift at a London wall-clock time and returns UTC with the wall clock', async () => {
    const { token, practiceId } = await managerAndPractice();
    const reply = await call('POST', '/shifts', {
      token,
      body: {
        practiceId,
        role: 'practice-nurse',
        skills: ['cervical-screening'],
        start: '2027-07-01T08:30',
        end: '2027-07-01T12:40',
        breakMinutes: 0,
        hourlyRatePence: 3000,
      },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.shift).toMatchObject({
      start: '2027-07-01T07:30:00.000Z',
      end: '2027-07-01T11:40:00.000Z',
      localStart: '2027-07-01T08:30',
      localEnd: '2027-07-01T12:40',
      status: 'open',
      hourlyRatePence: 3000,
      practiceId,
    });
    const got = await call('GET', `/shifts/${reply.body.shift.id}`, { token });
    expect(got.body.shift).toMatchObject({ id: reply.body.shift.id, status: 'open' });
  });

  it('keeps a night across the October clock change 13 real hours long', async () => {
    const { token, practiceId } = await managerAndPractice();
    const reply = await call('POST', '/shifts', {
      token,
      body: { practiceId, role: 'gp', start: '2027-10-30T20:00', end: '2027-10-31T08:00', hourlyRatePence: 9500 },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.shift.start).toBe('2027-10-30T19:00:00.000Z');
    expect(reply.body.shift.end).toBe('2027-10-31T08:00:00.000Z');
    expect(reply.body.shift.localEnd).toBe('2027-10-31T08:00');
  });

  it('accepts explicit offsets and refuses a London time the spring clock change skips', async () => {
    const { token, practiceId } = await managerAndPractice();
    const offset = await call('POST', '/shifts', {
      token,
      body: {
        practiceId,
        role: 'hca',
        start: '2027-06-02T09:00:00+01:00',
        end: '2027-06-02T13:00:00Z',
        hourlyRatePence: 1500,
      },
    });
    expect(offset.status).toBe(201);
    expect(offset.body.shift.localEnd).toBe('2027-06-02T14:00');
    const gap = await call('POST', '/shifts', {
      token,
      body: { practiceId, role: 'hca', start: '2027-03-28T01:30', end: '2027-03-28T05:00', hourlyRatePence: 1500 },
    });
    expect(gap.status).toBe(400);
    expect(gap.body.error.details.map((d: { path: string }) => d.path)).toContain('body.start');
  });

  it('answers impossible shifts with a detail at the field', async () => {
    const { token, practiceId } = await managerAndPractice();
    const cases: [Record<string, unknown>, string][] = [
      [{ start: future(10, '12:00'), end: future(10, '09:00') }, 'body.end'],
      [{ start: future(10, '09:00'), end: future(10, '10:00'), breakMinutes: 60 }, 'body.breakMinutes'],
      [{ start: future(10, '09:00'), end: future(10, '17:00'), hourlyRatePence: 95.5 }, 'body.hourlyRatePence'],
      [{ start: '2020-01-06T09:00', end: '2020-01-06T17:00' }, 'body.start'],
      // Beyond the bank holiday table pay could not price it.
      [{ start: '2070-01-06T09:00', end: '2070-01-06T17:00' }, 'body.start'],
      [{ start: 'next tuesday', end: future(10, '17:00') }, 'body.start'],
      [{ role: 'wizard', start: future(10, '09:00'), end: future(10, '17:00') }, 'body.role'],
    ];
    for (const [patch, path] of cases) {
      const reply = await call('POST', '/shifts', {
        token,
        body: { practiceId, role: 'gp', hourlyRatePence: 9000, ...patch },
      });
      expect(reply.status, JSON.stringify(patch)).toBe(400);
      expect(reply.body.error.code).toBe('VALIDATION');
      expect(
        reply.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(patch),
      ).toContain(path);
    }
  });

  it('gives one detail per bad field, however many rules it breaks (a 700-minute break on a 10-hour shift)', async () => {
    const { token, practiceId } = await managerAndPractice();
    const reply = await call('POST', '/shifts', {
      token,
      body: {
        practiceId,
        role: 'gp',
        hourlyRatePence: 9000,
        start: future(10, '08:00'),
        end: future(10, '18:00'),
        breakMinutes: 700,
      },
    });
    expect(reply.status).toBe(400);
    const details = reply.body.error.details as { path: string; message: string }[];
    expect(details.map((d) => d.path)).toEqual(['body.breakMinutes']);
    // Both rules said in the one entry.
    expect(details[0]!.message).toMatch(/240.*; .*shift|shift.*; .*240/);
  });

  it("refuses a manager posting for a practice they don't run (403), a clinician (403) and another organisation's practice (404)", async () => {
    const { token, user } = await managerAndPractice();
    const practices = (await call('GET', '/practices', { token })).body.practices as { id: string }[];
    const notMine = practices.find((p) => !user.practiceIds!.includes(p.id))!;
    const body = { role: 'gp', start: future(12, '09:00'), end: future(12, '17:00'), hourlyRatePence: 9000 };
    expect((await call('POST', '/shifts', { token, body: { ...body, practiceId: notMine.id } })).status).toBe(403);
    const clinician = (await signIn(SOMERSET, 'clinician')).token;
    expect(
      (await call('POST', '/shifts', { token: clinician, body: { ...body, practiceId: user.practiceIds![0] } })).status,
    ).toBe(403);
    const foreignPractice = (await call('GET', '/practices', { token: (await signIn(QUANTOCK, 'admin')).token })).body
      .practices[0];
    const foreign = await call('POST', '/shifts', { token, body: { ...body, practiceId: foreignPractice.id } });
    expect(foreign.status).toBe(404);
  });

  it('hides a shift from another organisation (404) and lists shifts by practice, status and dates', async () => {
    const { token, practiceId } = await managerAndPractice();
    const posted = await call('POST', '/shifts', {
      token,
      body: {
        practiceId,
        role: 'pharmacist',
        start: '2027-09-14T09:00',
        end: '2027-09-14T17:00',
        hourlyRatePence: 4500,
      },
    });
    const id = posted.body.shift.id;
    const foreign = await call('GET', `/shifts/${id}`, { token: (await signIn(QUANTOCK, 'admin')).token });
    expect(foreign.status).toBe(404);
    const foreignList = await call('GET', '/shifts?limit=200', { token: (await signIn(QUANTOCK, 'admin')).token });
    expect(foreignList.body.shifts.map((s: { id: string }) => s.id)).not.toContain(id);

    const listed = await call(
      'GET',
      `/shifts?practiceId=${practiceId}&status=open&from=2027-09-14T00:00&to=2027-09-15T00:00`,
      { token },
    );
    expect(listed.status).toBe(200);
    expect(listed.body.shifts.map((s: { id: string }) => s.id)).toEqual([id]);
    const none = await call(
      'GET',
      `/shifts?practiceId=${practiceId}&status=filled&from=2027-09-14T00:00&to=2027-09-15T00:00`,
      { token },
    );
    expect(none.body.shifts).toEqual([]);
    expect((await call('GET', '/shifts?status=booked', { token })).status).toBe(400);
  });
});
