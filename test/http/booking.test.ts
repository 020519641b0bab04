import { beforeAll, describe, expect, it } from 'vitest';
import { call, type DemoUser, demoUsers, outboxCaughtUp, SOMERSET, signIn, tokenFor } from '../support/client';

// The runtime is shared: what the files before this one left in the outbox goes first, and this file's waits
// (`eventually`, 10 s) are for its own messages, not for that backlog.
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
  (await call('GET', `/dev/outbox?${query}`)).body.messages as {
    to: string;
    kind: string;
    body: string;
    channel: string;
  }[];

/** Days ahead at a London wall clock, far enough out that other files' shifts do not clash. */
let dayOffset = 40;
const slot = (hours: [string, string]) => {
  const d = new Date(Date.now() + dayOffset++ * 86_400_000).toISOString().slice(0, 10);
  return { start: `${d}T${hours[0]}`, end: `${d}T${hours[1]}` };
};

async function postShift(extra: Record<string, unknown> = {}) {
  const { user, token } = await signIn(SOMERSET, 'manager');
  const practiceId = user.practiceIds![0]!;
  const reply = await call('POST', '/shifts', {
    token,
    body: {
      practiceId,
      role: 'practice-nurse',
      ...slot(['09:00', '13:10']),
      hourlyRatePence: 3200,
      cascadeMinutes: 0,
      ...extra,
    },
  });
  expect(reply.status).toBe(201);
  return {
    token,
    practiceId,
    shift: reply.body.shift,
    offers: reply.body.offers as { id: string; clinicianId: string; code: string }[],
  };
}

async function clinicianUser(clinicianId: string): Promise<DemoUser> {
  return (await demoUsers()).find((u) => u.clinicianId === clinicianId)!;
}

