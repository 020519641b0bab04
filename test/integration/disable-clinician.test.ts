import { describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer, sendReminder } from '../../lib/use-cases/bookings';
import { issueCalendarFeed, subscribedCalendar } from '../../lib/use-cases/calendar';
import { disableClinician } from '../../lib/use-cases/clinicians';
import { matchShift } from '../../lib/use-cases/matching';
import { offerShift } from '../../lib/use-cases/offers';
import { postShift } from '../../lib/use-cases/shifts';
import { assertClaimsMatchRecord } from '../../lib/users/sign-in-check';
import { asClinician, clinician, ORG, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const admin: Caller = { userId: 'usr-admin', email: 'admin@org.example', role: 'admin', orgId: ORG, practiceIds: [] };

const body = (p: Practice, start: string, end: string) => ({
  practiceId: p.id,
  role: 'gp' as const,
  skills: [],
  start,
  end,
  breakMinutes: 0,
  hourlyRatePence: 9000,
  cascadeMinutes: 0,
});

/** Runs `between` once, just before the first transaction naming `marker` is sent (as booking-window.test.ts). */
function beforeTransaction(deps: TestDeps, marker: string, between: () => Promise<unknown>) {
  let ran = false;
  deps.db.middlewareStack.add(
    (next, context) => async (args) => {
      if (!ran && context.commandName === 'TransactWriteItemsCommand' && JSON.stringify(args.input).includes(marker)) {
        ran = true;
        await between();
      }
      return next(args);
    },
    { step: 'initialize', name: `before-${marker}` },
  );
}

async function bankWithSignIns(deps: TestDeps, size: number) {
  const surgery = practice();
  const bank = Array.from({ length: size }, () => clinician());
  await seed(deps, [surgery], bank);
  for (const c of bank) {
    await deps.users.create({
      id: `usr-${c.id}`,
      email: c.email,
      name: c.name,
      role: 'clinician',
      orgId: ORG,
      clinicianId: c.id,
    });
  }
  return { surgery, bank };
}

const signedInAs = (c: Clinician): Caller => ({ ...asClinician(c), email: c.email });

describe('disableClinician', () => {
  it('takes the clinician out of the bank: sign-in refused, live offers withdrawn and nothing more sent, never matched or offered, future bookings listed', async () => {
    const deps = await freshDeps();
    const { surgery, bank } = await bankWithSignIns(deps, 3);
    const leaver = bank[0]!;
    const boss = { ...admin, role: 'manager' as const, practiceIds: [surgery.id] };

    // A booking ahead (to re-offer) and a live offer (to withdraw).
    const booked = await postShift(boss, body(surgery, '2026-12-01T08:30:00.000Z', '2026-12-01T12:30:00.000Z'), deps);
    const bookedOffer = booked.offers.find((o) => o.clinicianId === leaver.id)!;
    const booking = await acceptOffer(asClinician(leaver), bookedOffer.id, deps);
    await deliverOutbox(deps);
    const open = await postShift(boss, body(surgery, '2026-12-02T08:30:00.000Z', '2026-12-02T12:30:00.000Z'), deps);
    const liveOffer = open.offers.find((o) => o.clinicianId === leaver.id)!;
    await deliverOutbox(deps);
    expect(assertClaimsMatchRecord.bind(null, signedInAs(leaver), await deps.users.get(leaver.email))).not.toThrow();

    const result = await disableClinician(admin, leaver.id, 'Moved to Scotland', deps);

    expect(result.clinician).toMatchObject({ id: leaver.id, status: 'disabled', disabledReason: 'Moved to Scotland' });
    expect(result.bookings.map((b) => b.id)).toEqual([booking.id]);
    expect(await deps.clinicians.get(ORG, leaver.id)).toMatchObject({ status: 'disabled' });
    // Their token, however well signed, no longer names a user who may sign in.
    const record = await deps.users.get(leaver.email);
    expect(record).toMatchObject({ status: 'disabled', clinicianId: leaver.id });
    expect(() => assertClaimsMatchRecord(signedInAs(leaver), record)).toThrow(/no longer valid/);

    expect(await deps.offers.get(ORG, liveOffer.id)).toMatchObject({ status: 'withdrawn' });
    await expect(acceptOffer(asClinician(leaver), liveOffer.id, deps)).rejects.toMatchObject({ status: 410 });

    // Someone else takes the open shift: "now filled" goes to the other offeree, nothing to the leaver.
    const other = open.offers.find((o) => o.clinicianId === bank[1]!.id)!;
    await acceptOffer(asClinician(bank[1]!), other.id, deps);
    const told = await deliverOutbox(deps);
    expect(told.length).toBeGreaterThan(0);
    expect(told.filter((m) => m.to === leaver.phone || m.to === leaver.email)).toEqual([]);
    // Nor the day-before reminder of the booking they still hold until the admin re-offers it.
    await sendReminder(ORG, booking.id, deps);
    expect((await deliverOutbox(deps)).filter((m) => m.to === leaver.phone)).toEqual([]);

    // Never matched again, and refused by name.
    const next = await postShift(boss, body(surgery, '2026-12-05T08:30:00.000Z', '2026-12-05T12:30:00.000Z'), deps);
    expect(next.offers.map((o) => o.clinicianId)).not.toContain(leaver.id);
    const match = await matchShift(next.shift, deps);
    expect([...match.candidates, ...match.excluded].map((c) => c.clinicianId)).not.toContain(leaver.id);
    await expect(offerShift(boss, next.shift.id, { clinicianIds: [leaver.id] }, deps)).rejects.toMatchObject({
      status: 409,
      code: 'NOT_ELIGIBLE',
      details: [{ clinicianId: leaver.id, reasons: ['DISABLED'] }],
    });

    // Asking again (say, after a timeout) changes nothing and answers the same.
    const again = await disableClinician(admin, leaver.id, 'Moved to Scotland', deps);
    expect(again.clinician.disabledAt).toBe(result.clinician.disabledAt);
    expect(again.bookings.map((b) => b.id)).toEqual([booking.id]);
  });

  it('does not book an accept that read the clinician before the disable landed', async () => {
    const deps = await freshDeps();
    const { surgery, bank } = await bankWithSignIns(deps, 1);
    const leaver = bank[0]!;
    const boss = { ...admin, role: 'manager' as const, practiceIds: [surgery.id] };
    const { shift, offers } = await postShift(
      boss,
      body(surgery, '2026-12-03T08:30:00.000Z', '2026-12-03T12:30:00.000Z'),
      deps,
    );
    beforeTransaction(deps, 'BOOKING', () => disableClinician(admin, leaver.id, 'Struck off', deps));
    const outcome = await acceptOffer(asClinician(leaver), offers[0]!.id, deps).then(
      (b) => b,
      (e: unknown) => e,
    );
    expect(outcome).toMatchObject({ status: expect.any(Number) });
    expect(await deps.shifts.get(ORG, shift.id, true)).toMatchObject({ status: 'open' });
    const bookings = await deps.bookings.list(ORG, { clinicianId: leaver.id }, {}, { limit: 10 });
    expect(bookings.items).toEqual([]);
  });

  it('stops their calendar subscription address, which answers as an unknown one', async () => {
    // Found in a black-box pass: the address issued before the disable went on serving their bookings.
    const deps = await freshDeps();
    const { bank } = await bankWithSignIns(deps, 1);
    const feed = await issueCalendarFeed(admin, bank[0]!.id, deps);
    expect(await subscribedCalendar(feed.token, deps)).toContain('BEGIN:VCALENDAR');
    await disableClinician(admin, bank[0]!.id, 'Left the bank', deps);
    await expect(subscribedCalendar(feed.token, deps)).rejects.toMatchObject({ status: 404 });
  });

  it('answers 404 for another organisation’s clinician and leaves them as they were', async () => {
    const deps = await freshDeps();
    const { bank } = await bankWithSignIns(deps, 1);
    await expect(
      disableClinician({ ...admin, orgId: 'org-elsewhere' }, bank[0]!.id, 'Not yours', deps),
    ).rejects.toMatchObject({ status: 404 });
    expect((await deps.clinicians.get(ORG, bank[0]!.id))?.status).toBeUndefined();
    expect((await deps.users.get(bank[0]!.email))?.status).toBeUndefined();
  });
});
