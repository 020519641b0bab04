import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Route, routeKey } from '../../lib/http/routes';
import { baseUrl, type Reply } from '../support/client';
import {
  type Actor,
  actor,
  anotherClinician,
  booked,
  call,
  clinicianBody,
  expectError,
  freePhone,
  homePractice,
  manager,
  newClinician,
  offered,
  orgIdsIn,
  otherManager,
  postShift,
  QUANTOCK,
  Secrets,
  SOMERSET,
  shiftBody,
  slotter,
  startedBookings,
  USER_ROLES,
  type UserRole,
} from '../support/security/world';

/**
 * The authorisation matrix, generated from the route table: every deployed
 * route, for every role, as a caller of the record's organisation, of the
 * other organisation, and (where a practice applies) as a manager of another
 * practice, and with no token at all. A route without a fixture fails the
 * completeness test, so a new route cannot slip past the matrix.
 */

interface Prepared {
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  /** Somerset ids the request names; swapped for made-up ones to compare with an absent record. */
  refs?: string[];
  /**
   * `target`: the ids name the record acted on (path or body), so another
   * organisation's caller must get 404. `filter`: the ids only narrow a list,
   * so the reply must merely be the same as for an id nobody has.
   */
  refKind?: 'target' | 'filter';
  /** Who sends it when only the record's owner may (the offered or booked clinician, the clinician themself). */
  actor?: Actor;
  /** The route's method, filled in by the matrix. */
  method?: string;
}

interface Fixture {
  status: number;
  /** A manager acts only for the practices they run: another manager of the organisation gets 403. */
  practiceScoped?: boolean;
  /** Only the clinician the record belongs to may act as a clinician: another clinician gets 403. */
  ownerScoped?: boolean;
  /**
   * A public route whose path holds a secret (a calendar subscription): the
   * secret is the credential, so whoever sends it, with any token or none,
   * gets the same reply, and a made-up secret gets 404 and nothing else.
   */
  capability?: boolean;
  prepare(role: UserRole): Promise<Prepared>;
}

const slot = slotter(400);
const secrets = new Secrets();
/** Started bookings, made together once (each costs a wait for its shift to start). */
let started: Awaited<ReturnType<typeof startedBookings>> = [];
const takeStarted = () => {
  const b = started.pop();
  if (!b) throw new Error('The pool of started bookings ran dry: raise its size in beforeAll');
  secrets.add(b.booking.id, b.shift.id, b.offer.id, b.clinician.clinicianId, b.clinician.user.id);
  return b;
};

async function remember<T extends object>(made: T): Promise<T> {
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'id' || k.endsWith('Id')) && typeof x === 'string' && x !== SOMERSET) secrets.add(x);
        else if (k !== 'token') walk(x);
      }
    }
  };
  walk(made);
  return made;
}

const shift = async () => remember(await postShift(slot()));

const templateBody = (practiceId: string) => ({
  practiceId,
  name: 'Morning clinic',
  role: 'practice-nurse',
  sessions: [{ from: '10:00', to: '11:00', breakMinutes: 0 }],
  hourlyRatePence: 2000,
});
/** A shift template of the manager's first practice, for bulk posting. */
async function shiftTemplate() {
  const m = await manager();
  const reply = await call('POST', '/shift-templates', { token: m.token, body: templateBody(m.practiceId) });
  expect(reply.status, reply.text).toBe(201);
  secrets.add(reply.body.template.id);
  return { templateId: reply.body.template.id as string, practiceId: m.practiceId };
}
const offer = async () => remember(await offered(slot()));
const booking = async () => remember(await booked(slot()));

async function submitted() {
  const b = takeStarted();
  const reply = await call('POST', `/bookings/${b.booking.id}/timesheet`, { token: b.clinician.token, body: {} });
  expect(reply.status, reply.text).toBe(201);
  secrets.add(reply.body.timesheet.id);
  return {
    ...(reply.body.timesheet as { id: string; booked: { start: string; end: string; breakMinutes: number } }),
    actor: b.clinician,
  };
}

