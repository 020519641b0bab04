import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../lib/logger';
import * as keys from '../../lib/store/keys';
import { claimsOf, type UserAccount } from '../../lib/users/directory';
import { TableUserDirectory } from '../../lib/users/table-directory';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/jwt';
import { type Runtime, startRuntime, TABLE_NAME } from '../../local/runtime';
import { comparableClinicianReply } from '../support/probing';

/**
 * Trust boundaries, over HTTP against a runtime of this file's own (no demo
 * seed, a data folder holding its signing key): tokens validly signed with
 * the runtime's key whose claims disagree with the user's record, a clinician
 * taken out of the bank, and an email address probed across organisations.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'rota-trust-'));
let runtime: Runtime;
let users: TableUserDirectory;

const ORG_A = 'org-trust-a';
const ORG_B = 'org-trust-b';

interface Reply {
  status: number;
  body: any;
  text: string;
}

async function req(method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<Reply> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(runtime.url + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** An ID token exactly as /dev/login (or Cognito) would issue one, signed with the runtime's own key. */
async function sign(claims: Record<string, unknown>) {
  const { privateJwk } = JSON.parse(readFileSync(join(dataDir, 'jwt-key.json'), 'utf8')) as { privateJwk: JWK };
  return new SignJWT({ ...claims, token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(String(claims.sub))
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await importJWK(privateJwk, 'RS256'));
}

const tokenOf = (user: UserAccount, patch: Record<string, unknown> = {}) => sign({ ...claimsOf(user), ...patch });

function expectUnauthenticated(reply: Reply, label: string) {
  expect(reply.status, `${label}: ${reply.text.slice(0, 200)}`).toBe(401);
  expect(reply.body, label).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
}

const adminA: UserAccount = {
  id: 'usr-trust-admin-a',
  email: 'admin@a.example',
  name: 'Ann',
  role: 'admin',
  orgId: ORG_A,
};
const adminB: UserAccount = {
  id: 'usr-trust-admin-b',
  email: 'admin@b.example',
  name: 'Bea',
  role: 'admin',
  orgId: ORG_B,
};
let managerA: UserAccount;
let practiceA: { id: string; lat: number; lon: number };
let practiceB: { id: string };

const clinicianBody = (email: string, phone: string, home = { lat: 50.94, lon: -2.63 }) => ({
  name: 'Dr Sam Locum',
  email,
  phone,
  roles: ['gp'],
  home,
  maxTravelKm: 30,
  compliance: { dbsCheckedOn: '2026-10-01', trainingExpires: '2030-01-01', rightToWork: true },
  maxWeeklyHours: 48,
  notify: ['sms', 'email'],
});

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  runtime = await startRuntime({ port: 0, dataDir, seed: false });
  users = new TableUserDirectory(runtime.deps.db, TABLE_NAME);
  for (const [id, name] of [
    [ORG_A, 'Avalon Health Group'],
    [ORG_B, 'Brue Valley Practices'],
  ]) {
    await runtime.deps.db.send(
      new PutCommand({ TableName: TABLE_NAME, Item: { ...keys.organisation(id!), type: 'ORGANISATION', id, name } }),
    );
  }
  await users.create(adminA);
  await users.create(adminB);
  const a = await req('POST', '/practices', {
    token: await tokenOf(adminA),
    body: { name: 'Avalon Surgery', odsCode: 'A11111', lat: 50.94, lon: -2.63, email: 'rota@avalon.example' },
  });
  expect(a.status, a.text).toBe(201);
  practiceA = a.body.practice;
  const b = await req('POST', '/practices', {
    token: await tokenOf(adminB),
    body: { name: 'Brue Surgery', odsCode: 'B22222', lat: 51.1, lon: -2.5 },
  });
  expect(b.status, b.text).toBe(201);
  practiceB = b.body.practice;
  managerA = {
    id: 'usr-trust-manager-a',
    email: 'manager@a.example',
    name: 'Mo',
    role: 'manager',
    orgId: ORG_A,
    practiceIds: [practiceA.id],
  };
  await users.create(managerA);
}, 120_000);

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('claims are checked against the user’s own record', () => {
  let clinician: UserAccount;

  beforeAll(async () => {
    const made = await req('POST', '/clinicians', {
      token: await tokenOf(adminA),
      body: clinicianBody('sam.claims@locums.example', '07700 900 601'),
    });
    expect(made.status, made.text).toBe(201);
    clinician = (await users.get('sam.claims@locums.example'))!;
    expect(clinician).toMatchObject({ orgId: ORG_A, clinicianId: made.body.clinician.id });
  });

  it('accepts tokens whose claims agree with the record (the control for every refusal below)', async () => {
    for (const user of [adminA, managerA, clinician]) {
      const reply = await req('GET', '/me', { token: await tokenOf(user) });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body).toMatchObject({ id: user.id, orgId: user.orgId, role: user.role });
    }
  });

  it('refuses a validly signed token that moves its user to another organisation', async () => {
    // As if the user had rewritten custom:org with UpdateUserAttributes and refreshed.
    const token = await tokenOf(adminA, { 'custom:org': ORG_B });
    expectUnauthenticated(await req('GET', '/me', { token }), 'org');
    expectUnauthenticated(await req('GET', '/practices', { token }), 'org, practices');
    expectUnauthenticated(await req('GET', '/clinicians', { token }), 'org, clinicians');
    // Its own organisation's and the other's records alike: nothing is served.
    expectUnauthenticated(await req('GET', `/clinicians/${clinician.clinicianId}`, { token }), 'org, clinician');
  });

  it('refuses a validly signed token that gives a manager practices they do not run', async () => {
    const token = await tokenOf(managerA, { 'custom:practices': `${practiceA.id},${practiceB.id}` });
    expectUnauthenticated(await req('GET', '/me', { token }), 'practices');
    expectUnauthenticated(await req('GET', `/bookings?practiceId=${practiceB.id}`, { token }), 'practices, bookings');
  });

  it('refuses a validly signed token that makes a clinician another clinician, or an admin', async () => {
    const other = await req('POST', '/clinicians', {
      token: await tokenOf(adminA),
      body: clinicianBody('kit.other@locums.example', '07700 900 602'),
    });
    expect(other.status, other.text).toBe(201);
    const asOther = await tokenOf(clinician, { 'custom:clinician': other.body.clinician.id });
    expectUnauthenticated(await req('GET', `/clinicians/${other.body.clinician.id}`, { token: asOther }), 'clinician');
    expectUnauthenticated(await req('GET', '/offers', { token: asOther }), 'clinician, offers');
    const asAdmin = await tokenOf(clinician, { 'cognito:groups': ['admin'] });
    expectUnauthenticated(await req('GET', '/clinicians', { token: asAdmin }), 'group');
  });

  it('refuses a validly signed token of a user with no record (deleted, or never made)', async () => {
    const ghost: UserAccount = { ...adminA, id: 'usr-ghost', email: 'ghost@a.example' };
    expectUnauthenticated(await req('GET', '/me', { token: await tokenOf(ghost) }), 'no record');
    // The right email with another user's sub.
    expectUnauthenticated(await req('GET', '/me', { token: await tokenOf(adminA, { sub: 'usr-ghost' }) }), 'sub');
  });
});

