import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl } from '../support/client';
import { comparableClinicianReply } from '../support/probing';
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
  QUANTOCK,
  SOMERSET,
  shiftBody,
  slotter,
} from '../support/security/world';

/**
 * Joining the bank by invitation: HR invites by email, the link's holder
 * (no bearer) becomes an applicant with a sign-in, who is never matched or
 * offered until HR approves them; and the evidence pack an inspector reads.
 */

const slot = slotter(620);
let seq = 0;
const email = () => `joiner.${Date.now()}.${process.pid}.${++seq}@bank.example`;
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

type Sent = { to: string; kind: string; body: string; subject?: string };
/** The recorded messages matching `query`, waiting a little for the outbox relay (it runs off the table's stream). */
/** Waits for the relay, which may still be sending the previous file's messages (the matrix leaves hundreds). */
async function outbox(query: string, atLeast = 1): Promise<Sent[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const messages = (await call('GET', `/dev/outbox?${query}`)).body.messages as Sent[];
    if (messages.length >= atLeast || Date.now() > deadline) return messages;
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function invite(by: Actor, body: Record<string, unknown> = {}) {
  const address = email();
  const reply = await call('POST', '/invites', {
    token: by.token,
    body: { email: address, roles: ['phlebotomist'], ...body },
  });
  expect(reply.status, reply.text).toBe(201);
  return { email: address, url: reply.body.invite.url as string, token: tokenOf(reply.body.invite.url), reply };
}

async function acceptBody(overrides: Record<string, unknown> = {}) {
  const home = await homePractice();
  return {
    name: 'Jo Joiner',
    password: 'Correct-Horse-42',
    phone: await freePhone(),
    home: { lat: home.lat, lon: home.lon, postcode: 'BA21 4AA' },
    maxTravelKm: 30,
    ...overrides,
  };
}

/** An applicant, signed in as the app would sign them in locally. */
async function applicant(hr: Actor) {
  const sent = await invite(hr);
  const accepted = await call('POST', `/invites/${sent.token}/accept`, { body: await acceptBody() });
  expect(accepted.status, accepted.text).toBe(201);
  const login = await call('POST', '/dev/login', { body: { email: sent.email } });
  expect(login.status, login.text).toBe(200);
  return { ...sent, clinician: accepted.body.clinician, token: login.body.token as string, inviteToken: sent.token };
}

describe('invitations', { timeout: 120_000 }, () => {
  let hr: Actor;
  let admin: Actor;

  beforeAll(async () => {
    [hr, admin] = await Promise.all([actor(SOMERSET, 'hr'), actor(SOMERSET, 'admin')]);
  });

  it('are sent by email with a link ending in a 256-bit token, valid for 7 days, and listed without the token', async () => {
    const before = Date.now();
    const sent = await invite(hr, { phone: '07700 900321', roles: ['practice-nurse', 'hca'] });
    const { id, url, expiresAt } = sent.reply.body.invite;
    expect(url).toMatch(/^http:\/\/(localhost|127\.0\.0\.1):\d+\/#\/join\/[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(sent.token, 'base64url')).toHaveLength(32);
    const days = (Date.parse(expiresAt) - before) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThan(7.01);

    const mail = await outbox(`to=${encodeURIComponent(sent.email)}&kind=invite`);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.body).toContain(url);

    const list = await call('GET', '/invites', { token: admin.token });
    expect(list.status, list.text).toBe(200);
    const listed = list.body.invites.find((i: { id: string }) => i.id === id);
    expect(listed).toMatchObject({
      email: sent.email,
      phone: '+447700900321',
      status: 'pending',
      roles: ['practice-nurse', 'hca'],
    });
    expect(list.text).not.toContain(sent.token);
  });

  it('open without a bearer token, showing only what the invitee was sent', async () => {
    const sent = await invite(hr);
    const view = await call('GET', `/invites/${sent.token}`);
    expect(view.status, view.text).toBe(200);
    expect(view.body.invite).toMatchObject({
      email: sent.email,
      roles: ['phlebotomist'],
      expiresAt: expect.any(String),
    });
    expect(view.body.invite.organisationName).toEqual(expect.any(String));
  });

  it('refuses an address already in the bank with 409', async () => {
    const c = await newClinician();
    const reply = await call('POST', '/invites', { token: hr.token, body: { email: c.user.email, roles: ['gp'] } });
    expectError(reply, 409, 'ALREADY_EXISTS');
  });

  it('answer an address that signs in to another organisation exactly as a fresh one, and tell the address why by email', async () => {
    // Found in a black-box pass: the other organisation's HR invited an address and accepted the link itself
    // (POST /invites hands the inviter the link), and 409 ALREADY_EXISTS against 201 told it the address signs in here.
    const quantockHr = await actor(QUANTOCK, 'hr');
    const somersets = await newClinician();
    const comparable = comparableClinicianReply;
    const elsewhere = await invite(quantockHr, { email: somersets.user.email });
    const fresh = await invite(quantockHr);
    const [a, b] = [
      await call('POST', `/invites/${elsewhere.token}/accept`, {
        body: await acceptBody({ phone: await freePhone(QUANTOCK) }),
      }),
      await call('POST', `/invites/${fresh.token}/accept`, {
        body: await acceptBody({ phone: await freePhone(QUANTOCK) }),
      }),
    ];
    expect(b.status, b.text).toBe(201);
    expect(comparable(a)).toEqual(comparable(b));
    // The address still signs in to Somerset, and only there.
    const login = await call('POST', '/dev/login', { body: { email: somersets.user.email } });
    const me = await call('GET', '/me', { token: login.body.token });
    expect(me.body).toMatchObject({ orgId: SOMERSET, clinicianId: somersets.clinicianId });
    const told = await outbox(`to=${encodeURIComponent(somersets.user.email)}&kind=sign-in-elsewhere`);
    expect(told).toHaveLength(1);
    // Its own organisation may still say so.
    const own = await call('POST', '/invites', {
      token: hr.token,
      body: { email: somersets.user.email, roles: ['gp'] },
    });
    expectError(own, 409, 'ALREADY_EXISTS');
  });

  it('refuses bad input with 400 in the error shape', async () => {
    expectError(
      await call('POST', '/invites', { token: hr.token, body: { email: 'nope', roles: [] } }),
      400,
      'VALIDATION',
    );
    expectError(
      await call('POST', '/invites', { token: hr.token, body: { email: email(), roles: ['surgeon'] } }),
      400,
      'VALIDATION',
    );
  });

  it('make an applicant with a sign-in who may edit their profile, upload documents and is asked to confirm their phone', async () => {
    const a = await applicant(hr);
    expect(a.clinician).toMatchObject({
      status: 'applicant',
      email: a.email,
      roles: ['phlebotomist'],
      phoneVerified: false,
    });
    // Joined by invite: the phlebotomist's full set from DOMAIN.md is asked of them, not v1's three checks.
    expect(a.clinician.compliance.missing).toEqual(expect.arrayContaining(['photo-id', 'reference', 'hep-b']));

    const me = await call('GET', '/me', { token: a.token });
    expect(me.body).toMatchObject({ role: 'clinician', clinicianId: a.clinician.id });
    const changed = await call('PATCH', `/clinicians/${a.clinician.id}`, { token: a.token, body: { maxTravelKm: 12 } });
    expect(changed.status, changed.text).toBe(200);
    expect(changed.body.clinician).toMatchObject({ maxTravelKm: 12, status: 'applicant' });

    const doc = await call('POST', `/clinicians/${a.clinician.id}/documents`, {
      token: a.token,
      body: { type: 'dbs', issuedOn: '2026-01-12', fileName: 'dbs.pdf', contentType: 'application/pdf', bytes: 100 },
    });
    expect(doc.status, doc.text).toBe(201);

    const texts = await outbox(`to=${encodeURIComponent(a.clinician.phone)}&kind=phone-verify`);
    expect(texts).toHaveLength(1);
  });

  it('work once: a used, an unknown and a malformed link all answer the same 404', async () => {
    const a = await applicant(hr);
    const again = await call('POST', `/invites/${a.inviteToken}/accept`, { body: await acceptBody() });
    const made = 'A'.repeat(43);
    const unknown = await call('POST', `/invites/${made}/accept`, { body: await acceptBody() });
    expectError(again, 404, 'NOT_FOUND');
    expect(again.text).toBe(unknown.text);
    expectError(await call('GET', `/invites/${a.inviteToken}`), 404, 'NOT_FOUND');
    expect((await call('GET', `/invites/${a.inviteToken}`)).text).toBe((await call('GET', `/invites/${made}`)).text);
    expectError(await call('GET', '/invites/not.a.token'), 404, 'NOT_FOUND');

    const listed = (await call('GET', '/invites', { token: hr.token })).body.invites.find(
      (i: { email: string }) => i.email === a.email,
    );
    expect(listed).toMatchObject({ status: 'accepted', clinicianId: a.clinician.id });
  });

  it('expire after 7 days, answering the same 404 as a used link', async () => {
    const sent = await invite(hr);
    const expiresAt = sent.reply.body.invite.expiresAt as string;
    try {
      await call('POST', '/dev/clock', { body: { now: new Date(Date.parse(expiresAt) + 60_000).toISOString() } });
      expectError(await call('GET', `/invites/${sent.token}`), 404, 'NOT_FOUND');
      expectError(await call('POST', `/invites/${sent.token}/accept`, { body: await acceptBody() }), 404, 'NOT_FOUND');
      const listed = (await call('GET', '/invites', { token: hr.token })).body.invites.find(
        (i: { email: string }) => i.email === sent.email,
      );
      expect(listed.status).toBe('expired');
    } finally {
      await call('POST', '/dev/clock', { body: { now: null } });
    }
  });

  it('accepted twice at once make exactly one applicant', async () => {
    const sent = await invite(hr);
    const [one, two] = await Promise.all([
      call('POST', `/invites/${sent.token}/accept`, { body: await acceptBody({ name: 'Racer One' }) }),
      call('POST', `/invites/${sent.token}/accept`, { body: await acceptBody({ name: 'Racer Two' }) }),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses, `${one.text} / ${two.text}`).toEqual([201, 404]);
  });

  it('stay usable when the form is refused (a phone number already in the bank), then work once corrected', async () => {
    const taken = await newClinician();
    const takenPhone = (await call('GET', `/clinicians/${taken.clinicianId}`, { token: taken.token })).body.clinician
      .phone;
    const sent = await invite(hr);
    const refused = await call('POST', `/invites/${sent.token}/accept`, {
      body: await acceptBody({ phone: takenPhone }),
    });
    expectError(refused, 409);
    const weak = await call('POST', `/invites/${sent.token}/accept`, { body: await acceptBody({ password: 'short' }) });
    expectError(weak, 400, 'VALIDATION');
    const ok = await call('POST', `/invites/${sent.token}/accept`, { body: await acceptBody() });
    expect(ok.status, ok.text).toBe(201);
  });
});

describe('applicants', { timeout: 120_000 }, () => {
  let hr: Actor;

  beforeAll(async () => {
    hr = await actor(SOMERSET, 'hr');
  });

  it('join with only a name and a phone, as API.md names the body, and are approved once they give a home', async () => {
    const sent = await invite(hr);
    const accepted = await call('POST', `/invites/${sent.token}/accept`, {
      body: { name: 'Min Imal', phone: await freePhone(), password: 'Correct-Horse-42' },
    });
    expect(accepted.status, accepted.text).toBe(201);
    const id = accepted.body.clinician.id as string;
    expect(accepted.body.clinician.home).toBeUndefined();
    expect(accepted.body.clinician.status).toBe('applicant');

    // Explained for a shift, they are out for joining and for distance, with no distance to give.
    const m = await manager();
    const posted = await call('POST', '/shifts', { token: m.token, body: shiftBody(m.practiceId, slot()) });
    expect(posted.status, posted.text).toBe(201);
    const explained = await call('GET', `/shifts/${posted.body.shift.id}/matches?clinicianId=${id}`, {
      token: m.token,
    });
    expect(explained.status, explained.text).toBe(200);
    const entry = explained.body.excluded.find((e: { clinicianId: string }) => e.clinicianId === id);
    expect(entry.reasons).toEqual(expect.arrayContaining(['DISTANCE', 'APPLICANT']));
    expect(entry.distanceKm).toBeUndefined();

    expectError(await call('POST', `/clinicians/${id}/approve`, { token: hr.token }), 409, 'INVALID_STATE');
    const login = await call('POST', '/dev/login', { body: { email: sent.email } });
    const home = await homePractice();
    const given = await call('PATCH', `/clinicians/${id}`, {
      token: login.body.token,
      body: { home: { lat: home.lat, lon: home.lon, postcode: 'BA21 4AA' } },
    });
    expect(given.status, given.text).toBe(200);
    const approved = await call('POST', `/clinicians/${id}/approve`, { token: hr.token });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.clinician).toMatchObject({ status: 'active', home: { postcode: 'BA21 4AA' } });
  });

  it('are never matched or offered, with reason APPLICANT, until HR approves them', async () => {
    const a = await applicant(hr);
    const m = await manager();
    const posted = await call('POST', '/shifts', { token: m.token, body: shiftBody(m.practiceId, slot()) });
    expect(posted.status, posted.text).toBe(201);
    const shiftId = posted.body.shift.id as string;
    expect(posted.body.offers.map((o: { clinicianId: string }) => o.clinicianId)).not.toContain(a.clinician.id);

    const matches = await call('GET', `/shifts/${shiftId}/matches`, { token: m.token });
    expect(matches.text).not.toContain(a.clinician.id);

    const named = await call('POST', `/shifts/${shiftId}/offers`, {
      token: m.token,
      body: { clinicianIds: [a.clinician.id] },
    });
    expectError(named, 409, 'NOT_ELIGIBLE');
    expect(JSON.stringify(named.body.error.details)).toContain('APPLICANT');

    const approved = await call('POST', `/clinicians/${a.clinician.id}/approve`, { token: hr.token });
    expect(approved.status, approved.text).toBe(200);
    expect(approved.body.clinician).toMatchObject({
      status: 'active',
      approvedBy: hr.user.id,
      approvedAt: expect.any(String),
    });

    // Approved, they are judged like anyone in the bank: what still stops them is their compliance, not joining.
    const after = await call('POST', `/shifts/${shiftId}/offers`, {
      token: m.token,
      body: { clinicianIds: [a.clinician.id] },
    });
    if (after.status === 409) expect(JSON.stringify(after.body.error.details)).not.toContain('APPLICANT');
    else expect(after.status, after.text).toBe(201);

    expectError(await call('POST', `/clinicians/${a.clinician.id}/approve`, { token: hr.token }), 409, 'INVALID_STATE');
  });
});

const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

/** The applicant declares a document of `type` and uploads its file; the document's id. */
async function declareDocument(
  by: { clinician: { id: string }; token: string },
  type: string,
  dates: Record<string, string>,
) {
  const made = await call('POST', `/clinicians/${by.clinician.id}/documents`, {
    token: by.token,
    body: { type, ...dates, fileName: `${type}-scan.pdf`, contentType: 'application/pdf', bytes: PDF_BYTES.length },
  });
  expect(made.status, made.text).toBe(201);
  const sent = await fetch(made.body.upload.url, {
    method: 'PUT',
    headers: { 'content-type': 'application/pdf' },
    body: PDF_BYTES,
  });
  expect(sent.status).toBe(200);
  return made.body.document.id as string;
}

describe('the evidence pack', { timeout: 120_000 }, () => {
  it('is a PDF listing every required check with its dates, the verifier and when', async () => {
    const hr = await actor(SOMERSET, 'hr');
    const a = await applicant(hr);
    const declare = (type: string, dates: Record<string, string>) => declareDocument(a, type, dates);
    const dbs = await declare('dbs', { issuedOn: '2026-01-12' });
    await declare('training-bls', { issuedOn: '2026-02-01', expiresOn: '2027-02-01' });
    const verified = await call('POST', `/documents/${dbs}/verify`, { token: hr.token });
    expect(verified.status, verified.text).toBe(200);

    const reply = await fetch(`${baseUrl()}/clinicians/${a.clinician.id}/evidence-pack`, {
      headers: { authorization: `Bearer ${hr.token}` },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('application/pdf');
    const bytes = new Uint8Array(await reply.arrayBuffer());
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain('Evidence pack: Jo Joiner');
    expect(text).toContain('Applicant, not yet approved');
    expect(text).toMatch(/DBS check\s+Verified/);
    expect(text).toContain('Issued 2026-01-12');
    expect(text).toContain('Valid until 2029-01-12');
    expect(text).toContain('Evidence: dbs-scan.pdf');
    expect(text).toContain(`Verified by ${hr.user.name} (hr, ${hr.user.email}) on`);
    expect(text).toMatch(/Basic life support training\s+Awaiting check/);
    expect(text).toContain('Valid until 2027-02-01');
    // A phlebotomist also needs these, not yet on file.
    expect(text).toMatch(/Hepatitis B immunity\s+MISSING/);
    expect(text.match(/Reference\s+MISSING/g)).toHaveLength(2);
    expect(text).not.toContain('Performers List');
  });

  it('names who typed in a date kept without a file, and counts no registration an applicant gave until HR verifies one', async () => {
    const [admin, hr] = await Promise.all([actor(SOMERSET, 'admin'), actor(SOMERSET, 'hr')]);
    const packOf = async (clinicianId: string) => {
      const reply = await fetch(`${baseUrl()}/clinicians/${clinicianId}/evidence-pack`, {
        headers: { authorization: `Bearer ${hr.token}` },
      });
      expect(reply.status).toBe(200);
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(await reply.arrayBuffer())), {
        mergePages: true,
      });
      return text;
    };
    const home = await homePractice();
    const created = await call('POST', '/clinicians', {
      token: admin.token,
      body: clinicianBody(home, { phone: await freePhone() }),
    });
    expect(created.status, created.text).toBe(201);
    const banks = await packOf(created.body.clinician.id);
    expect(banks).toMatch(
      new RegExp(
        `DBS check\\s+Verified[\\s\\S]*?Evidence: Recorded by the bank \\(no file\\)\\s+Verified by ${admin.user.name} \\(admin, ${admin.user.email.replace(/\./g, '\\.')}\\) on`,
      ),
    );

    // What an applicant types in as they join is theirs to answer for: named in the pack, never counted as a check.
    const sent = await invite(hr, { roles: ['practice-nurse'] });
    const registration = { body: 'NMC', number: '12A3456E', expires: '2028-09-30' };
    const accepted = await call('POST', `/invites/${sent.token}/accept`, { body: await acceptBody({ registration }) });
    expect(accepted.status, accepted.text).toBe(201);
    const id = accepted.body.clinician.id as string;
    expect(accepted.body.clinician.compliance.missing).toContain('registration');
    const theirs = await packOf(id);
    expect(theirs).toContain('Registration: NMC 12A3456E (expires 2028-09-30)');
    expect(theirs).toMatch(
      /Professional registration\s+MISSING\s+No dates\s+Evidence: Given by the clinician as they joined, not yet checked/,
    );

    // HR checks the register and verifies the applicant's evidence of it: now it counts, until it lapses.
    const login = await call('POST', '/dev/login', { body: { email: sent.email } });
    expect(login.status, login.text).toBe(200);
    const document = await declareDocument({ clinician: { id }, token: login.body.token }, 'registration', {
      expiresOn: '2028-09-30',
    });
    const unverified = await call('GET', `/clinicians/${id}`, { token: hr.token });
    expect(unverified.body.clinician.compliance.missing).toContain('registration');
    const verified = await call('POST', `/documents/${document}/verify`, { token: hr.token });
    expect(verified.status, verified.text).toBe(200);
    const checked = await call('GET', `/clinicians/${id}`, { token: hr.token });
    expect(checked.body.clinician.compliance.missing).not.toContain('registration');
    expect(checked.body.clinician.compliance.validUntil.registration).toBe('2028-09-30');
    expect(await packOf(id)).toMatch(
      new RegExp(
        `Professional registration\\s+Verified\\s+Valid until 2028-09-30\\s+Evidence: registration-scan\\.pdf\\s+Verified by ${hr.user.name} \\(hr,`,
      ),
    );
  });

  it('is refused to a manager whose practices never booked the clinician', async () => {
    const c = await newClinician();
    const m = await manager();
    expectError(await call('GET', `/clinicians/${c.clinicianId}/evidence-pack`, { token: m.token }), 403, 'FORBIDDEN');
  });
});