let exportId: Promise<string> | undefined;
/** A payroll export that has finished running (the CSV route serves only a ready one). */
function readyExport() {
  exportId ??= (async () => {
    const hr = await actor(SOMERSET, 'hr');
    const started = await call('POST', '/payroll/exports', {
      token: hr.token,
      body: { from: '2026-01-01', to: '2026-03-31' },
    });
    expect(started.status, started.text).toBe(201);
    const id = started.body.export.id as string;
    secrets.add(id);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const got = await call('GET', `/payroll/exports/${id}`, { token: hr.token });
      if (got.body.export.status === 'ready') return id;
      if (got.body.export.status === 'failed' || Date.now() > deadline) throw new Error(`export: ${got.text}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return exportId;
}

const DOC_PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
/** A clinician's document with its file uploaded, pending HR's decision. */
async function uploadedDocument() {
  const c = await remember(await newClinician());
  const made = await call('POST', `/clinicians/${c.clinicianId}/documents`, {
    token: c.token,
    body: { type: 'dbs', fileName: 'dbs.pdf', contentType: 'application/pdf', bytes: DOC_PDF.length },
  });
  expect(made.status, made.text).toBe(201);
  const id = made.body.document.id as string;
  secrets.add(id);
  const sent = await fetch(baseUrl() + made.body.upload.url, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf' },
    body: DOC_PDF,
  });
  expect(sent.status).toBe(200);
  return { id, clinician: c };
}

const odsCode = () => `Y${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;

/**
 * Routes whose matrix fixture is still to be written (each needs a record made
 * through several roles: a pending escalation, an issued invoice). Their own
 * files check who may call them; a route listed here is a known gap, never a
 * forgotten one.
 */
const MATRIX_PENDING: Record<string, string> = {
  'PATCH /practices/{id}': 'test/http/escalations.test.ts',
  'POST /shifts/preview': 'test/http/escalations.test.ts',
  'POST /shifts/{id}/rate': 'test/http/escalations.test.ts',
  'GET /escalations': 'test/http/escalations.test.ts',
  'POST /escalations/{id}/approve': 'test/http/escalations.test.ts',
  'POST /escalations/{id}/reject': 'test/http/escalations.test.ts',
  'POST /invoices/run': 'test/http/invoices.test.ts',
  'GET /invoices': 'test/http/invoices.test.ts',
  'GET /invoices/{id}': 'test/http/invoices.test.ts',
  'GET /invoices/{id}/pdf': 'test/http/invoices.test.ts',
  'POST /invoices/{id}/paid': 'test/http/invoices.test.ts',
  'GET /invoices/{id}/form-a': 'test/http/pension.test.ts',
  'POST /invoices/{id}/form-a/sign': 'test/http/pension.test.ts',
  'GET /clinicians/{id}/pension/form-b': 'test/http/pension.test.ts',
  'GET /pension/at-risk': 'test/http/pension.test.ts',
};

const FIXTURES: Record<string, Fixture> = {
  'GET /health': { status: 200, prepare: async () => ({ path: '/health' }) },
  'GET /openapi.json': { status: 200, prepare: async () => ({ path: '/openapi.json' }) },
  'GET /me': { status: 200, prepare: async () => ({ path: '/me' }) },
  'GET /practices': { status: 200, prepare: async () => ({ path: '/practices' }) },
  'POST /practices': {
    status: 201,
    prepare: async () => ({
      path: '/practices',
      body: { name: 'Matrix Surgery', odsCode: odsCode(), lat: 51.0, lon: -2.7 },
    }),
  },
  'GET /clinicians': { status: 200, prepare: async () => ({ path: '/clinicians', query: { limit: '20' } }) },
  'POST /clinicians': {
    status: 201,
    prepare: async () => ({
      path: '/clinicians',
      body: clinicianBody(await homePractice(), { phone: await freePhone() }),
    }),
  },
  'GET /clinicians/{id}': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const c = await anotherClinician(SOMERSET);
      return { path: `/clinicians/${c.user.clinicianId}`, refs: [c.user.clinicianId!], actor: c };
    },
  },
  'PATCH /clinicians/{id}': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      return { path: `/clinicians/${c.clinicianId}`, body: { maxTravelKm: 30 }, refs: [c.clinicianId], actor: c };
    },
  },
  'POST /clinicians/{id}/disable': {
    status: 200,
    prepare: async () => {
      const c = await newClinician();
      return { path: `/clinicians/${c.clinicianId}/disable`, body: { reason: 'Left the bank' }, refs: [c.clinicianId] };
    },
  },
  'GET /clinicians/{id}/calendar.ics': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const b = await booking();
      return {
        path: `/clinicians/${b.clinician.clinicianId}/calendar.ics`,
        refs: [b.clinician.clinicianId],
        actor: b.clinician,
      };
    },
  },
  'GET /clinicians/{id}/calendar-feed': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const b = await booking();
      const issued = await call('POST', `/clinicians/${b.clinician.clinicianId}/calendar-feed`, {
        token: b.clinician.token,
      });
      expect(issued.status, issued.text).toBe(201);
      secrets.add(new URL(issued.body.feed.url).pathname.split('/')[2]);
      return {
        path: `/clinicians/${b.clinician.clinicianId}/calendar-feed`,
        refs: [b.clinician.clinicianId],
        actor: b.clinician,
      };
    },
  },
  'POST /clinicians/{id}/calendar-feed': {
    status: 201,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      return { path: `/clinicians/${c.clinicianId}/calendar-feed`, refs: [c.clinicianId], actor: c };
    },
  },
  'GET /clinicians/{id}/time-off': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      return { path: `/clinicians/${c.clinicianId}/time-off`, refs: [c.clinicianId], actor: c };
    },
  },
  'POST /clinicians/{id}/time-off': {
    status: 201,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      const day = slot().start.slice(0, 10);
      return {
        path: `/clinicians/${c.clinicianId}/time-off`,
        body: { from: day, to: day },
        refs: [c.clinicianId],
        actor: c,
      };
    },
  },
  'DELETE /clinicians/{id}/time-off/{timeOffId}': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      const day = slot().start.slice(0, 10);
      const made = await call('POST', `/clinicians/${c.clinicianId}/time-off`, {
        token: c.token,
        body: { from: day, to: day },
      });
      expect(made.status, made.text).toBe(201);
      const id = made.body.timeOff.id as string;
      secrets.add(id);
      return { path: `/clinicians/${c.clinicianId}/time-off/${id}`, refs: [c.clinicianId, id], actor: c };
    },
  },
  'POST /clinicians/{id}/ir35': {
    status: 201,
    practiceScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      const { practiceId } = await manager();
      return {
        path: `/clinicians/${c.clinicianId}/ir35`,
        body: { practiceId, determination: 'outside', reason: 'Own indemnity, right of substitution' },
        refs: [c.clinicianId, practiceId],
      };
    },
  },
  'GET /clinicians/{id}/ir35': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      return { path: `/clinicians/${c.clinicianId}/ir35`, refs: [c.clinicianId], actor: c };
    },
  },
  'POST /clinicians/{id}/documents': {
    status: 201,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      return {
        path: `/clinicians/${c.clinicianId}/documents`,
        body: { type: 'cv', fileName: 'cv.pdf', contentType: 'application/pdf', bytes: 1000 },
        refs: [c.clinicianId],
        actor: c,
      };
    },
  },
  'GET /clinicians/{id}/documents': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const c = await remember(await newClinician());
      return { path: `/clinicians/${c.clinicianId}/documents`, refs: [c.clinicianId], actor: c };
    },
  },
  'GET /documents/{id}/file': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const d = await uploadedDocument();
      return { path: `/documents/${d.id}/file`, refs: [d.id], actor: d.clinician };
    },
  },
  'POST /documents/{id}/verify': {
    status: 200,
    prepare: async () => {
      const d = await uploadedDocument();
      return { path: `/documents/${d.id}/verify`, refs: [d.id] };
    },
  },
  'POST /documents/{id}/reject': {
    status: 200,
    prepare: async () => {
      const d = await uploadedDocument();
      return { path: `/documents/${d.id}/reject`, body: { reason: 'The scan is unreadable' }, refs: [d.id] };
    },
  },
  'GET /calendar-feeds/{token}/calendar.ics': {
    status: 200,
    capability: true,
    prepare: async () => {
      const b = await booking();
      const issued = await call('POST', `/clinicians/${b.clinician.clinicianId}/calendar-feed`, {
        token: b.clinician.token,
      });
      expect(issued.status, issued.text).toBe(201);
      const token = new URL(issued.body.feed.url).pathname.split('/')[2]!;
      return { path: `/calendar-feeds/${token}/calendar.ics`, refs: [token] };
    },
  },
  'POST /shifts': {
    status: 201,
    practiceScoped: true,
    prepare: async () => {
      const { practiceId } = await manager();
      return { path: '/shifts', body: shiftBody(practiceId, slot()), refs: [practiceId] };
    },
  },
  'GET /shifts': { status: 200, prepare: async () => ({ path: '/shifts', query: { limit: '20' } }) },
  'POST /shifts/bulk': {
    status: 201,
    practiceScoped: true,
    prepare: async () => {
      const { templateId } = await shiftTemplate();
      return { path: '/shifts/bulk', body: { templateId, dates: [slot().start.slice(0, 10)] }, refs: [templateId] };
    },
  },
  'GET /rota': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const { practiceId } = await manager();
      const from = slot().start.slice(0, 10);
      return { path: '/rota', query: { from, to: from, practiceId }, refs: [practiceId] };
    },
  },
  'POST /shift-templates': {
    status: 201,
    practiceScoped: true,
    prepare: async () => {
      const { practiceId } = await manager();
      return { path: '/shift-templates', body: templateBody(practiceId), refs: [practiceId] };
    },
  },
  'GET /shift-templates': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const { practiceId } = await manager();
      return { path: '/shift-templates', query: { practiceId }, refs: [practiceId] };
    },
  },
  'GET /shifts/{id}': {
    status: 200,
    prepare: async () => {
      const s = await shift();
      return { path: `/shifts/${s.shift.id}`, refs: [s.shift.id] };
    },
  },
  'POST /shifts/{id}/cancel': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const s = await shift();
      return { path: `/shifts/${s.shift.id}/cancel`, body: { reason: 'Covered internally' }, refs: [s.shift.id] };
    },
  },
  'GET /shifts/{id}/matches': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const s = await shift();
      return { path: `/shifts/${s.shift.id}/matches`, refs: [s.shift.id] };
    },
  },
  'POST /shifts/{id}/offers': {
    status: 201,
    practiceScoped: true,
    prepare: async () => {
      const s = await shift();
      const c = await remember(await newClinician());
      return { path: `/shifts/${s.shift.id}/offers`, body: { clinicianIds: [c.clinicianId] }, refs: [s.shift.id] };
    },
  },
  'GET /offers': { status: 200, prepare: async () => ({ path: '/offers' }) },
  'POST /offers/{id}/accept': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const o = await offer();
      return { path: `/offers/${o.offer.id}/accept`, refs: [o.offer.id], actor: o.clinician };
    },
  },
  'POST /offers/{id}/decline': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const o = await offer();
      return { path: `/offers/${o.offer.id}/decline`, refs: [o.offer.id], actor: o.clinician };
    },
  },
  'GET /bookings': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const { practiceId } = await manager();
      return { path: '/bookings', query: { practiceId, limit: '20' }, refs: [practiceId], refKind: 'filter' };
    },
  },
  'POST /bookings/{id}/cancel': {
    status: 200,
    practiceScoped: true,
    ownerScoped: true,
    prepare: async () => {
      const b = await booking();
      return {
        path: `/bookings/${b.booking.id}/cancel`,
        body: { reason: 'Unwell' },
        refs: [b.booking.id],
        actor: b.clinician,
      };
    },
  },
  'POST /bookings/{id}/timesheet': {
    status: 201,
    ownerScoped: true,
    prepare: async () => {
      const b = takeStarted();
      return { path: `/bookings/${b.booking.id}/timesheet`, body: {}, refs: [b.booking.id], actor: b.clinician };
    },
  },
  'GET /timesheets': {
    status: 200,
    practiceScoped: true,
    prepare: async (role) => {
      const { practiceId } = await manager();
      // A clinician sees their own whatever the filter; the practice filter is what a manager is held to.
      return {
        path: '/timesheets',
        query: role === 'clinician' ? { limit: '20' } : ({ practiceId, limit: '20' } as Record<string, string>),
        refs: role === 'clinician' ? [] : [practiceId],
        refKind: 'filter',
      };
    },
  },
  'POST /timesheets/{id}/approve': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const t = await submitted();
      return { path: `/timesheets/${t.id}/approve`, refs: [t.id] };
    },
  },
  'POST /timesheets/{id}/reject': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const t = await submitted();
      return { path: `/timesheets/${t.id}/reject`, body: { reason: 'Hours do not match the rota' }, refs: [t.id] };
    },
  },
  'POST /timesheets/{id}/query': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const t = await submitted();
      return { path: `/timesheets/${t.id}/query`, body: { note: 'Which room were you in?' }, refs: [t.id] };
    },
  },
  'PATCH /timesheets/{id}': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const t = await submitted();
      return { path: `/timesheets/${t.id}`, body: { ...t.booked, note: 'As booked' }, refs: [t.id], actor: t.actor };
    },
  },
  'POST /payroll/exports': {
    status: 201,
    prepare: async () => ({ path: '/payroll/exports', body: { from: '2025-01-01', to: '2025-01-31' } }),
  },
  'GET /payroll/exports': { status: 200, prepare: async () => ({ path: '/payroll/exports' }) },
  'GET /payroll/exports/{id}': {
    status: 200,
    prepare: async () => {
      const id = await readyExport();
      return { path: `/payroll/exports/${id}`, refs: [id] };
    },
  },
  // Only a failed export may be retried: a ready one answers 409 for the roles allowed, which is all the matrix needs.
  'POST /payroll/exports/{id}/retry': {
    status: 409,
    prepare: async () => {
      const id = await readyExport();
      return { path: `/payroll/exports/${id}/retry`, refs: [id] };
    },
  },
  'GET /payroll/exports/{id}/csv': {
    status: 200,
    prepare: async () => {
      const id = await readyExport();
      return { path: `/payroll/exports/${id}/csv`, refs: [id] };
    },
  },
  'GET /reports/summary': {
    status: 200,
    prepare: async () => ({ path: '/reports/summary', query: { from: '2026-01-01', to: '2026-12-31' } }),
  },
  'GET /reports/summary.csv': {
    status: 200,
    prepare: async () => ({
      path: '/reports/summary.csv',
      query: { from: '2026-01-01', to: '2026-12-31', groupBy: 'month' },
    }),
  },
};