describe('POST /clinicians/{id}/disable', () => {
  let clinicianId: string;
  let signedIn: UserAccount;
  let before: string;
  let bookingId: string;
  let liveOfferId: string;

  beforeAll(async () => {
    const made = await req('POST', '/clinicians', {
      token: await tokenOf(adminA),
      body: clinicianBody('jo.leaver@locums.example', '07700 900 611', { lat: practiceA.lat, lon: practiceA.lon }),
    });
    expect(made.status, made.text).toBe(201);
    clinicianId = made.body.clinician.id;
    signedIn = (await users.get('jo.leaver@locums.example'))!;
    before = (await req('POST', '/dev/login', { body: { email: signedIn.email } })).body.token;
    const manager = await tokenOf(managerA);
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const shift = (n: number) => ({
      practiceId: practiceA.id,
      role: 'gp',
      start: `${day(n)}T09:00`,
      end: `${day(n)}T13:00`,
      hourlyRatePence: 9000,
      cascadeMinutes: 0,
    });
    const booked = await req('POST', '/shifts', { token: manager, body: shift(20) });
    expect(booked.status, booked.text).toBe(201);
    const offer = booked.body.offers.find((o: { clinicianId: string }) => o.clinicianId === clinicianId);
    const accepted = await req('POST', `/offers/${offer.id}/accept`, { token: before });
    expect(accepted.status, accepted.text).toBe(200);
    bookingId = accepted.body.booking.id;
    const open = await req('POST', '/shifts', { token: manager, body: shift(21) });
    liveOfferId = open.body.offers.find((o: { clinicianId: string }) => o.clinicianId === clinicianId).id;
    expect((await req('GET', '/offers', { token: before })).status).toBe(200);
  });

  it('is for admins of the clinician’s own organisation, and wants a reason', async () => {
    const url = `/clinicians/${clinicianId}/disable`;
    expect((await req('POST', url, { token: await tokenOf(managerA), body: { reason: 'x' } })).status).toBe(403);
    expect((await req('POST', url, { token: before, body: { reason: 'x' } })).status).toBe(403);
    const other = await req('POST', url, { token: await tokenOf(adminB), body: { reason: 'x' } });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const bare = await req('POST', url, { token: await tokenOf(adminA), body: {} });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details).toEqual([expect.objectContaining({ path: 'body.reason' })]);
    expect((await req('GET', '/me', { token: before })).status).toBe(200);
  });

  it('takes the clinician out of the bank, lists their future bookings, withdraws their offers and refuses their tokens', async () => {
    const reply = await req('POST', `/clinicians/${clinicianId}/disable`, {
      token: await tokenOf(adminA),
      body: { reason: 'Left the area' },
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body.clinician).toMatchObject({
      id: clinicianId,
      status: 'disabled',
      disabledReason: 'Left the area',
    });
    expect(reply.body.bookings).toEqual([expect.objectContaining({ id: bookingId, status: 'confirmed' })]);

    // The token that worked a moment ago, and a fresh one signed just as /dev/login would: both refused.
    for (const path of ['/me', '/offers', '/bookings', `/clinicians/${clinicianId}`]) {
      expectUnauthenticated(await req('GET', path, { token: before }), `old token ${path}`);
    }
    expectUnauthenticated(await req('GET', '/me', { token: await tokenOf(signedIn) }), 'new token');
    expectUnauthenticated(await req('POST', `/offers/${liveOfferId}/accept`, { token: before }), 'accept');
    expect((await req('POST', '/dev/login', { body: { email: signedIn.email } })).status).toBe(401);

    const admin = await tokenOf(adminA);
    const seen = await req('GET', `/clinicians/${clinicianId}`, { token: admin });
    expect(seen.body.clinician).toMatchObject({ status: 'disabled' });
    const shiftId = (await runtime.deps.offers.get(ORG_A, liveOfferId))!.shiftId;
    expect(await runtime.deps.offers.get(ORG_A, liveOfferId)).toMatchObject({ status: 'withdrawn' });
    const matches = await req('GET', `/shifts/${shiftId}/matches`, { token: admin });
    expect(matches.status).toBe(200);
    const listed = [...matches.body.candidates, ...matches.body.excluded].map(
      (c: { clinicianId: string }) => c.clinicianId,
    );
    expect(listed).not.toContain(clinicianId);
    const named = await req('POST', `/shifts/${shiftId}/offers`, {
      token: admin,
      body: { clinicianIds: [clinicianId] },
    });
    expect(named.status).toBe(409);
    expect(named.body.error).toMatchObject({ code: 'NOT_ELIGIBLE', details: [{ clinicianId, reasons: ['DISABLED'] }] });
  });
});

