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
  SOMERSET,
  shiftBody,
  slotter,
} from '../support/security/world';

/**
 * Compliance derived from documents over HTTP: requirements, exclusions that
 * name what is missing or lapsed, a verified renewal that lifts them, the
 * daily reminders the runtime's scheduler sends, and the at-risk list.
 */

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const slot = slotter(960);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function newClinician(admin: Actor, compliance: Record<string, unknown>) {
  const body = clinicianBody(await homePractice(), { phone: await freePhone() });
  const created = await call('POST', '/clinicians', {
    token: admin.token,
    body: { ...body, compliance: { ...body.compliance, ...compliance } },
  });
  expect(created.status, created.text).toBe(201);
  const login = await call('POST', '/dev/login', { body: { email: created.body.clinician.email } });
  expect(login.status, login.text).toBe(200);
  return { user: login.body.user, token: login.body.token, clinicianId: created.body.clinician.id as string };
}

describe('compliance derived from documents', () => {
  let admin: Actor;
  let hr: Actor;

  beforeAll(async () => {
    admin = await actor(SOMERSET, 'admin');
    hr = await actor(SOMERSET, 'hr');
  });

  afterAll(async () => {
    await call('POST', '/dev/clock', { body: { now: null } });
  });

  it('lets an admin set a practice’s own requirements, shown on the practice, and refuses anyone else', async () => {
    const made = await call('POST', '/practices', {
      token: admin.token,
      body: {
        name: 'Compliance Surgery',
        odsCode: `Z${String(Date.now() % 100_000).padStart(5, '0')}`,
        lat: 51,
        lon: -2.7,
      },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body.practice.requirements).toEqual([]);
    const id = made.body.practice.id;
    const set = await call('PUT', `/practices/${id}/requirements`, {
      token: admin.token,
      body: { types: ['hep-b', 'performers-list'] },
    });
    expect(set.status, set.text).toBe(200);
    expect(set.body.practice.requirements).toEqual(['hep-b', 'performers-list']);
    const listed = await call('GET', '/practices', { token: hr.token });
    expect(listed.body.practices.find((p: { id: string }) => p.id === id).requirements).toEqual([
      'hep-b',
      'performers-list',
    ]);
    expectError(
      await call('PUT', `/practices/${id}/requirements`, { token: (await manager()).token, body: { types: [] } }),
      403,
    );
    const bad = await call('PUT', `/practices/${id}/requirements`, {
      token: admin.token,
      body: { types: ['passport'] },
    });
    expectError(bad, 400, 'VALIDATION');
    expectError(
      await call('PUT', `/practices/${id}/requirements`, { token: admin.token, body: { types: ['cv', 'cv'] } }),
      400,
      'VALIDATION',
    );
  });

  it('names a lapsed type in the COMPLIANCE exclusion, and a verified renewal lifts it', async () => {
    const when = slot();
    const lapseDay = when.start.slice(0, 10);
    const me = await newClinician(admin, { trainingExpires: lapseDay });
    const before = await call('GET', `/clinicians/${me.clinicianId}`, { token: admin.token });
    expect(before.body.clinician.bookableUntil).toBe(lapseDay);
    expect(before.body.clinician.compliance).toMatchObject({
      trainingExpires: lapseDay,
      missing: [],
      validUntil: { 'training-bls': lapseDay },
    });

    const m = await manager();
    const posted = await call('POST', '/shifts', { token: m.token, body: shiftBody(m.practiceId, when) });
    expect(posted.status, posted.text).toBe(201);
    const explain = () =>
      call('GET', `/shifts/${posted.body.shift.id}/matches?clinicianId=${me.clinicianId}`, { token: m.token });
    const excluded = await explain();
    expect(excluded.status, excluded.text).toBe(200);
    expect(excluded.body.excluded).toEqual([
      expect.objectContaining({
        clinicianId: me.clinicianId,
        reasons: ['COMPLIANCE'],
        details: { missing: [], lapsed: ['training-bls'] },
      }),
    ]);
    const named = await call('POST', `/shifts/${posted.body.shift.id}/offers`, {
      token: m.token,
      body: { clinicianIds: [me.clinicianId] },
    });
    expectError(named, 409, 'NOT_ELIGIBLE');
    expect(named.body.error.details).toEqual([
      { clinicianId: me.clinicianId, reasons: ['COMPLIANCE'], missing: [], lapsed: ['training-bls'] },
    ]);

    const renewal = isoDay(2000);
    const declared = await call('POST', `/clinicians/${me.clinicianId}/documents`, {
      token: me.token,
      body: {
        type: 'training-bls',
        expiresOn: renewal,
        fileName: 'bls.pdf',
        contentType: 'application/pdf',
        bytes: pdf.length,
      },
    });
    expect(declared.status, declared.text).toBe(201);
    // Pending counts for nothing.
    expect((await explain()).body.excluded).toHaveLength(1);
    const sent = await fetch(declared.body.upload.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/pdf' },
      body: pdf,
    });
    expect(sent.status).toBe(200);
    const verified = await call('POST', `/documents/${declared.body.document.id}/verify`, { token: hr.token });
    expect(verified.status, verified.text).toBe(200);

    const after = await call('GET', `/clinicians/${me.clinicianId}`, { token: admin.token });
    expect(after.body.clinician.compliance.trainingExpires).toBe(renewal);
    expect(after.body.clinician.bookableUntil > lapseDay).toBe(true);
    const lifted = await explain();
    expect(lifted.body.excluded).toEqual([]);
    expect(lifted.body.candidates.map((c: { clinicianId: string }) => c.clinicianId)).toEqual([me.clinicianId]);
  });

  it('reminds the clinician 14 days before a lapse, once, as the scheduler’s daily run passes', async () => {
    const me = await newClinician(admin, { trainingExpires: isoDay(15) });
    const email = me.user.email as string;
    const reminders = () =>
      call('GET', `/dev/outbox?to=${encodeURIComponent(email)}&kind=compliance-expiring`).then(
        (r) => r.body.messages as { body: string; channel: string }[],
      );
    expect(await reminders()).toEqual([]);
    // The next morning's run (07:00 London) finds 14 days left. The clock goes to 06:00 first, which books that
    // run for 07:00 (should another file have moved the clock past it, it ran then, and only a clock set before
    // 07:00 books it again), then to 08:00, which brings it due.
    // The http files share one runtime and its clock: should another file move the clock meanwhile, do both
    // again (every few seconds, only while nothing has come).
    const passTheMorning = async () => {
      for (const now of [`${isoDay(1)}T06:00:00Z`, `${isoDay(1)}T08:00:00Z`]) {
        const moved = await call('POST', '/dev/clock', { body: { now } });
        expect(moved.status, moved.text).toBe(200);
      }
    };
    await passTheMorning();
    let polls = 0;
    const sent = await eventually(
      async () => {
        const m = await reminders();
        if (!m.length && ++polls % 12 === 0) await passTheMorning();
        return m;
      },
      (m) => m.length > 0,
      // The relay may still be sending the previous file's texts (the authorisation matrix leaves hundreds).
      100_000,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'email' });
    expect(sent[0]!.body).toContain('in 14 days');

    const atRisk = await call('GET', '/compliance/at-risk', { token: hr.token });
    expect(atRisk.status, atRisk.text).toBe(200);
    expect(atRisk.body.atRisk).toContainEqual(
      expect.objectContaining({
        clinicianId: me.clinicianId,
        documentType: 'training-bls',
        expiresOn: isoDay(15),
        daysLeft: 14,
        lapsed: false,
        bookings: [],
      }),
    );
    // The day after is still inside the 14-day threshold: nothing more.
    await call('POST', '/dev/clock', { body: { now: `${isoDay(2)}T08:00:00Z` } });
    await new Promise((r) => setTimeout(r, 3000));
    expect(await reminders()).toHaveLength(1);
  }, 150_000);

  it('keeps the at-risk list to admin, HR and managers, a manager seeing only their practices’ bookings', async () => {
    const m = await manager();
    const mine = await call('GET', '/compliance/at-risk?days=90', { token: m.token });
    expect(mine.status, mine.text).toBe(200);
    for (const entry of mine.body.atRisk as { bookings: { practiceId: string }[] }[]) {
      expect(entry.bookings.length).toBeGreaterThan(0);
      for (const b of entry.bookings) expect(m.user.practiceIds).toContain(b.practiceId);
    }
    const clinician = await newClinician(admin, {});
    expectError(await call('GET', '/compliance/at-risk', { token: clinician.token }), 403);
    expectError(await call('GET', '/compliance/at-risk?days=0', { token: hr.token }), 400, 'VALIDATION');
  });
});