describe('posting a shift', () => {
  it('offers it at once to every eligible clinician when the cascade is 0, and explains every exclusion', async () => {
    const { token, shift, offers } = await postShift();
    expect(offers.length).toBeGreaterThan(0);
    const matches = await call('GET', `/shifts/${shift.id}/matches`, { token });
    expect(matches.status).toBe(200);
    const { candidates, excluded } = matches.body;
    expect(new Set(offers.map((o) => o.clinicianId))).toEqual(
      new Set(candidates.map((c: { clinicianId: string }) => c.clinicianId)),
    );
    for (const c of candidates) expect(c).toMatchObject({ offered: true, reasons: [] });
    for (const e of excluded) {
      expect(e.reasons.length).toBeGreaterThan(0);
      expect(offers.map((o) => o.clinicianId)).not.toContain(e.clinicianId);
    }
    const scores = candidates
      .filter((c: { preferred: boolean }) => !c.preferred)
      .map((c: { score: number }) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    // Each offeree was told, by text or by email, with the code to reply with.
    const first = offers[0]!;
    const told = await eventually(
      () => outbox('kind=offer'),
      (ms) => ms.some((m) => m.body.includes(`YES ${first.code}`)),
    );
    expect(told.some((m) => m.body.includes(`YES ${first.code}`))).toBe(true);
  });

  it('offers the first wave only to the best-ranked when a cascade is set', async () => {
    const { token, shift, offers } = await postShift({ cascadeMinutes: 30, role: 'hca', hourlyRatePence: 1500 });
    const matches = (await call('GET', `/shifts/${shift.id}/matches`, { token })).body;
    const preferred = matches.candidates.filter((c: { preferred: boolean }) => c.preferred).length;
    expect(offers.length).toBe(Math.min(matches.candidates.length, Math.max(10, preferred)));
    expect(offers.map((o) => o.clinicianId)).toEqual(
      matches.candidates.slice(0, offers.length).map((c: { clinicianId: string }) => c.clinicianId),
    );
  });

  it('refuses a named offer to a clinician who cannot work it with 409 NOT_ELIGIBLE and the reasons', async () => {
    const { token, shift } = await postShift();
    const gp = (await demoUsers()).find(
      (u) => u.orgId === SOMERSET && u.role === 'clinician' && u.name.startsWith('Dr '),
    )!;
    const reply = await call('POST', `/shifts/${shift.id}/offers`, { token, body: { clinicianIds: [gp.clinicianId] } });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('NOT_ELIGIBLE');
    expect(reply.body.error.details[0]).toMatchObject({
      clinicianId: gp.clinicianId,
      reasons: expect.arrayContaining(['ROLE']),
    });
    const bad = await call('POST', `/shifts/${shift.id}/offers`, { token, body: {} });
    expect(bad.status).toBe(400);
  });
});

describe('booking', () => {
  it('books the first to accept, refuses the next with 409 SHIFT_UNAVAILABLE, and shows the shift filled', async () => {
    const { token, shift, offers } = await postShift();
    expect(offers.length).toBeGreaterThan(1);
    const [a, b] = offers;
    const aToken = await tokenFor(await clinicianUser(a!.clinicianId));
    const bToken = await tokenFor(await clinicianUser(b!.clinicianId));
    const mine = await call('GET', '/offers', { token: aToken });
    expect(mine.body.offers.map((o: { id: string }) => o.id)).toContain(a!.id);
    expect(mine.body.offers.find((o: { id: string }) => o.id === a!.id).shift).toMatchObject({
      id: shift.id,
      localStart: shift.localStart,
    });

    const won = await call('POST', `/offers/${a!.id}/accept`, { token: aToken });
    expect(won.status).toBe(200);
    expect(won.body.booking).toMatchObject({ shiftId: shift.id, clinicianId: a!.clinicianId, status: 'confirmed' });
    const again = await call('POST', `/offers/${a!.id}/accept`, { token: aToken });
    expect(again.body.booking.id).toBe(won.body.booking.id);
    const lost = await call('POST', `/offers/${b!.id}/accept`, { token: bToken });
    expect(lost.status).toBe(409);
    expect(lost.body.error.code).toBe('SHIFT_UNAVAILABLE');

    const filled = await call('GET', `/shifts/${shift.id}`, { token });
    expect(filled.body.shift).toMatchObject({
      status: 'filled',
      booking: { id: won.body.booking.id, clinicianId: a!.clinicianId },
    });
    const bookings = await call('GET', '/bookings', { token: aToken });
    expect(bookings.body.bookings.map((x: { id: string }) => x.id)).toContain(won.body.booking.id);
    const othersOffers = await call('GET', '/offers', { token: bToken });
    expect(othersOffers.body.offers.map((o: { id: string }) => o.id)).not.toContain(b!.id);
  });

  it("shows on the offer and on the booking what a locum needs on the day: the practice's address, phone and arrival notes, and the total pay", async () => {
    const { token, practiceId, shift, offers } = await postShift({ breakMinutes: 10 });
    const practice = (await call('GET', '/practices', { token })).body.practices.find(
      (p: { id: string }) => p.id === practiceId,
    );
    expect(practice.phone).toEqual(expect.any(String));
    expect(practice.notes).toEqual(expect.any(String));
    const details = {
      name: practice.name,
      address: practice.address,
      phone: practice.phone,
      notes: practice.notes,
    };
    // 09:00-13:10 less a 10-minute break is four hours at £32.00.
    const totalPence = 4 * 3200;
    const a = offers[0]!;
    const aToken = await tokenFor(await clinicianUser(a.clinicianId));
    const offered = (await call('GET', '/offers', { token: aToken })).body.offers.find(
      (o: { id: string }) => o.id === a.id,
    );
    expect(offered.shift).toMatchObject({ id: shift.id, totalPence, practice: details });

    const won = await call('POST', `/offers/${a.id}/accept`, { token: aToken });
    expect(won.status).toBe(200);
    const mine = (await call('GET', '/bookings?limit=200', { token: aToken })).body.bookings.find(
      (b: { id: string }) => b.id === won.body.booking.id,
    );
    // Still there once booked, with the times and rate the card shows.
    expect(mine).toMatchObject({
      practice: details,
      totalPence,
      hourlyRatePence: 3200,
      breakMinutes: 10,
      localStart: shift.localStart,
      localEnd: shift.localEnd,
    });
  });

  it('refuses another clinician acting on an offer (403) and a manager accepting (403)', async () => {
    const { token, offers } = await postShift();
    const [a, b] = offers;
    const bToken = await tokenFor(await clinicianUser(b!.clinicianId));
    expect((await call('POST', `/offers/${a!.id}/accept`, { token: bToken })).status).toBe(403);
    expect((await call('POST', `/offers/${a!.id}/accept`, { token })).status).toBe(403);
  });

  it('answers an accept after a decline with 410 OFFER_EXPIRED', async () => {
    const { offers } = await postShift();
    const a = offers[0]!;
    const aToken = await tokenFor(await clinicianUser(a.clinicianId));
    const declined = await call('POST', `/offers/${a.id}/decline`, { token: aToken });
    expect(declined.status).toBe(200);
    expect(declined.body.offer.status).toBe('declined');
    expect(Date.parse(declined.body.offer.decidedAt)).toBeGreaterThan(Date.now() - 60_000);
    // Declining again answers the offer as it stands, the same.
    const again = await call('POST', `/offers/${a.id}/decline`, { token: aToken });
    expect(again.status).toBe(200);
    expect(again.body.offer).toEqual(declined.body.offer);
    const late = await call('POST', `/offers/${a.id}/accept`, { token: aToken });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('OFFER_EXPIRED');
  });

  it('books by a text reply, answers it by text, and puts the booking in the calendar in London time', async () => {
    const { token, shift, offers } = await postShift();
    const a = offers[0]!;
    const user = await clinicianUser(a.clinicianId);
    const clinician = (await call('GET', `/clinicians/${a.clinicianId}`, { token: await tokenFor(user) })).body
      .clinician;
    // Typed as people write it: the simulator hands it over as E.164, as a carrier would.
    expect(clinician.phone).toMatch(/^\+447\d{9}$/);
    const typed = `0${clinician.phone.slice(3, 7)} ${clinician.phone.slice(7)}`;
    const sent = await call('POST', '/dev/sms/inbound', { body: { from: typed, body: `yes ${a.code}` } });
    expect(sent.status).toBe(202);
    const filled = await eventually(
      () => call('GET', `/shifts/${shift.id}`, { token }),
      (r) => r.body.shift.status === 'filled',
    );
    expect(filled.body.shift.booking.clinicianId).toBe(a.clinicianId);
    const replies = await eventually(
      () => outbox(`to=${encodeURIComponent(clinician.phone)}&kind=sms-reply`),
      (ms) => ms.some((m) => m.body.includes(a.code)),
    );
    expect(replies.find((m) => m.body.includes(a.code))?.body).toMatch(/^Booked/);

    const ics = await call('GET', `/clinicians/${a.clinicianId}/calendar.ics`, { token: await tokenFor(user) });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
    const compact = shift.localStart.replace(/[-:]/g, '');
    expect(ics.text).toContain(`DTSTART;TZID=Europe/London:${compact}00`);
    expect(ics.text).toContain('BEGIN:VTIMEZONE');
    // RFC 5545 §3.1: every content line ends with CRLF, the last one too; no bare LF anywhere.
    expect(ics.text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('reopens a cancelled booking and offers the shift again, telling the practice', async () => {
    const { token, shift, offers } = await postShift();
    const a = offers[0]!;
    const aToken = await tokenFor(await clinicianUser(a.clinicianId));
    const booking = (await call('POST', `/offers/${a.id}/accept`, { token: aToken })).body.booking;
    const cancelled = await call('POST', `/bookings/${booking.id}/cancel`, {
      token: aToken,
      body: { reason: 'Family emergency' },
    });
    expect(cancelled.status).toBe(200);
    const reopened = await call('GET', `/shifts/${shift.id}`, { token });
    expect(reopened.body.shift.status).toBe('open');
    const matches = (await call('GET', `/shifts/${shift.id}/matches`, { token })).body;
    const offeredAgain = matches.candidates
      .filter((c: { offered: boolean }) => c.offered)
      .map((c: { clinicianId: string }) => c.clinicianId);
    expect(offeredAgain.length).toBeGreaterThan(0);
    expect(offeredAgain).not.toContain(a.clinicianId);
    expect((await call('POST', `/bookings/${booking.id}/cancel`, { token: aToken, body: {} })).status).toBe(400);
    const practice = (await call('GET', '/practices', { token })).body.practices.find(
      (p: { id: string }) => p.id === shift.practiceId,
    );
    const told = await eventually(
      () => outbox(`to=${encodeURIComponent(practice.email)}&kind=booking-cancelled`),
      (ms) => ms.some((m) => m.body.includes('Family emergency')),
    );
    expect(told.some((m) => m.body.includes('Family emergency'))).toBe(true);
  });

  it('lets the practice cancel a booking late with just a reason, as before, and owes the clinician the fee', async () => {
    // Tomorrow afternoon: inside the default 48-hour window.
    const d = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const { token, shift, offers } = await postShift({ start: `${d}T14:00`, end: `${d}T17:00` });
    const a = offers[0]!;
    const aUser = await clinicianUser(a.clinicianId);
    const aToken = await tokenFor(aUser);
    const booking = (await call('POST', `/offers/${a.id}/accept`, { token: aToken })).body.booking;
    const cancelled = await call('POST', `/bookings/${booking.id}/cancel`, {
      token,
      body: { reason: 'Double booked' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.booking).toMatchObject({ status: 'cancelled', timesheetId: expect.any(String) });
    expect((await call('GET', `/shifts/${shift.id}`, { token })).body.shift.status).toBe('open');
    // Two hours at £32.00, paid as a line of its own.
    const sheets = (await call('GET', '/timesheets?limit=200', { token: aToken })).body.timesheets;
    expect(sheets.find((t: { id: string }) => t.id === cancelled.body.booking.timesheetId)).toMatchObject({
      bookingId: booking.id,
      lineType: 'cancellation-fee',
      status: 'approved',
      grossPence: 6400,
    });
    // Told by text or by email, as they choose to be.
    const { phone, email } = (await call('GET', `/clinicians/${a.clinicianId}`, { token: aToken })).body.clinician;
    const toldThem = (ms: Awaited<ReturnType<typeof outbox>>) =>
      ms.some((m) => (m.to === phone || m.to === email) && m.body.includes('late-cancellation fee of £64.00'));
    expect(toldThem(await eventually(() => outbox('kind=booking-cancelled'), toldThem))).toBe(true);
    // Sent again, it finds the booking cancelled: 200, and no second fee.
    const again = await call('POST', `/bookings/${booking.id}/cancel`, {
      token,
      body: { reason: 'Double booked', acknowledgeLateFee: true },
    });
    expect(again.status).toBe(200);
    expect(again.body.booking.timesheetId).toBe(cancelled.body.booking.timesheetId);
  });

  it('cancels a shift and tells everyone holding an offer', async () => {
    const { token, shift, offers } = await postShift();
    const cancelled = await call('POST', `/shifts/${shift.id}/cancel`, { token, body: { reason: 'Clinic closed' } });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.shift.status).toBe('cancelled');
    const told = await eventually(
      () => outbox('kind=shift-cancelled'),
      (ms) => offers.every((o) => ms.some((m) => m.body.includes(o.code))),
    );
    for (const o of offers) expect(told.some((m) => m.body.includes(o.code))).toBe(true);
    const aToken = await tokenFor(await clinicianUser(offers[0]!.clinicianId));
    const late = await call('POST', `/offers/${offers[0]!.id}/accept`, { token: aToken });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('SHIFT_UNAVAILABLE');
  });
});

describe('GET /shifts for a clinician', () => {
  it('lists open shifts they can work, and not ones they cannot', async () => {
    const { shift, offers } = await postShift();
    const offeree = await clinicianUser(offers[0]!.clinicianId);
    const listed = await call('GET', '/shifts?limit=200', { token: await tokenFor(offeree) });
    expect(listed.status).toBe(200);
    expect(listed.body.shifts.map((s: { id: string }) => s.id)).toContain(shift.id);
    const gp = (await demoUsers()).find(
      (u) => u.orgId === SOMERSET && u.role === 'clinician' && u.name.startsWith('Dr '),
    )!;
    const theirs = await call('GET', '/shifts?limit=200', { token: await tokenFor(gp) });
    expect(theirs.body.shifts.map((s: { id: string }) => s.id)).not.toContain(shift.id);
  });
});
