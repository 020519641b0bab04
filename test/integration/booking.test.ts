import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { overlaps } from '../../lib/domain/eligibility';
import { ConflictError, type DomainError } from '../../lib/domain/errors';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelBooking } from '../../lib/use-cases/cancellations';
import { runJob } from '../../lib/use-cases/jobs';
import { declineOffer, listMyOffers, offerShift } from '../../lib/use-cases/offers';
import { postShift } from '../../lib/use-cases/shifts';
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

async function outbox(deps: TestDeps) {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'OUTBOX' },
    }),
  );
  return out.Items ?? [];
}

async function confirmedBookingsOf(deps: TestDeps, c: Clinician) {
  const page = await deps.bookings.list(c.orgId, { clinicianId: c.id }, {}, { limit: 200 });
  return page.items.filter((b) => b.status === 'confirmed');
}

describe('acceptOffer', () => {
  let deps: TestDeps;
  let surgery: Practice;
  let bank: Clinician[];

  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    bank = Array.from({ length: 50 }, () => clinician());
    await seed(deps, [surgery], bank);
  });

  it('gives a shift to exactly one of 50 clinicians accepting at once; the other 49 hear SHIFT_UNAVAILABLE', async () => {
    const posted = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-03T08:30:00.000Z', '2026-12-03T18:30:00.000Z'),
      deps,
    );
    const shift = posted.shift;
    // The request offers the first 48 itself and hands the rest of the wave to the scheduler at once.
    expect(posted.offers).toHaveLength(48);
    const pending = deps.scheduler.jobs.splice(0);
    expect(pending.map((j) => j.job)).toEqual([{ kind: 'wave', orgId: shift.orgId, shiftId: shift.id, wave: 1 }]);
    for (const j of pending) await runJob(j.job, deps);
    const offers = await deps.offers.ofShift(shift.orgId, shift.id);
    expect(offers).toHaveLength(50);
    const results = await Promise.allSettled(
      offers.map((o) => acceptOffer(asClinician({ id: o.clinicianId, orgId: o.orgId }), o.id, deps)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const error of lost) expect(error).toMatchObject({ code: 'SHIFT_UNAVAILABLE', status: 409 });

    const booking = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acceptOffer>>>).value;
    const stored = await deps.shifts.get(shift.orgId, shift.id, true);
    expect(stored).toMatchObject({ status: 'filled', booking: { id: booking.id, clinicianId: booking.clinicianId } });
    const bookings = await deps.bookings.list(shift.orgId, { practiceId: surgery.id }, {}, { limit: 200 });
    expect(bookings.items.filter((b) => b.shiftId === shift.id)).toHaveLength(1);
    // What people are told once the relay has run: the winner and the practice that it is booked, the other
    // 49 that it is filled; and the shift's audit names the booking.
    const told = (await deliverOutbox(deps)).filter((m) => m.kind !== 'offer');
    const winner = bank.find((c) => c.id === booking.clinicianId)!;
    expect(
      told
        .filter((m) => m.kind === 'booking-confirmed')
        .map((m) => m.to)
        .sort(),
    ).toEqual([winner.phone, surgery.email].sort());
    const filled = told.filter((m) => m.kind === 'shift-filled');
    expect(filled).toHaveLength(49);
    expect(filled.map((m) => m.to)).not.toContain(winner.phone);
    expect(await deliverOutbox(deps)).toEqual([]);
    const audit = await deps.shifts.audit(shift.orgId, shift.id);
    expect(audit.filter((a) => a.action === 'booked')).toEqual([
      expect.objectContaining({ detail: expect.objectContaining({ bookingId: booking.id, via: 'web' }) }),
    ]);
  });

  it('returns the same booking when the same accept is retried', async () => {
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-04T08:30:00.000Z', '2026-12-04T12:30:00.000Z'),
      deps,
    );
    const offer = offers[0]!;
    const caller = asClinician({ id: offer.clinicianId, orgId: offer.orgId });
    const first = await acceptOffer(caller, offer.id, deps);
    // Before the relay has run the offer is as it was; the retries find the booking in the diary.
    expect(await deps.offers.get(offer.orgId, offer.id)).toMatchObject({ status: 'live' });
    const again = await Promise.all([acceptOffer(caller, offer.id, deps), acceptOffer(caller, offer.id, deps)]);
    expect(again.map((b) => b.id)).toEqual([first.id, first.id]);
    await expect(declineOffer(caller, offer.id, deps)).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });

    await deliverOutbox(deps, (r) => r.id === `booked-${first.id}`);
    expect(await deps.offers.get(offer.orgId, offer.id)).toMatchObject({
      status: 'accepted',
      bookingId: first.id,
      decidedAt: first.bookedAt,
    });
    expect((await acceptOffer(caller, offer.id, deps)).id).toBe(first.id);
    await expect(declineOffer(caller, offer.id, deps)).rejects.toMatchObject({ code: 'INVALID_STATE', status: 409 });
    expect(
      (await confirmedBookingsOf(deps, bank.find((c) => c.id === offer.clinicianId)!)).filter(
        (b) => b.shiftId === first.shiftId,
      ),
    ).toHaveLength(1);
  });

  it('refuses an offer that was declined or has run out with 410, and someone else’s offer with 403', async () => {
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-05T08:30:00.000Z', '2026-12-05T12:30:00.000Z'),
      deps,
    );
    const [a, b] = offers;
    await declineOffer(asClinician({ id: a!.clinicianId, orgId: a!.orgId }), a!.id, deps);
    await expect(acceptOffer(asClinician({ id: a!.clinicianId, orgId: a!.orgId }), a!.id, deps)).rejects.toMatchObject({
      code: 'OFFER_EXPIRED',
      status: 410,
    });
    await expect(acceptOffer(asClinician({ id: a!.clinicianId, orgId: a!.orgId }), b!.id, deps)).rejects.toMatchObject({
      status: 403,
    });
    deps.clock.set(new Date('2026-12-05T09:00:00Z'));
    try {
      await expect(
        acceptOffer(asClinician({ id: b!.clinicianId, orgId: b!.orgId }), b!.id, deps),
      ).rejects.toMatchObject({
        code: 'OFFER_EXPIRED',
      });
    } finally {
      deps.clock.set(new Date('2026-11-22T09:00:00Z'));
    }
  });

  it('lists only live offers, and refuses a clash with 409 CLASH', async () => {
    const doc = clinician();
    await seed(deps, [], [doc]);
    const m = manager([surgery.id]);
    const first = await postShift(
      m,
      body(surgery, '2026-12-08T08:00:00.000Z', '2026-12-08T13:00:00.000Z', { cascadeMinutes: 30 }),
      deps,
    );
    const second = await postShift(
      m,
      body(surgery, '2026-12-08T12:00:00.000Z', '2026-12-08T17:00:00.000Z', { cascadeMinutes: 30 }),
      deps,
    );
    const [o1] = await offerShift(m, first.shift.id, { clinicianIds: [doc.id] }, deps);
    const [o2] = await offerShift(m, second.shift.id, { clinicianIds: [doc.id] }, deps);
    const me = asClinician(doc);
    expect((await listMyOffers(me, { limit: 50 }, deps)).items.map((o) => o.id).sort()).toEqual(
      [o1!.id, o2!.id].sort(),
    );
    await acceptOffer(me, o1!.id, deps);
    const error = await acceptOffer(me, o2!.id, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CLASH', details: { reasons: ['CLASH'] } });
    // The first shift is filled, so its offer is no longer live; the second still is.
    expect((await listMyOffers(me, { limit: 50 }, deps)).items.map((o) => o.id)).toEqual([o2!.id]);
  });

  it('never books one clinician into overlapping shifts or a working day without 11 hours of rest, however the accepts race (property)', async () => {
    const base = Date.parse('2026-12-14T00:00:00Z');
    const shiftArb = fc.record({
      startSlot: fc.integer({ min: 0, max: 4 * 48 }),
      hours: fc.integer({ min: 2, max: 12 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(shiftArb, { minLength: 2, maxLength: 6 }), async (specs) => {
        const doc = clinician({ maxWeeklyHours: 168 });
        await seed(deps, [], [doc]);
        const m = manager([surgery.id]);
        const offers = [];
        for (const s of specs) {
          const start = new Date(base + s.startSlot * 30 * 60_000).toISOString();
          const end = new Date(base + s.startSlot * 30 * 60_000 + s.hours * 3_600_000).toISOString();
          const { shift } = await postShift(m, body(surgery, start, end, { cascadeMinutes: 600 }), deps);
          offers.push(...(await offerShift(m, shift.id, { clinicianIds: [doc.id] }, deps)));
        }
        const results = await Promise.allSettled(offers.map((o) => acceptOffer(asClinician(doc), o.id, deps)));
        for (const r of results) {
          if (r.status === 'rejected') expect((r.reason as DomainError).code).toBe('CLASH');
        }
        const booked = await confirmedBookingsOf(deps, doc);
        expect(booked.length).toBe(results.filter((r) => r.status === 'fulfilled').length);
        expect(booked.length).toBeGreaterThan(0);
        for (const a of booked) {
          for (const b of booked) if (a.id !== b.id) expect(overlaps(a, b)).toBe(false);
        }
        // Bookings under 11 hours apart make one working day, which must leave 11 hours' rest in its 24.
        const sorted = booked.map((b) => [Date.parse(b.start), Date.parse(b.end)] as const).sort((x, y) => x[0] - y[0]);
        let [dayStart, dayEnd] = sorted[0]!;
        for (const [s, e] of [...sorted.slice(1), [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY] as const]) {
          if (s - dayEnd >= 11 * 3_600_000) {
            expect(dayEnd - dayStart).toBeLessThanOrEqual(13 * 3_600_000);
            [dayStart, dayEnd] = [s, e];
          } else dayEnd = Math.max(dayEnd, e);
        }
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});

describe('acceptOffer under faults DynamoDB Local never raises', () => {
  it('retries a transaction cancelled by TransactionConflict and by throttling, and books exactly once', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const doc = clinician();
    await seed(deps, [surgery], [doc]);
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-09T08:30:00.000Z', '2026-12-09T12:30:00.000Z'),
      deps,
    );
    let injected = 0;
    deps.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && injected < 2) {
          injected++;
          if (injected === 1) {
            throw new TransactionCanceledException({
              message: 'Transaction cancelled',
              $metadata: {},
              CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
            });
          }
          const throttled = new Error('Rate exceeded');
          throttled.name = 'ThrottlingException';
          throw throttled;
        }
        return next(args);
      },
      { step: 'initialize', name: 'inject-faults' },
    );
    const booking = await acceptOffer(asClinician(doc), offers[0]!.id, deps);
    expect(injected).toBe(2);
    expect(booking.clinicianId).toBe(doc.id);
    expect(await confirmedBookingsOf(deps, doc)).toHaveLength(1);
  });
});

describe('cancelBooking', () => {
  it('reopens the shift for a new round of offers, never to the clinician who cancelled, and counts a late cancellation', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const [a, b] = [clinician(), clinician()];
    await seed(deps, [surgery], [a!, b!]);
    const m = manager([surgery.id]);
    // Starts within 48 hours of the clock: a late cancellation.
    const { shift, offers } = await postShift(
      m,
      body(surgery, '2026-11-23T08:30:00.000Z', '2026-11-23T12:30:00.000Z'),
      deps,
    );
    const offerA = offers.find((o) => o.clinicianId === a!.id)!;
    const booking = await acceptOffer(asClinician(a!), offerA.id, deps);
    expect(deps.scheduler.jobs.some((j) => j.job.kind === 'reminder')).toBe(false); // less than a day away

    const cancelled = await cancelBooking(asClinician(a!), booking.id, 'Unwell', deps);
    expect(cancelled.status).toBe('cancelled');
    const reopened = await deps.shifts.get(shift.orgId, shift.id, true);
    expect(reopened).toMatchObject({ status: 'open', round: 2, excludedClinicianIds: [a!.id] });
    const again = (await deps.offers.ofShift(shift.orgId, shift.id)).filter((o) => o.round === 2);
    expect(again.map((o) => o.clinicianId)).toEqual([b!.id]);
    expect((await deps.clinicians.get(a!.orgId, a!.id))?.lateCancellations).toBe(1);
    // The old offer belongs to a closed round.
    await expect(acceptOffer(asClinician(a!), offerA.id, deps)).rejects.toMatchObject({ code: 'SHIFT_UNAVAILABLE' });
    // The practice heard about it.
    const told = (await outbox(deps)).filter((x) => x.kind === 'booking-cancelled');
    expect(told.map((x) => x.to)).toEqual(expect.arrayContaining([surgery.email]));
    expect(await cancelBooking(asClinician(a!), booking.id, 'Unwell', deps)).toMatchObject({ status: 'cancelled' });
  });

  it('schedules the day-before reminder for a booking further out', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const doc = clinician();
    await seed(deps, [surgery], [doc]);
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-10T08:30:00.000Z', '2026-12-10T12:30:00.000Z'),
      deps,
    );
    const booking = await acceptOffer(asClinician(doc), offers[0]!.id, deps);
    // The relay schedules it as it settles the booking's outbox record.
    expect(deps.scheduler.jobs.find((j) => j.job.kind === 'reminder')).toBeUndefined();
    await deliverOutbox(deps);
    const reminder = deps.scheduler.jobs.find((j) => j.job.kind === 'reminder');
    expect(reminder?.job).toEqual({ kind: 'reminder', orgId: booking.orgId, bookingId: booking.id });
    expect(reminder?.at.toISOString()).toBe('2026-12-09T08:30:00.000Z');
  });
  it('sends the confirmations even when the reminder cannot be scheduled, and schedules it when the record comes back', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const doc = clinician();
    await seed(deps, [surgery], [doc]);
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-12T08:30:00.000Z', '2026-12-12T12:30:00.000Z'),
      deps,
    );
    const booking = await acceptOffer(asClinician(doc), offers[0]!.id, deps);
    const schedule = deps.scheduler.schedule.bind(deps.scheduler);
    deps.scheduler.schedule = async () => {
      throw new Error('Rate exceeded');
    };
    await expect(deliverOutbox(deps)).rejects.toThrow(/left records to retry: booked-/);
    const confirmations = deps.publisher.sent.filter((m) => m.kind === 'booking-confirmed');
    expect(confirmations.map((m) => m.to).sort()).toEqual([doc.phone, surgery.email].sort());
    expect(deps.scheduler.jobs).toEqual([]);

    deps.scheduler.schedule = schedule;
    expect(await deliverOutbox(deps)).toEqual([]);
    expect(deps.scheduler.jobs.map((j) => j.job)).toEqual([
      { kind: 'reminder', orgId: booking.orgId, bookingId: booking.id },
    ]);
    const audit = await deps.shifts.audit(booking.orgId, booking.shiftId);
    expect(audit.filter((a) => a.action === 'booked')).toHaveLength(1);
  });
});

