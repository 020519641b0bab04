import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  type DemoUser,
  demoUsers,
  outboxCaughtUp,
  QUANTOCK,
  SOMERSET,
  signIn,
  tokenFor,
} from '../support/client';

// Its waits for texts are short: the texts of earlier files must be sent first (see outboxCaughtUp).
beforeAll(() => outboxCaughtUp(), 200_000);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 150));
  }
}

const outbox = async (query: string) =>
  (await call('GET', `/dev/outbox?${query}`)).body.messages as { to: string; kind: string; body: string }[];

/** London days well ahead of other files' shifts. */
let dayOffset = 160;
const slot = (hours: [string, string]) => {
  const d = new Date(Date.now() + dayOffset++ * 86_400_000).toISOString().slice(0, 10);
  return { start: `${d}T${hours[0]}`, end: `${d}T${hours[1]}` };
};

async function postShift(role = 'practice-nurse', extra: Record<string, unknown> = {}) {
  const { user, token } = await signIn(SOMERSET, 'manager');
  const practiceId = user.practiceIds![0]!;
  const body = { practiceId, role, ...slot(['09:00', '13:10']), hourlyRatePence: 3200, cascadeMinutes: 0, ...extra };
  const reply = await call('POST', '/shifts', { token, body });
  expect(reply.status).toBe(201);
  return {
    token,
    practiceId,
    body,
    shift: reply.body.shift,
    offers: reply.body.offers as { id: string; clinicianId: string; code: string }[],
  };
}

