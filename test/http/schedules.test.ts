import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, demoUsers, outboxCaughtUp, SOMERSET, signIn, tokenFor } from '../support/client';
import { actor, booked, inThePast, manager, newClinician } from '../support/security/world';

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

  it("invoices last month's self-employed work on the 1st at 06:00 London, as the stack's schedule does in AWS", async () => {
    const locum = await newClinician({ employment: 'self-employed' });
    let start = '';
    const { booking } = await inThePast((slot) => {
      start = slot.start;
      return booked(slot, locum);
    });
    const sent = await call('POST', `/bookings/${booking.id}/timesheet`, { token: locum.token, body: {} });
    expect(sent.status, sent.text).toBe(201);
    const approved = await call('POST', `/timesheets/${sent.body.timesheet.id}/approve`, {
      token: (await manager()).token,
    });
    expect(approved.status, approved.text).toBe(200);
    const hr = await actor(SOMERSET, 'hr');
    const invoices = async () =>
      (await call('GET', `/invoices?clinicianId=${locum.clinicianId}`, { token: hr.token })).body.invoices as {
        month: string;
        lines: { timesheetId: string }[];
      }[];
    expect(await invoices()).toEqual([]);

    // The London month the shift was in, and 06:00 on the 1st of the next (05:00 UTC in summer time).
    const worked = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
      .format(new Date(start))
      .slice(0, 7);
    const [year, month] = worked.split('-').map(Number) as [number, number];
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    const offset = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
      .formatToParts(new Date(`${next}-01T12:00:00Z`))
      .find((p) => p.type === 'timeZoneName')!.value;
    const at = Date.parse(`${next}-01T06:00:00Z`) - (offset === 'GMT+1' ? 3_600_000 : 0);
    await setClock(new Date(at - 60_000).toISOString());
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await invoices(), 'a minute before, nothing yet').toEqual([]);
    await setClock(new Date(at + 30_000).toISOString());
    const made = await eventually(invoices, (list) => list.length > 0, 30_000);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ month: worked });
    expect(made[0]!.lines.map((l) => l.timesheetId)).toEqual([sent.body.timesheet.id]);
  }, 120_000);
});