/** Routes a successful call of which uses a started booking, and how many their tests take. */
const STARTED_NEEDED = 13;

const DEPLOYED = (ROUTES as readonly Route[]).filter((r) => !r.localOnly);
const allowedRoles = (r: Route): readonly UserRole[] => (r.access === 'public' ? USER_ROLES : r.access);

function send(p: Prepared, token?: string, swap?: Map<string, string>): Promise<Reply> {
  const sub = (text: string) => {
    let out = text;
    for (const [from, to] of swap ?? []) out = out.split(from).join(to);
    return out;
  };
  const qs = p.query ? `?${new URLSearchParams(p.query).toString()}` : '';
  return call(p.method ?? 'GET', sub(p.path + qs), {
    token,
    ...(p.body === undefined ? {} : { raw: sub(JSON.stringify(p.body)) }),
  });
}

/** The request as sent, to tell an echo of the caller's own input from a disclosure. */
const sentText = (p: Prepared, swap?: Map<string, string>) => {
  let text = p.path + JSON.stringify(p.query ?? {}) + JSON.stringify(p.body ?? null);
  for (const [from, to] of swap ?? []) text = text.split(from).join(to);
  return text;
};

const madeUp = (id: string) =>
  `${id.slice(0, 4).replace(/[^a-z-]/gi, 'x')}nobody${Math.random().toString(36).slice(2, 10)}`;