describe('rate raises and escalations over HTTP', () => {
  it('PATCH /practices/{id}: an admin sets caps; a manager is refused; bad caps are 400; another org is 404', async () => {
    const { token: admin } = await signIn(SOMERSET, 'admin');
    const { user: mgr, token: manager } = await signIn(SOMERSET, 'manager');
    const practiceId = mgr.practiceIds![0]!;
    const ok = await call('PATCH', `/practices/${practiceId}`, {
      token: admin,
      body: { maxHourlyRatePence: { 'practice-nurse': 3600 } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.practice).toMatchObject({ id: practiceId, maxHourlyRatePence: { 'practice-nurse': 3600 } });
    expect((await call('PATCH', `/practices/${practiceId}`, { token: manager, body: { pcn: 'x' } })).status).toBe(403);
    const bad = await call('PATCH', `/practices/${practiceId}`, {
      token: admin,
      body: { maxHourlyRatePence: { surgeon: 1 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect((await call('PATCH', `/practices/${practiceId}`, { token: admin, body: {} })).status).toBe(400);
    const { token: otherAdmin } = await signIn(QUANTOCK, 'admin');
    expect((await call('PATCH', `/practices/${practiceId}`, { token: otherAdmin, body: { pcn: 'x' } })).status).toBe(
      404,
    );
  });

  it('POST /shifts/{id}/rate within the cap: 200 {shift}, and live offerees are texted the new rate', async () => {
    const { token, shift, offers } = await postShift();
    expect(offers.length).toBeGreaterThan(0);
    const r = await call('POST', `/shifts/${shift.id}/rate`, {
      token,
      body: { hourlyRatePence: 3500, reason: 'No takers' },
    });
    expect(r.status).toBe(200);
    expect(r.body.shift).toMatchObject({ id: shift.id, hourlyRatePence: 3500 });
    const texts = await eventually(
      () => outbox('kind=rate-raised'),
      (ms) => offers.every((o) => ms.some((m) => m.body.includes(`YES ${o.code}`))),
    );
    const ours = texts.filter((m) => offers.some((o) => m.body.includes(`YES ${o.code}`)));
    expect(ours.length).toBe(offers.length);
    for (const m of ours) expect(m.body).toContain('£35.00');
    const low = await call('POST', `/shifts/${shift.id}/rate`, { token, body: { hourlyRatePence: 3000, reason: 'x' } });
    expect(low.status).toBe(400);
  });

  it('above the cap: 202 pending; GET /escalations lists it; an admin approves and the rate applies', async () => {
    const { token, shift } = await postShift();
    const r = await call('POST', `/shifts/${shift.id}/rate`, { token, body: { hourlyRatePence: 4200, reason: 'Flu' } });
    expect(r.status).toBe(202);
    expect(r.body.escalation).toMatchObject({ status: 'pending' });
    const id = r.body.escalation.id as string;
    const listed = await call('GET', '/escalations?status=pending', { token });
    expect(listed.status).toBe(200);
    expect(listed.body.escalations.map((e: { id: string }) => e.id)).toContain(id);
    expect((await call('POST', `/escalations/${id}/approve`, { token, body: {} })).status).toBe(403);
    const { token: admin } = await signIn(SOMERSET, 'admin');
    const approved = await call('POST', `/escalations/${id}/approve`, { token: admin, body: { reason: 'Fine' } });
    expect(approved.status).toBe(200);
    expect(approved.body.escalation).toMatchObject({ id, status: 'approved', decisionReason: 'Fine' });
    expect((await call('GET', `/shifts/${shift.id}`, { token })).body.shift.hourlyRatePence).toBe(4200);
    expect((await call('POST', `/escalations/${id}/reject`, { token: admin, body: {} })).status).toBe(409);
    const { token: otherAdmin } = await signIn(QUANTOCK, 'admin');
    expect((await call('POST', `/escalations/${id}/approve`, { token: otherAdmin, body: {} })).status).toBe(404);
    expect((await call('GET', '/escalations?status=nope', { token: admin })).status).toBe(400);
  });

  it('an admin decides with no body at all, as `{reason?}` allows: no reason is kept', async () => {
    const { token, shift } = await postShift();
    const raised = await call('POST', `/shifts/${shift.id}/rate`, {
      token,
      body: { hourlyRatePence: 4300, reason: 'Flu' },
    });
    expect(raised.status, raised.text).toBe(202);
    const { token: admin } = await signIn(SOMERSET, 'admin');
    const rejected = await call('POST', `/escalations/${raised.body.escalation.id}/reject`, { token: admin });
    expect(rejected.status, rejected.text).toBe(200);
    expect(rejected.body.escalation).toMatchObject({ status: 'rejected' });
    expect(rejected.body.escalation.decisionReason).toBeUndefined();

    const again = await call('POST', `/shifts/${shift.id}/rate`, {
      token,
      body: { hourlyRatePence: 4400, reason: 'Still none' },
    });
    expect(again.status, again.text).toBe(202);
    const approved = await call('POST', `/escalations/${again.body.escalation.id}/approve`, { token: admin });
    expect(approved.status, approved.text).toBe(200);
    expect((await call('GET', `/shifts/${shift.id}`, { token })).body.shift.hourlyRatePence).toBe(4400);
    // A body that is there must still be right.
    const wrong = await call('POST', `/escalations/${again.body.escalation.id}/reject`, {
      token: admin,
      body: { why: 'x' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('VALIDATION');
  });

  it("turns down a raise still waiting when its shift is cancelled, so it leaves the admin's queue", async () => {
    const { token, shift } = await postShift();
    const raised = await call('POST', `/shifts/${shift.id}/rate`, {
      token,
      body: { hourlyRatePence: 4500, reason: 'Nobody yet' },
    });
    expect(raised.status, raised.text).toBe(202);
    const id = raised.body.escalation.id as string;
    const cancelled = await call('POST', `/shifts/${shift.id}/cancel`, { token, body: { reason: 'Clinic closed' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    const { token: admin } = await signIn(SOMERSET, 'admin');
    const pending = await call('GET', '/escalations?status=pending', { token: admin });
    expect(pending.body.escalations.map((e: { id: string }) => e.id)).not.toContain(id);
    const all = await call('GET', '/escalations?status=rejected', { token: admin });
    expect(all.body.escalations.find((e: { id: string }) => e.id === id)).toMatchObject({
      status: 'rejected',
      decisionReason: 'The shift was cancelled',
    });
  });

  it('POST /shifts/preview answers the waves without posting anything', async () => {
    const { user, token } = await signIn(SOMERSET, 'manager');
    const body = {
      practiceId: user.practiceIds![0]!,
      role: 'practice-nurse',
      ...slot(['09:00', '13:10']),
      hourlyRatePence: 3200,
      cascadeMinutes: 15,
    };
    const before = (await call('GET', `/shifts?practiceId=${body.practiceId}&limit=100`, { token })).body.shifts.length;
    const r = await call('POST', '/shifts/preview', { token, body });
    expect(r.status).toBe(200);
    expect(r.body.waves.length).toBeGreaterThan(0);
    expect(r.body.waves[0]).toMatchObject({ wave: 1 });
    expect(typeof r.body.excluded).toBe('number');
    const first = r.body.waves[0].clinicians as { preferred: boolean }[];
    if (first.some((c) => c.preferred)) expect(first.every((c) => c.preferred)).toBe(true);
    else expect(first.length).toBeLessThanOrEqual(10);
    expect((await call('GET', `/shifts?practiceId=${body.practiceId}&limit=100`, { token })).body.shifts.length).toBe(
      before,
    );
    expect((await call('POST', '/shifts/preview', { token, body: { ...body, hourlyRatePence: 'x' } })).status).toBe(
      400,
    );
  });

  it('cancelling a filled shift late: 409 LATE_CANCELLATION with the fee, then cancelled with acknowledgeLateFee', async () => {
    // Tomorrow morning: inside the 48-hour window.
    const d = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const { token, shift, offers } = await postShift('hca', {
      start: `${d}T09:00`,
      end: `${d}T13:00`,
      hourlyRatePence: 2000,
    });
    expect(offers.length).toBeGreaterThan(0);
    const offer = offers[0]!;
    const doc = (await demoUsers()).find((u: DemoUser) => u.clinicianId === offer.clinicianId)!;
    const accepted = await call('POST', `/offers/${offer.id}/accept`, { token: await tokenFor(doc) });
    expect(accepted.status).toBe(200);
    const refused = await call('POST', `/shifts/${shift.id}/cancel`, { token, body: { reason: 'Room flooded' } });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'LATE_CANCELLATION',
      details: { feePence: 4000, lateCancellationHours: 48 },
    });
    const done = await call('POST', `/shifts/${shift.id}/cancel`, {
      token,
      body: { reason: 'Room flooded', acknowledgeLateFee: true },
    });
    expect(done.status).toBe(200);
    expect(done.body.shift).toMatchObject({ status: 'cancelled', cancelReason: 'Room flooded' });
    const mine = await call('GET', '/bookings', { token: await tokenFor(doc) });
    const booking = mine.body.bookings.find((b: { shiftId: string }) => b.shiftId === shift.id);
    expect(booking).toMatchObject({ status: 'cancelled', cancelReason: 'Room flooded' });
    const sheets = await call('GET', '/timesheets', { token: await tokenFor(doc) });
    expect(sheets.body.timesheets.find((t: { shiftId: string }) => t.shiftId === shift.id)).toMatchObject({
      lineType: 'cancellation-fee',
      status: 'approved',
      grossPence: 4000,
    });
  });
});