describe('an email address probed across organisations', () => {
  const probe = async (admin: UserAccount, email: string, phone: string) =>
    req('POST', '/clinicians', { token: await tokenOf(admin), body: clinicianBody(email, phone) });
  const comparable = comparableClinicianReply;

  it('answers "used in another organisation" exactly as "fresh"; only the admin’s own organisation hears 409', async () => {
    expect((await probe(adminA, 'pat.two.banks@locums.example', '07700 900 621')).status).toBe(201);

    const elsewhere = await probe(adminB, 'Pat.Two.Banks@locums.example', '07700 900 622');
    const fresh = await probe(adminB, 'pat.fresh@locums.example', '07700 900 623');
    expect(fresh.status, fresh.text).toBe(201);
    expect(comparable(elsewhere)).toEqual(comparable(fresh));
    // Read back later, the two records still look alike.
    const admin = await tokenOf(adminB);
    const [a, b] = await Promise.all([
      req('GET', `/clinicians/${elsewhere.body.clinician.id}`, { token: admin }),
      req('GET', `/clinicians/${fresh.body.clinician.id}`, { token: admin }),
    ]);
    expect(comparable(a)).toEqual(comparable(b));

    // The admin's own organisation: a duplicate may say so.
    const mine = await probe(adminA, 'pat.two.banks@locums.example', '07700 900 624');
    expect(mine.status).toBe(409);
    expect(mine.body.error.code).toBe('ALREADY_EXISTS');

    // The address's owner is told, by email, why Brue Valley's sign-in is not theirs to use.
    await runtime.streams.drain();
    const told = await req('GET', `/dev/outbox?kind=sign-in-elsewhere`);
    expect(told.body.messages).toEqual([
      expect.objectContaining({ channel: 'email', to: 'pat.two.banks@locums.example' }),
    ]);
    expect(told.body.messages[0].body).toContain('Brue Valley Practices');
  });
});