function normalise(text: string, ids: string[]): string {
  let out = text;
  for (const id of ids) out = out.split(id).join('<ID>');
  return out;
}

const shared = new Map<string, Promise<Prepared>>();
/** One prepared request per route for the refusals (they change nothing, so they may share it). */
function sharedFor(route: Route): Promise<Prepared> {
  const key = routeKey(route);
  let p = shared.get(key);
  if (!p) {
    const first = allowedRoles(route)[0]!;
    p = FIXTURES[key]!.prepare(first).then((x) => ({ ...x, method: route.method }));
    shared.set(key, p);
  }
  return p;
}

beforeAll(async () => {
  await secrets.addDemo();
  // Thirteen bookings made together: a busy machine needs the longer lead before their shifts start.
  started = await startedBookings(STARTED_NEEDED, 25);
  for (const b of started) await remember(b);
}, 150_000);

describe('the fixture map', () => {
  it('has a fixture for every deployed route, so a new route cannot escape the matrix', () => {
    const missing = DEPLOYED.map(routeKey).filter((k) => !FIXTURES[k] && !MATRIX_PENDING[k]);
    expect(missing).toEqual([]);
  });

  it('waits on no fixture for a route that has one or is gone', () => {
    const keys = new Set(DEPLOYED.map(routeKey));
    expect(Object.keys(MATRIX_PENDING).filter((k) => FIXTURES[k] || !keys.has(k as never))).toEqual([]);
  });

  it('has no fixture for a route that is no longer in the route table', () => {
    const keys = new Set(DEPLOYED.map(routeKey));
    expect(Object.keys(FIXTURES).filter((k) => !keys.has(k as never))).toEqual([]);
  });
});

