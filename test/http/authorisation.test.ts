import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type Route, routeKey } from '../../lib/routes/index';
import type { Reply } from '../support/client';
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
  /**
   * Each successful call uses the record up (an invitation accepted): every
   * request, the refusals' included, is prepared afresh, and a second sending
   * of a request that succeeded must be refused as the record is spent.
   */
  singleUse?: boolean;
  prepare(role: UserRole): Promise<Prepared>;
}

const slot = slotter(400);
const secrets = new Secrets();
/** Started bookings, made together once (each costs a wait for its shift to start). */
let started: Awaited<ReturnType<typeof startedBookings>> = [];
/** The same, for self-employed pension members, whose approved work is invoiced (with a Form A), not paid through payroll. */
let startedSelfEmployed: typeof started = [];
const take = (pool: typeof started, size: string) => {
  const b = pool.pop();
  if (!b) throw new Error(`The pool of started bookings ran dry: raise ${size} in beforeAll`);
  secrets.add(b.booking.id, b.shift.id, b.offer.id, b.clinician.clinicianId, b.clinician.user.id);
  return b;
};
const takeStarted = () => take(started, 'STARTED_NEEDED');

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

/** A practice of the organisation's own for this file, so changing it disturbs no practice other files post at. */
async function newPractice() {
  const admin = await actor(SOMERSET, 'admin');
  const made = await call('POST', '/practices', {
    token: admin.token,
    body: { name: 'Matrix Surgery', odsCode: odsCode(), lat: 51.0, lon: -2.7 },
  });
  expect(made.status, made.text).toBe(201);
  secrets.add(made.body.practice.id);
  return made.body.practice.id as string;
}

let capped: Promise<Actor & { practiceId: string }> | undefined;
/**
 * A second manager's practice with a cap on this suite's role, so a raise
 * there waits for an admin. Not the first manager's practice: other files
 * set that one's caps, and `maxHourlyRatePence` is replaced whole.
 */
function cappedManager() {
  capped ??= (async () => {
    const { practiceId: first } = await manager();
    const other = await otherManager(first);
    const practiceId = other.user.practiceIds![0]!;
    const admin = await actor(SOMERSET, 'admin');
    const set = await call('PATCH', `/practices/${practiceId}`, {
      token: admin.token,
      body: { maxHourlyRatePence: { phlebotomist: 2200 } },
    });
    expect(set.status, set.text).toBe(200);
    secrets.add(practiceId);
    return { ...other, practiceId };
  })();
  return capped;
}

/** A raise above the cap, waiting for an admin's decision. */
async function pendingEscalation() {
  const m = await cappedManager();
  const posted = await call('POST', '/shifts', { token: m.token, body: shiftBody(m.practiceId, slot()) });
  expect(posted.status, posted.text).toBe(201);
  await remember(posted.body);
  const raised = await call('POST', `/shifts/${posted.body.shift.id}/rate`, {
    token: m.token,
    body: { hourlyRatePence: 3000, reason: 'Nobody has taken it' },
  });
  expect(raised.status, raised.text).toBe(202);
  const id = raised.body.escalation.id as string;
  secrets.add(id);
  return id;
}

const londonMonth = (instant: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
    .format(new Date(instant))
    .slice(0, 7);

/** An issued invoice with a Form A: a pension member's worked shift, its timesheet approved, the month run by HR. */
async function invoiced() {
  const b = take(startedSelfEmployed, 'SELF_EMPLOYED_NEEDED');
  const sheet = await call('POST', `/bookings/${b.booking.id}/timesheet`, { token: b.clinician.token, body: {} });
  expect(sheet.status, sheet.text).toBe(201);
  secrets.add(sheet.body.timesheet.id);
  const m = await manager();
  const approved = await call('POST', `/timesheets/${sheet.body.timesheet.id}/approve`, { token: m.token });
  expect(approved.status, approved.text).toBe(200);
  const hr = await actor(SOMERSET, 'hr');
  const month = londonMonth(b.shift.start);
  const run = await call('POST', '/invoices/run', { token: hr.token, body: { month } });
  expect(run.status, run.text).toBe(200);
  // Runs for the same month may overlap (each timesheet lands on one invoice), so look the invoice up.
  const mine = await call('GET', `/invoices?clinicianId=${b.clinician.clinicianId}&month=${month}`, {
    token: hr.token,
  });
  expect(mine.status, mine.text).toBe(200);
  expect(mine.body.invoices, mine.text).toHaveLength(1);
  const id = mine.body.invoices[0].id as string;
  expect(mine.body.invoices[0].pensionablePence, 'a pension member’s invoice, with a Form A').toBeGreaterThan(0);
  secrets.add(id);
  return { id, month, clinician: b.clinician };
}
let readInvoice: ReturnType<typeof invoiced> | undefined;
/** One invoice for the routes that only read it. */
const anInvoice = () => {
  readInvoice ??= invoiced();
  return readInvoice;
};

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
    // A run starts when the outbox consumer reaches the export, after the texts written before it: this matrix
    // writes some two thousand of them in a minute, which DynamoDB Local relays in about as long.
    const deadline = Date.now() + 60_000;
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
  const sent = await fetch(made.body.upload.url, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf' },
    body: DOC_PDF,
  });
  expect(sent.status).toBe(200);
  return { id, clinician: c };
}

