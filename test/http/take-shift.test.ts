import { describe, expect, it } from 'vitest';
import {
  actor,
  call,
  expectError,
  homePractice,
  manager,
  newClinician,
  offered,
  postShift,
  SOMERSET,
  sleep,
  slotter,
} from '../support/security/world';

// Clear of the other files' days, and inside the three years a DBS check of the suite's clinicians stays valid.
const slot = slotter(330);

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const outboxTo = async (to: string) =>
  (await call('GET', `/dev/outbox?to=${encodeURIComponent(to)}`)).body.messages as { kind: string; body: string }[];

describe('POST /shifts/{id}/take', () => {
  it('books an open shift from the list for a clinician it was not offered to; the offeree hears it is filled', async () => {
    // In the first wave, or offered by hand when the bank's other clinicians fill it.
    const { clinician: offeree, shift, offer } = await offered(slot());
    // Joined after the post: no offer, but the shift is among those they could work. A bank this full gets its
    // first wave in parts, the rest sent by the scheduler straight after the post, which can reach a clinician
    // made meanwhile (seen once in a whole run): such a taker is no test of taking without an offer, so another
    // is made once that part has gone (the next wave is the shift's cascade interval away).
    let taker = await newClinician();
    for (let tries = 0; tries < 3; tries++) {
      await sleep(3000);
      if ((await call('GET', '/offers', { token: taker.token })).body.offers.length === 0) break;
      taker = await newClinician();
    }
    const open = await call('GET', `/shifts?from=${shift.start.slice(0, 10)}&limit=200`, { token: taker.token });
    expect(open.status, open.text).toBe(200);
    expect(open.body.shifts.map((s: { id: string }) => s.id)).toContain(shift.id);
    expect((await call('GET', '/offers', { token: taker.token })).body.offers).toEqual([]);

    const took = await call('POST', `/shifts/${shift.id}/take`, { token: taker.token });
    expect(took.status, took.text).toBe(200);
    expect(took.body.booking).toMatchObject({ shiftId: shift.id, clinicianId: taker.clinicianId, status: 'confirmed' });

    const m = await manager();
    const read = await call('GET', `/shifts/${shift.id}`, { token: m.token });
    expect(read.body.shift).toMatchObject({ status: 'filled', booking: { id: took.body.booking.id } });
    const mine = await call('GET', '/bookings?limit=200', { token: taker.token });
    expect(mine.body.bookings.map((b: { id: string }) => b.id)).toContain(took.body.booking.id);

    // The same request again answers the same booking; the offeree's accept and anyone else's take find it gone.
    const again = await call('POST', `/shifts/${shift.id}/take`, { token: taker.token });
    expect(again.status, again.text).toBe(200);
    expect(again.body.booking.id).toBe(took.body.booking.id);
    expectError(await call('POST', `/offers/${offer.id}/accept`, { token: offeree.token }), 409, 'SHIFT_UNAVAILABLE');
    const late = await newClinician();
    expectError(await call('POST', `/shifts/${shift.id}/take`, { token: late.token }), 409, 'SHIFT_UNAVAILABLE');

    const offereeEmail = (await call('GET', `/clinicians/${offeree.clinicianId}`, { token: offeree.token })).body
      .clinician.email as string;
    const takerEmail = (await call('GET', `/clinicians/${taker.clinicianId}`, { token: taker.token })).body.clinician
      .email as string;
    const filled = await eventually(
      () => outboxTo(offereeEmail),
      (ms) => ms.some((x) => x.kind === 'shift-filled'),
    );
    expect(filled.map((x) => x.kind)).toContain('shift-filled');
    const confirmed = await eventually(
      () => outboxTo(takerEmail),
      (ms) => ms.some((x) => x.kind === 'booking-confirmed'),
    );
    // Booked without an offer: told it is booked, never sent an offer or a "now filled".
    expect(confirmed.map((x) => x.kind)).toEqual(['booking-confirmed']);
  }, 240_000);

  it('refuses a clinician matching rules out with 409 NOT_ELIGIBLE and the reasons, and books nothing', async () => {
    const home = await homePractice();
    const far = await newClinician({ home: { lat: home.lat + 1, lon: home.lon }, maxTravelKm: 10 });
    const { shift } = await postShift(slot());
    const refused = await call('POST', `/shifts/${shift.id}/take`, { token: far.token });
    expectError(refused, 409, 'NOT_ELIGIBLE');
    expect(refused.body.error.details).toMatchObject({ reasons: ['DISTANCE'] });
    const m = await manager();
    expect((await call('GET', `/shifts/${shift.id}`, { token: m.token })).body.shift.status).toBe('open');
  });

  it('refuses a clinician whose booking the shift would overlap with 409 CLASH', async () => {
    const taker = await newClinician();
    const hours = slot();
    const first = await postShift(hours);
    const second = await postShift(hours);
    expect((await call('POST', `/shifts/${first.shift.id}/take`, { token: taker.token })).status).toBe(200);
    const clash = await call('POST', `/shifts/${second.shift.id}/take`, { token: taker.token });
    expectError(clash, 409, 'CLASH');
    expect(clash.body.error.details.reasons).toContain('CLASH');
  });

  it('answers a cancelled shift with 409 SHIFT_UNAVAILABLE and an unknown one with 404', async () => {
    const taker = await newClinician();
    const { shift } = await postShift(slot());
    const m = await manager();
    const cancelled = await call('POST', `/shifts/${shift.id}/cancel`, { token: m.token, body: { reason: 'Covered' } });
    expect(cancelled.status, cancelled.text).toBe(200);
    expectError(await call('POST', `/shifts/${shift.id}/take`, { token: taker.token }), 409, 'SHIFT_UNAVAILABLE');
    expectError(await call('POST', '/shifts/nobody-here/take', { token: taker.token }), 404, 'NOT_FOUND');
  });
});

describe('GET /me', () => {
  it("carries the organisation's cancellation terms for every role", async () => {
    for (const role of ['clinician', 'manager'] as const) {
      const me = await call('GET', '/me', { token: (await actor(SOMERSET, role)).token });
      expect(me.status, me.text).toBe(200);
      expect(me.body.cancellationTerms).toEqual({
        lateCancellationHours: expect.any(Number),
        lateCancellationFeeHours: expect.any(Number),
      });
    }
  });
});