describe.concurrent.each(
  DEPLOYED.filter((r) => FIXTURES[routeKey(r)]).map((r) => [routeKey(r), r] as const),
)('%s', (key, route) => {
  const fixture = FIXTURES[key]!;
  const allowed = allowedRoles(route);

  if (route.access === 'public') {
    it('answers without a token', async () => {
      const reply = await send(await sharedFor(route));
      expect(reply.status).toBe(fixture.status);
    });
  } else {
    it('refuses a request without a token with 401 UNAUTHENTICATED', async () => {
      expectError(await send(await sharedFor(route)), 401, 'UNAUTHENTICATED');
    });
  }

  for (const role of USER_ROLES) {
    if (allowed.includes(role)) {
      it(`serves a ${role} of org-somerset (${fixture.status})`, async () => {
        const p = { ...(await fixture.prepare(role)), method: route.method };
        const who = (role === 'clinician' && p.actor) || (await actor(SOMERSET, role));
        const reply = await send(p, who.token);
        expect(reply.status, reply.text.slice(0, 500)).toBe(fixture.status);
        for (const org of orgIdsIn(reply.body)) expect(org).toBe(SOMERSET);
      });
    } else {
      it(`refuses a ${role} of org-somerset with 403 FORBIDDEN`, async () => {
        const p = await sharedFor(route);
        expectError(await send(p, (await actor(SOMERSET, role)).token), 403, 'FORBIDDEN');
      });
    }

    it(`answers a ${role} of org-quantock as if the record were absent, and shows nothing of org-somerset`, async () => {
      const p = await sharedFor(route);
      const { token } = await actor(QUANTOCK, role);
      const refs = p.refs ?? [];
      const swap = new Map(refs.map((id) => [id, madeUp(id)]));
      const real = await send(p, token);
      const absent = refs.length ? await send(p, token, swap) : real;

      expect(real.status, real.text.slice(0, 300)).toBeLessThan(500);
      if (fixture.capability) {
        // Holding the secret is what counts: the same reply as with no token at all, and a guess finds nothing.
        expect(real.status).toBe(fixture.status);
        expect(real.text).toBe((await send(p)).text);
        expectError(absent, 404, 'NOT_FOUND');
        expect(secrets.foundIn(absent.text, sentText(p, swap))).toEqual([]);
        return;
      }
      expect(secrets.foundIn(real.text, sentText(p)), 'org-somerset data in the reply').toEqual([]);
      expect(secrets.foundIn(absent.text, sentText(p, swap))).toEqual([]);
      for (const org of orgIdsIn(real.body)) expect(org).toBe(QUANTOCK);

      if (!allowed.includes(role)) {
        expectError(real, 403, 'FORBIDDEN');
      } else if (refs.length && (p.refKind ?? 'target') === 'target') {
        expectError(real, 404, 'NOT_FOUND');
      }
      if (refs.length) {
        // Exactly as for an id nobody has: same status, same body but for the id itself.
        expect(real.status).toBe(absent.status);
        expect(normalise(real.text, refs)).toBe(normalise(absent.text, [...swap.values()]));
      }
    });
  }

  if (fixture.practiceScoped && allowed.includes('manager')) {
    it("refuses a manager of a practice they don't run with 403 FORBIDDEN", async () => {
      const p = await sharedFor(route);
      const { practiceId } = await manager();
      const other = await otherManager(practiceId);
      expectError(await send(p, other.token), 403, 'FORBIDDEN');
    });
  }

  if (fixture.ownerScoped && allowed.includes('clinician')) {
    it('refuses a clinician other than the one the record belongs to with 403 FORBIDDEN', async () => {
      const p = await sharedFor(route);
      const other = await anotherClinician(SOMERSET, p.actor?.user.clinicianId);
      expectError(await send(p, other.token), 403, 'FORBIDDEN');
    });
  }
});

