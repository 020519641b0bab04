import { describe, expect, it } from 'vitest';
import { call, type DemoUser, demoUsers, SOMERSET, signIn, tokenFor } from '../support/client';

/** Days ahead, far from the other files' shifts so that nobody's diary clashes. */
let dayOffset = 150;
const nextDay = () => new Date(Date.now() + dayOffset++ * 86_400_000).toISOString().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function postShift(date: string, hours: [string, string] = ['09:00', '13:10']) {
  const { user, token } = await signIn(SOMERSET, 'manager');
  const reply = await call('POST', '/shifts', {
    token,
    body: {
      practiceId: user.practiceIds![0]!,
      role: 'practice-nurse',
      start: `${date}T${hours[0]}`,
      end: `${date}T${hours[1]}`,
      hourlyRatePence: 3200,
      cascadeMinutes: 0,
    },
  });
  expect(reply.status).toBe(201);
  return {
    token,
    practiceId: user.practiceIds![0]!,
    shift: reply.body.shift,
    offers: reply.body.offers as { id: string; clinicianId: string }[],
  };
}

async function clinicianToken(clinicianId: string): Promise<string> {
  const user = (await demoUsers()).find((u: DemoUser) => u.clinicianId === clinicianId)!;
  return tokenFor(user);
}

describe('a clinician reading a shift', () => {
  it('sees who booked it only when it is them, and never who cancelled it', async () => {
    const day = nextDay();
    const { shift, offers } = await postShift(day);
    expect(offers.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = offers as [(typeof offers)[0], (typeof offers)[0], (typeof offers)[0]];
    const [aToken, bToken, cToken] = await Promise.all([a, b, c].map((o) => clinicianToken(o.clinicianId)));

    // A books it: A sees their own booking, B sees a filled shift and nobody's name or id on it.
    const booked = await call('POST', `/offers/${a.id}/accept`, { token: aToken });
    expect(booked.status).toBe(200);
    const asA = await call('GET', `/shifts/${shift.id}`, { token: aToken });
    expect(asA.body.shift.booking).toEqual({ id: booked.body.booking.id, clinicianId: a.clinicianId });
    const asB = await call('GET', `/shifts/${shift.id}`, { token: bToken });
    expect(asB.status).toBe(200);
    expect(asB.body.shift.status).toBe('filled');
    expect(asB.body.shift.booking).toBeUndefined();
    expect(asB.text).not.toContain(a.clinicianId);

    // A cancels: the shift reopens, offered to the others; none of them learns it was A.
    const cancelled = await call('POST', `/bookings/${booked.body.booking.id}/cancel`, {
      token: aToken,
      body: { reason: 'Car broke down' },
    });
    expect(cancelled.status).toBe(200);
    const reopened = await call('GET', `/shifts/${shift.id}`, { token: cToken });
    expect(reopened.body.shift.status).toBe('open');
    expect(reopened.text).not.toContain(a.clinicianId);
    const list = await call('GET', `/shifts?from=${day}&to=${day}`, { token: cToken });
    expect(list.status).toBe(200);
    expect(list.body.shifts.map((s: { id: string }) => s.id)).toContain(shift.id);
    expect(list.text).not.toContain(a.clinicianId);
    const offersOfC = await call('GET', '/offers', { token: cToken });
    expect(offersOfC.body.offers.some((o: { shiftId: string }) => o.shiftId === shift.id)).toBe(true);
    expect(offersOfC.text).not.toContain(a.clinicianId);

    // The manager still sees who cancelled (they are not offered it again).
    const { token } = await signIn(SOMERSET, 'manager');
    const asManager = await call('GET', `/shifts/${shift.id}`, { token });
    expect(asManager.text).toContain(a.clinicianId);
  });
});

describe('date filters take a London date, to inclusive', () => {
  it('GET /shifts and GET /bookings: from and to as London dates cover that day whole, and no more', async () => {
    const day = nextDay();
    // 23:30 London in winter is 23:30 UTC, in summer 22:30 UTC: either way the last hour of the London day.
    const late = await postShift(day, ['20:00', '23:30']);
    const early = await postShift(addDays(day, 1), ['00:30', '04:00']);
    const { token } = late;
    const shifts = await call('GET', `/shifts?practiceId=${late.practiceId}&from=${day}&to=${day}`, { token });
    expect(shifts.status).toBe(200);
    const ids = shifts.body.shifts.map((s: { id: string }) => s.id);
    expect(ids).toContain(late.shift.id);
    expect(ids).not.toContain(early.shift.id);
    const onlyTo = await call('GET', `/shifts?practiceId=${late.practiceId}&to=${day}`, { token });
    expect(onlyTo.status).toBe(200);
    expect(onlyTo.body.shifts.map((s: { id: string }) => s.id)).not.toContain(early.shift.id);
    // An instant is still accepted.
    const byInstant = await call('GET', `/shifts?practiceId=${late.practiceId}&from=${late.shift.start}`, { token });
    expect(byInstant.status).toBe(200);
    expect(byInstant.body.shifts.map((s: { id: string }) => s.id)).toContain(late.shift.id);

    const offer = late.offers[0]!;
    const booked = await call('POST', `/offers/${offer.id}/accept`, { token: await clinicianToken(offer.clinicianId) });
    expect(booked.status).toBe(200);
    const { token: adminToken } = await signIn(SOMERSET, 'admin');
    const bookings = await call('GET', `/bookings?from=${day}&to=${day}`, { token: adminToken });
    expect(bookings.status).toBe(200);
    expect(bookings.body.bookings.map((b: { id: string }) => b.id)).toContain(booked.body.booking.id);
    const before = await call('GET', `/bookings?to=${addDays(day, -1)}&from=${addDays(day, -1)}`, {
      token: adminToken,
    });
    expect(before.status).toBe(200);
    expect(before.body.bookings.map((b: { id: string }) => b.id)).not.toContain(booked.body.booking.id);
  });

  it('GET /payroll/exports and GET /timesheets filter by London date, and refuse a date that is none', async () => {
    const { token } = await signIn(SOMERSET, 'hr');
    const today = new Date().toISOString().slice(0, 10);
    const started = await call('POST', '/payroll/exports', { token, body: { from: '2020-01-01', to: '2020-01-31' } });
    expect(started.status).toBe(201);
    const id = started.body.export.id;
    const around = await call('GET', `/payroll/exports?from=${addDays(today, -1)}&to=${addDays(today, 1)}`, { token });
    expect(around.status).toBe(200);
    expect(around.body.exports.map((e: { id: string }) => e.id)).toContain(id);
    const earlier = await call('GET', `/payroll/exports?to=${addDays(today, -2)}`, { token });
    expect(earlier.status).toBe(200);
    expect(earlier.body.exports.map((e: { id: string }) => e.id)).not.toContain(id);

    for (const path of ['/payroll/exports', '/timesheets', '/shifts', '/bookings']) {
      const bad = await call('GET', `${path}?from=2026-02-30`, { token: (await signIn(SOMERSET, 'admin')).token });
      expect(bad.status, path).toBe(400);
      expect(bad.body.error.code, path).toBe('VALIDATION');
      expect(
        bad.body.error.details.map((d: { path: string }) => d.path),
        path,
      ).toContain('query.from');
    }
    const timesheets = await call('GET', `/timesheets?from=${today}&to=${today}`, { token });
    expect(timesheets.status).toBe(200);
  });
});

describe('GET /shifts/{id}/matches', () => {
  it('explains one clinician with ?clinicianId, counts the rest as beyondTravel, and answers 404 across organisations', async () => {
    const { shift, token, offers } = await postShift(nextDay());
    const all = await call('GET', `/shifts/${shift.id}/matches`, { token });
    expect(all.status).toBe(200);
    expect(Number.isInteger(all.body.beyondTravel)).toBe(true);

    const offered = offers[0]!.clinicianId;
    const one = await call('GET', `/shifts/${shift.id}/matches?clinicianId=${offered}`, { token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({
      candidates: [expect.objectContaining({ clinicianId: offered, offered: true, reasons: [] })],
      excluded: [],
    });

    const elsewhere = (await demoUsers()).find((u) => u.orgId !== SOMERSET && u.clinicianId)!;
    const other = await call('GET', `/shifts/${shift.id}/matches?clinicianId=${elsewhere.clinicianId}`, { token });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('NOT_FOUND');
    const unknown = await call('GET', `/shifts/${shift.id}/matches?clinicianId=cln-nobody-here`, { token });
    expect(unknown.status).toBe(404);
  });
});
