import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, demoUsers, outboxCaughtUp, SOMERSET, signIn, tokenFor } from '../support/client';

// Its waits for texts are short: the texts of earlier files must be sent first (see outboxCaughtUp).
beforeAll(() => outboxCaughtUp(), 200_000);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const setClock = (now: string | null) => call('POST', '/dev/clock', { body: { now } });

afterEach(async () => {
  await setClock(null);
});

describe('scheduled work follows the runtime clock', () => {
  it('sends the next wave of offers once the cascade interval passes', async () => {
    const start = new Date(Date.now() + 30 * 86_400_000);
    await setClock(new Date().toISOString());
    const { user, token } = await signIn(SOMERSET, 'manager');
    const day = start.toISOString().slice(0, 10);
    const posted = await call('POST', '/shifts', {
      token,
      body: {
        practiceId: user.practiceIds![0],
        role: 'hca',
        start: `${day}T08:00`,
        end: `${day}T12:00`,
        hourlyRatePence: 1500,
        cascadeMinutes: 15,
      },
    });
    expect(posted.status).toBe(201);
    const shiftId = posted.body.shift.id;
    const matches = async () => (await call('GET', `/shifts/${shiftId}/matches`, { token })).body;
    const before = await matches();
    const firstWave = before.candidates.filter((c: { offered: boolean }) => c.offered).length;
    expect(firstWave).toBe(posted.body.offers.length);
    expect(before.candidates.length).toBeGreaterThan(firstWave); // the demo bank has more HCAs than one wave
    await setClock(new Date(Date.now() + 16 * 60_000).toISOString());
    const after = await eventually(
      matches,
      (m) => m.candidates.filter((c: { offered: boolean }) => c.offered).length > firstWave,
    );
    expect(after.candidates.filter((c: { offered: boolean }) => c.offered).length).toBeGreaterThan(firstWave);
  });

  it('texts the booked clinician a reminder the day before the shift', async () => {
    await setClock(new Date().toISOString());
    const { user, token } = await signIn(SOMERSET, 'manager');
    const start = new Date(Date.now() + 3 * 86_400_000);
    const day = start.toISOString().slice(0, 10);
    const posted = await call('POST', '/shifts', {
      token,
      body: {
        practiceId: user.practiceIds![0],
        role: 'practice-nurse',
        start: `${day}T14:00`,
        end: `${day}T18:10`,
        hourlyRatePence: 3000,
        cascadeMinutes: 0,
      },
    });
    const offer = posted.body.offers[0];
    const clinician = (await demoUsers()).find((u) => u.clinicianId === offer.clinicianId)!;
    const clinicianToken = await tokenFor(clinician);
    const booked = await call('POST', `/offers/${offer.id}/accept`, { token: clinicianToken });
    expect(booked.status).toBe(200);
    const profile = (await call('GET', `/clinicians/${offer.clinicianId}`, { token: clinicianToken })).body.clinician;
    const to = profile.notify.includes('sms') && !profile.smsOptedOut ? profile.phone : profile.email;
    const reminders = () =>
      call('GET', `/dev/outbox?kind=reminder&to=${encodeURIComponent(to)}`).then(
        (r) => r.body.messages as { body: string }[],
      );
    expect(await reminders()).toEqual([]);
    // A day before the start, to the minute.
    await setClock(new Date(Date.parse(posted.body.shift.start) - 24 * 3_600_000 + 60_000).toISOString());
    const sent = await eventually(reminders, (ms) => ms.length > 0);
    expect(sent).toHaveLength(1);
  });
});