describe('lists', () => {
  const LISTS: Record<string, string> = {
    'GET /practices': 'practices',
    'GET /clinicians': 'clinicians',
    'GET /shifts': 'shifts',
    'GET /bookings': 'bookings',
    'GET /offers': 'offers',
    'GET /timesheets': 'timesheets',
    'GET /payroll/exports': 'exports',
  };
  const present = DEPLOYED.filter((r) => LISTS[routeKey(r)]);

  it("would notice org-somerset's data: the scan finds its ids in org-somerset's own replies", async () => {
    const { token } = await actor(SOMERSET, 'admin');
    const practices = await call('GET', '/practices', { token });
    expect(secrets.foundIn(practices.text, '')).toEqual(expect.arrayContaining([(await manager()).practiceId]));
    const shifts = await call('GET', '/shifts?limit=200', { token });
    expect(secrets.foundIn(shifts.text, '').length).toBeGreaterThan(1);
    // Records do not name their organisation (only GET /me does), so the org scan checks /me.
    expect(orgIdsIn(practices.body)).toEqual([]);
    expect(orgIdsIn((await call('GET', '/me', { token })).body)).toEqual([SOMERSET]);
  });

  it.each(
    present.map((r) => [routeKey(r), r] as const),
  )("%s gives every caller of either organisation only their organisation's items", async (key, route) => {
    const path = route.path + (key === 'GET /practices' || key === 'GET /offers' ? '' : '?limit=200');
    for (const org of [SOMERSET, QUANTOCK]) {
      for (const role of allowedRoles(route)) {
        const who = await actor(org, role);
        const reply = await call('GET', path, { token: who.token });
        expect(reply.status, `${org} ${role}: ${reply.text.slice(0, 200)}`).toBe(200);
        const items = reply.body[LISTS[key]!] as { orgId?: string }[];
        expect(Array.isArray(items)).toBe(true);
        for (const item of items) if (item.orgId !== undefined) expect(item.orgId, `${org} ${role}`).toBe(org);
        if (org === QUANTOCK) expect(secrets.foundIn(reply.text, '')).toEqual([]);
      }
    }
  });
});
