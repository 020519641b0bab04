import { beforeAll, describe, expect, it } from 'vitest';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelBooking, cancelShift } from '../../lib/use-cases/cancellations';
import { declineOffer, takeShift } from '../../lib/use-cases/offers';
import { listShifts, postShift } from '../../lib/use-cases/shifts';
import { addTimeOff } from '../../lib/use-cases/time-off';
import { asClinician, clinician, manager, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const body = (p: Practice, start: string, end: string, extra: Record<string, unknown> = {}) => ({
  practiceId: p.id,
  role: 'gp' as const,
  skills: [],
  start,
  end,
  breakMinutes: 0,
  hourlyRatePence: 9000,
  cascadeMinutes: 0,
  ...extra,
});

let day = 1;
/** A fresh December day per shift, so no test's bookings meet another's (rest, weekly hours). */
const nextDay = (from = '08:30', to = '12:30') => {
  const d = `2026-12-${String(day++).padStart(2, '0')}`;
  return [`${d}T${from}:00.000Z`, `${d}T${to}:00.000Z`] as const;
};

describe('takeShift', () => {
  let deps: TestDeps;
  let surgery: Practice;
  let offerees: Clinician[];

  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    offerees = [clinician(), clinician()];
    await seed(deps, [surgery], offerees);
  });

  /** A shift offered to the bank so far, and a clinician who joined after it went out, so holds no offer of it. */
  async function offeredToOthers(extra: Partial<Clinician> = {}) {
    const [start, end] = nextDay();
    const { shift, offers } = await postShift(manager([surgery.id]), body(surgery, start, end), deps);
    const taker = clinician(extra);
    await seed(deps, [], [taker]);
    return { shift, offers, taker };
  }

  it('books an open shift for a clinician it was never offered to; the offerees are told it is filled', async () => {
    const { shift, offers, taker } = await offeredToOthers();
    expect(offers.map((o) => o.clinicianId).sort()).toEqual(offerees.map((c) => c.id).sort());
    await deliverOutbox(deps);

    const booking = await takeShift(asClinician(taker), shift.id, deps);
    expect(booking).toMatchObject({ shiftId: shift.id, clinicianId: taker.id, status: 'confirmed' });
    expect(await deps.shifts.get(shift.orgId, shift.id, true)).toMatchObject({
      status: 'filled',
      booking: { id: booking.id, clinicianId: taker.id },
    });

    const told = await deliverOutbox(deps);
    // The taker was texted no offer: they chose the shift themselves, and hear only that it is booked.
    expect(told.filter((m) => m.to === taker.phone).map((m) => m.kind)).toEqual(['booking-confirmed']);
    expect(told.filter((m) => m.kind === 'booking-confirmed').map((m) => m.to)).toContain(surgery.email);
    expect(
      told
        .filter((m) => m.kind === 'shift-filled')
        .map((m) => m.to)
        .sort(),
    ).toEqual(offerees.map((c) => c.phone).sort());
    // The booking went through an offer of the taker's own, now accepted; the offerees' are withdrawn.
    const after = await deps.offers.ofShift(shift.orgId, shift.id);
    expect(after.find((o) => o.clinicianId === taker.id)).toMatchObject({ status: 'accepted', bookingId: booking.id });
    expect(after.filter((o) => o.clinicianId !== taker.id).map((o) => o.status)).toEqual(['withdrawn', 'withdrawn']);

    // Sent again, the same booking; the offerees' own accepts find the shift gone.
    expect((await takeShift(asClinician(taker), shift.id, deps)).id).toBe(booking.id);
    await expect(acceptOffer(asClinician(offerees[0]!), offers[0]!.id, deps)).rejects.toMatchObject({
      code: 'SHIFT_UNAVAILABLE',
      status: 409,
    });
  });

  it('books a shift whose offer the clinician declined earlier in the round', async () => {
    const [start, end] = nextDay();
    const { shift, offers } = await postShift(manager([surgery.id]), body(surgery, start, end), deps);
    const offer = offers[0]!;
    const who = offerees.find((c) => c.id === offer.clinicianId)!;
    await declineOffer(asClinician(who), offer.id, deps);
    const booking = await takeShift(asClinician(who), shift.id, deps);
    expect(booking).toMatchObject({ clinicianId: who.id, offerId: offer.id });
    await deliverOutbox(deps);
    expect(await deps.offers.get(offer.orgId, offer.id)).toMatchObject({ status: 'accepted', bookingId: booking.id });
  });

  it("refuses with NOT_ELIGIBLE and the reasons when matching's rules say no, distance and time off included", async () => {
    const far = await offeredToOthers({ home: { lat: 51.45, lon: -2.59 }, maxTravelKm: 10 });
    await expect(takeShift(asClinician(far.taker), far.shift.id, deps)).rejects.toMatchObject({
      code: 'NOT_ELIGIBLE',
      status: 409,
      details: { reasons: ['DISTANCE'] },
    });

    const nurse = await offeredToOthers({ roles: ['practice-nurse'] });
    await expect(takeShift(asClinician(nurse.taker), nurse.shift.id, deps)).rejects.toMatchObject({
      code: 'NOT_ELIGIBLE',
      details: { reasons: ['ROLE'] },
    });

    const away = await offeredToOthers();
    const date = away.shift.start.slice(0, 10);
    await addTimeOff(asClinician(away.taker), away.taker.id, { from: date, to: date }, deps);
    await expect(takeShift(asClinician(away.taker), away.shift.id, deps)).rejects.toMatchObject({
      code: 'NOT_ELIGIBLE',
      details: { reasons: ['AVAILABILITY'] },
    });
    // Nothing was booked, and no offer of theirs was left behind.
    for (const s of [far.shift, nurse.shift, away.shift]) {
      expect(await deps.shifts.get(s.orgId, s.id, true)).toMatchObject({ status: 'open' });
      expect((await deps.offers.ofShift(s.orgId, s.id)).map((o) => o.clinicianId)).not.toContain(far.taker.id);
    }
  });

  it('refuses with CLASH when the shift overlaps a booking of theirs, and SHIFT_UNAVAILABLE once filled or cancelled', async () => {
    const first = await offeredToOthers();
    await takeShift(asClinician(first.taker), first.shift.id, deps);
    const overlapping = await postShift(
      manager([surgery.id]),
      body(surgery, first.shift.start, first.shift.end, { cascadeMinutes: 30 }),
      deps,
    );
    await expect(takeShift(asClinician(first.taker), overlapping.shift.id, deps)).rejects.toMatchObject({
      code: 'CLASH',
      status: 409,
      details: { reasons: ['CLASH'] },
    });

    const filled = await offeredToOthers();
    await acceptOffer(
      asClinician(offerees[0]!),
      filled.offers.find((o) => o.clinicianId === offerees[0]!.id)!.id,
      deps,
    );
    await expect(takeShift(asClinician(filled.taker), filled.shift.id, deps)).rejects.toMatchObject({
      code: 'SHIFT_UNAVAILABLE',
    });

    const cancelled = await offeredToOthers();
    await cancelShift(manager([surgery.id]), cancelled.shift.id, 'Covered internally', deps);
    await expect(takeShift(asClinician(cancelled.taker), cancelled.shift.id, deps)).rejects.toMatchObject({
      code: 'SHIFT_UNAVAILABLE',
      message: 'The shift was cancelled',
    });
  });

  it('keeps a shift the clinician cancelled from their list and refuses to let them take it back', async () => {
    const { shift, taker } = await offeredToOthers();
    const booking = await takeShift(asClinician(taker), shift.id, deps);
    await cancelBooking(asClinician(taker), booking.id, 'Childcare fell through', deps);
    expect(await deps.shifts.get(shift.orgId, shift.id, true)).toMatchObject({ status: 'open' });
    const listed = async (who: Clinician) =>
      (await listShifts(asClinician(who), {}, { limit: 200 }, deps)).items.map((s) => s.id);
    expect(await listed(taker)).not.toContain(shift.id);
    await expect(takeShift(asClinician(taker), shift.id, deps)).rejects.toMatchObject({
      status: 409,
      code: 'SHIFT_UNAVAILABLE',
      message: 'You cancelled this shift; the practice is offering it to others',
    });
    // Anyone else still sees it and can take it.
    const other = clinician();
    await seed(deps, [], [other]);
    expect(await listed(other)).toContain(shift.id);
    expect(await takeShift(asClinician(other), shift.id, deps)).toMatchObject({ clinicianId: other.id });
  });

  it('answers 404 for a shift of another organisation, as if absent', async () => {
    const { shift, taker } = await offeredToOthers();
    await expect(takeShift(asClinician({ id: taker.id, orgId: 'org-other' }), shift.id, deps)).rejects.toMatchObject({
      status: 404,
    });
  });

  it('books exactly one clinician when an offer is accepted and the shift is taken at the same moment, many times over', async () => {
    const winners = { offeree: 0, taker: 0 };
    // What the earlier tests left to tell, told now, so what follows is this race's alone.
    await deliverOutbox(deps);
    for (let i = 0; i < 6; i++) {
      const { shift, offers, taker } = await offeredToOthers();
      // Earlier takers are in the bank by now and hold offers too: the race is with one of the first two.
      const offer = offers.filter((o) => offerees.some((c) => c.id === o.clinicianId))[i % offerees.length]!;
      const offeree = offerees.find((c) => c.id === offer.clinicianId)!;
      const results = await Promise.allSettled([
        acceptOffer(asClinician(offeree), offer.id, deps),
        takeShift(asClinician(taker), shift.id, deps),
      ]);
      const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
      expect(won, JSON.stringify(lost)).toHaveLength(1);
      expect(lost).toEqual([expect.objectContaining({ code: 'SHIFT_UNAVAILABLE', status: 409 })]);
      const winner = won[0]!;
      winners[winner.clinicianId === taker.id ? 'taker' : 'offeree'] += 1;

      const bookings = await deps.bookings.list(shift.orgId, { practiceId: surgery.id }, {}, { limit: 200 });
      expect(bookings.items.filter((b) => b.shiftId === shift.id && b.status === 'confirmed')).toEqual([winner]);
      expect(await deps.shifts.get(shift.orgId, shift.id, true)).toMatchObject({
        status: 'filled',
        booking: { id: winner.id },
      });
      const told = await deliverOutbox(deps);
      // A taker who lost was never offered the shift, so hears nothing of it.
      if (winner.clinicianId !== taker.id) expect(told.filter((m) => m.to === taker.phone)).toEqual([]);
      // The winner is never told it is filled.
      const winnerPhone = [taker, ...offerees].find((c) => c.id === winner.clinicianId)!.phone;
      expect(told.filter((m) => m.kind === 'shift-filled' && m.to === winnerPhone)).toEqual([]);
    }
    expect(winners.offeree + winners.taker).toBe(6);
  }, 180_000);
});