let invitations = 0;
/** An invitation sent by HR; its token is the last segment of its link. */
async function invitation() {
  const hr = await actor(SOMERSET, 'hr');
  invitations += 1;
  const reply = await call('POST', '/invites', {
    token: hr.token,
    body: { email: `matrix.invite.${process.pid}.${Date.now()}.${invitations}@bank.example`, roles: ['hca'] },
  });
  expect(reply.status, reply.text).toBe(201);
  secrets.add(reply.body.invite.id);
  const url = reply.body.invite.url as string;
  return url.slice(url.lastIndexOf('/') + 1);
}

/** An applicant, joined through an invitation and awaiting approval. */
async function applicant() {
  const token = await invitation();
  const home = await homePractice();
  const reply = await call('POST', `/invites/${token}/accept`, {
    body: { name: 'Matrix Applicant', phone: await freePhone(), home: { lat: home.lat, lon: home.lon } },
  });
  expect(reply.status, reply.text).toBe(201);
  const id = reply.body.clinician.id as string;
  secrets.add(id);
  return id;
}

const odsCode = () => `Y${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;

/**
 * Routes whose matrix fixture is still to be written, each with the file that
 * checks who may call it meanwhile: a route listed here is a known gap, never
 * a forgotten one.
 */
const MATRIX_PENDING: Record<string, string> = {};

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
  'PUT /practices/{id}/requirements': {
    status: 200,
    prepare: async () => {
      const admin = await actor(SOMERSET, 'admin');
      const made = await call('POST', '/practices', {
        token: admin.token,
        body: { name: 'Requirements Surgery', odsCode: odsCode(), lat: 51.0, lon: -2.7 },
      });
      expect(made.status, made.text).toBe(201);
      const id = made.body.practice.id as string;
      return { path: `/practices/${id}/requirements`, body: { types: ['hep-b'] }, refs: [id] };
    },
  },
  'GET /compliance/at-risk': { status: 200, prepare: async () => ({ path: '/compliance/at-risk' }) },
  'GET /clinicians/{id}/evidence-pack': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const b = await booking();
      return { path: `/clinicians/${b.clinician.clinicianId}/evidence-pack`, refs: [b.clinician.clinicianId] };
    },
  },
  'POST /invites': {
    status: 201,
    prepare: async () => {
      invitations += 1;
      return {
        path: '/invites',
        body: { email: `matrix.sent.${process.pid}.${Date.now()}.${invitations}@bank.example`, roles: ['gp'] },
      };
    },
  },
  'GET /invites': { status: 200, prepare: async () => ({ path: '/invites' }) },
  'POST /invites/{token}/accept': {
    status: 201,
    capability: true,
    singleUse: true,
    prepare: async () => {
      const token = await invitation();
      const home = await homePractice();
      return {
        path: `/invites/${token}/accept`,
        body: { name: 'Matrix Joiner', phone: await freePhone(), home: { lat: home.lat, lon: home.lon } },
        refs: [token],
      };
    },
  },
  'GET /invites/{token}': {
    status: 200,
    capability: true,
    prepare: async () => {
      const token = await invitation();
      return { path: `/invites/${token}`, refs: [token] };
    },
  },
  'POST /clinicians/{id}/approve': {
    status: 200,
    prepare: async () => {
      const id = await applicant();
      return { path: `/clinicians/${id}/approve`, refs: [id] };
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
  'POST /shifts/{id}/take': {
    status: 200,
    prepare: async () => {
      const s = await shift();
      // Any clinician who could work it may book it: one who joined after it was posted, so holds no offer.
      const c = await remember(await newClinician());
      return { path: `/shifts/${s.shift.id}/take`, refs: [s.shift.id], actor: c };
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
  'PATCH /practices/{id}': {
    status: 200,
    prepare: async () => {
      const id = await newPractice();
      return { path: `/practices/${id}`, body: { pcn: 'Matrix PCN' }, refs: [id] };
    },
  },
  'POST /shifts/preview': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const { practiceId } = await manager();
      return { path: '/shifts/preview', body: shiftBody(practiceId, slot()), refs: [practiceId] };
    },
  },
  // The first manager's practice has no cap on this suite's role, so a manager's raise applies as an admin's does.
  'POST /shifts/{id}/rate': {
    status: 200,
    practiceScoped: true,
    prepare: async () => {
      const s = await shift();
      return {
        path: `/shifts/${s.shift.id}/rate`,
        body: { hourlyRatePence: 2100, reason: 'Nobody has taken it' },
        refs: [s.shift.id],
      };
    },
  },
  'GET /escalations': { status: 200, prepare: async () => ({ path: '/escalations', query: { status: 'pending' } }) },
  'POST /escalations/{id}/approve': {
    status: 200,
    prepare: async () => {
      const id = await pendingEscalation();
      return { path: `/escalations/${id}/approve`, body: { reason: 'Flu season' }, refs: [id] };
    },
  },
  'POST /escalations/{id}/reject': {
    status: 200,
    prepare: async () => {
      const id = await pendingEscalation();
      return { path: `/escalations/${id}/reject`, body: { reason: 'Too dear' }, refs: [id] };
    },
  },
  // A month nobody works: the run answers 200 with nothing made and invoices nothing other files wait for.
  'POST /invoices/run': {
    status: 200,
    prepare: async () => ({ path: '/invoices/run', body: { month: '2031-03' } }),
  },
  'GET /invoices': { status: 200, prepare: async () => ({ path: '/invoices' }) },
  'GET /invoices/{id}': {
    status: 200,
    practiceScoped: true,
    ownerScoped: true,
    prepare: async () => {
      const i = await anInvoice();
      return { path: `/invoices/${i.id}`, refs: [i.id], actor: i.clinician };
    },
  },
  'GET /invoices/{id}/pdf': {
    status: 200,
    practiceScoped: true,
    ownerScoped: true,
    prepare: async () => {
      const i = await anInvoice();
      return { path: `/invoices/${i.id}/pdf`, refs: [i.id], actor: i.clinician };
    },
  },
  'GET /invoices/{id}/form-a': {
    status: 200,
    practiceScoped: true,
    ownerScoped: true,
    prepare: async () => {
      const i = await anInvoice();
      return { path: `/invoices/${i.id}/form-a`, refs: [i.id], actor: i.clinician };
    },
  },
  // Signed once: each role signs a Form A of its own.
  'POST /invoices/{id}/form-a/sign': {
    status: 200,
    practiceScoped: true,
    ownerScoped: true,
    prepare: async () => {
      const i = await invoiced();
      return { path: `/invoices/${i.id}/form-a/sign`, refs: [i.id] };
    },
  },
  'GET /clinicians/{id}/pension/form-b': {
    status: 200,
    ownerScoped: true,
    prepare: async () => {
      const i = await anInvoice();
      return {
        path: `/clinicians/${i.clinician.clinicianId}/pension/form-b`,
        query: { month: i.month },
        refs: [i.clinician.clinicianId],
        actor: i.clinician,
      };
    },
  },
  'GET /pension/at-risk': { status: 200, prepare: async () => ({ path: '/pension/at-risk' }) },
  'POST /invoices/{id}/paid': {
    status: 200,
    practiceScoped: true,
    ownerScoped: true,
    prepare: async () => {
      const i = await invoiced();
      return { path: `/invoices/${i.id}/paid`, refs: [i.id] };
    },
  },
};

/** Routes a successful call of which uses a started booking, and how many their tests take. */
const STARTED_NEEDED = 13;
/**
 * Invoices made from self-employed started bookings: one read by five routes, one per payment (three roles and the
 * refusals' shared one), one per Form A signature (two roles and the refusals' shared one).
 */
const SELF_EMPLOYED_NEEDED = 8;
let schemeRefs = 0;
/** A self-employed locum GP in the NHS Pension Scheme, whose invoices carry a Form A. */
const pensionedLocum = () =>
  newClinician({
    employment: 'self-employed',
    pension: {
      member: true,
      schemeRef: `SD${String(process.pid % 1000).padStart(3, '0')}${String(++schemeRefs).padStart(3, '0')}`,
    },
  });

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
  if (FIXTURES[key]!.singleUse) {
    return FIXTURES[key]!.prepare(allowedRoles(route)[0]!).then((x) => ({ ...x, method: route.method }));
  }
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
  // Six posted at a time: many together outlast a handler's 30 s on a busy machine.
  const all = await startedBookings(
    STARTED_NEEDED + SELF_EMPLOYED_NEEDED,
    (i) => (i < STARTED_NEEDED ? newClinician() : pensionedLocum()),
    6,
  );
  started = all.slice(0, STARTED_NEEDED);
  startedSelfEmployed = all.slice(STARTED_NEEDED);
  for (const b of all) await remember(b);
}, 300_000);

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
        expect(real.status, real.text.slice(0, 300)).toBe(fixture.status);
        if (fixture.singleUse) expectError(await send(p), 404, 'NOT_FOUND');
        else expect(real.text).toBe((await send(p)).text);
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