describe('a booking cancelled before the relay settles it', () => {
  it('sends no "booked" or "now filled", no reminder, and its audit still reads booked then cancelled', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const doc = clinician();
    const other = clinician();
    await seed(deps, [surgery], [doc, other]);
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-14T08:30:00.000Z', '2026-12-14T12:30:00.000Z'),
      deps,
    );
    const mine = offers.find((o) => o.clinicianId === doc.id)!;
    const booking = await acceptOffer(asClinician(doc), mine.id, deps);
    deps.clock.set(new Date('2026-11-22T09:01:00Z'));
    await cancelBooking(asClinician(doc), booking.id, 'Unwell', deps);
    // The relay reaches the booking's record only now, and schedules the reminder the cancellation could not cancel.
    const told = await deliverOutbox(deps);
    // The practice hears of the cancellation, not of a booking that no longer stands; nobody hears "now filled"
    // of a shift that is open again.
    expect(told.filter((m) => m.kind === 'booking-cancelled').map((m) => m.to)).toContain(surgery.email);
    expect(told.filter((m) => m.kind === 'booking-confirmed' || m.kind === 'shift-filled')).toEqual([]);
    expect(await deps.offers.get(mine.orgId, mine.id)).toMatchObject({ status: 'accepted', bookingId: booking.id });
    for (const { job } of deps.scheduler.jobs.filter((j) => j.job.kind === 'reminder')) await runJob(job, deps);
    const after = await deliverOutbox(deps);
    expect(after.filter((m) => m.kind === 'reminder')).toEqual([]);
    const audit = await deps.shifts.audit(booking.orgId, booking.shiftId);
    expect(audit.map((a) => a.action).filter((a) => a === 'booked' || a === 'booking-cancelled')).toEqual([
      'booked',
      'booking-cancelled',
    ]);
  });
});

describe('acceptOffer precedence', () => {
  it('answers SHIFT_UNAVAILABLE for a filled shift even when the offer was declined or has run out', async () => {
    const deps = await freshDeps();
    const surgery = practice();
    const [a, b, c] = [clinician(), clinician(), clinician()];
    await seed(deps, [surgery], [a!, b!, c!]);
    const { offers } = await postShift(
      manager([surgery.id]),
      body(surgery, '2026-12-11T08:30:00.000Z', '2026-12-11T12:30:00.000Z'),
      deps,
    );
    const offerOf = (x: Clinician) => offers.find((o) => o.clinicianId === x.id)!;
    await declineOffer(asClinician(b!), offerOf(b!).id, deps);
    await acceptOffer(asClinician(a!), offerOf(a!).id, deps);
    await expect(acceptOffer(asClinician(b!), offerOf(b!).id, deps)).rejects.toMatchObject({
      code: 'SHIFT_UNAVAILABLE',
    });
    deps.clock.set(new Date('2026-12-11T09:00:00Z'));
    await expect(acceptOffer(asClinician(c!), offerOf(c!).id, deps)).rejects.toMatchObject({
      code: 'SHIFT_UNAVAILABLE',
    });
  });
});
