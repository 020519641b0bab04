import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError } from '../../lib/domain/errors';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelBooking } from '../../lib/use-cases/cancellations';
import { handleInboundText } from '../../lib/use-cases/inbound-sms';
import { shiftMatches } from '../../lib/use-cases/matching';
import { offerShift } from '../../lib/use-cases/offers';
import { postShift } from '../../lib/use-cases/shifts';
import { addTimeOff, listTimeOff, removeTimeOff } from '../../lib/use-cases/time-off';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

async function scanType(deps: TestDeps, type: string) {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': type },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

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

const admin: Caller = { userId: 'usr-admin', email: 'a@org.example', role: 'admin', orgId: ORG, practiceIds: [] };

/** Runs `between` once, just before the first transaction whose request names `marker` is sent. */
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
    { step: 'initialize', name: `before-${marker}-${Math.random()}` },
  );
}

async function world() {
  const deps = await freshDeps();
  const surgery = practice();
  const away = clinician();
  const other = clinician();
  await seed(deps, [surgery], [away, other]);
  return { deps, surgery, away, other, m: manager([surgery.id]) };
}

const reasonsOf = async (deps: TestDeps, shiftId: string, c: Clinician) => {
  const matches = await shiftMatches(admin, shiftId, deps);
  if (matches.candidates.some((x) => x.clinicianId === c.id)) return [];
  return matches.excluded.find((x) => x.clinicianId === c.id)?.reasons;
};

describe('time off', () => {
  it('keeps the clinician out of matching with AVAILABILITY on those London days, and back in once removed', async () => {
    const { deps, surgery, away, other, m } = await world();
    const off = await addTimeOff(asClinician(away), away.id, { from: '2026-12-03', to: '2026-12-04' }, deps);
    expect(off).toMatchObject({ id: expect.any(String), from: '2026-12-03', to: '2026-12-04' });

    const inside = await postShift(m, body(surgery, '2026-12-04T08:30:00.000Z', '2026-12-04T12:30:00.000Z'), deps);
    expect(inside.offers.map((o) => o.clinicianId)).toEqual([other.id]);
    expect(await reasonsOf(deps, inside.shift.id, away)).toEqual(['AVAILABILITY']);
    // Naming them does not get round it.
    await expect(offerShift(m, inside.shift.id, { clinicianIds: [away.id] }, deps)).rejects.toMatchObject({
      code: 'NOT_ELIGIBLE',
    });
    // The day after is not time off.
    const after = await postShift(m, body(surgery, '2026-12-05T08:30:00.000Z', '2026-12-05T12:30:00.000Z'), deps);
    expect(after.offers.map((o) => o.clinicianId).sort()).toEqual([away.id, other.id].sort());

    expect(await removeTimeOff(admin, away.id, off.id, deps)).toMatchObject({ id: off.id });
    expect((await listTimeOff(asClinician(away), away.id, { limit: 50 }, deps)).items).toEqual([]);
    expect(await reasonsOf(deps, inside.shift.id, away)).toEqual([]);
  });

  it('withdraws the live offers of shifts inside new time off and leaves the others live', async () => {
    const { deps, surgery, away, m } = await world();
    const inside = await postShift(m, body(surgery, '2026-12-10T08:30:00.000Z', '2026-12-10T12:30:00.000Z'), deps);
    const outside = await postShift(m, body(surgery, '2026-12-20T08:30:00.000Z', '2026-12-20T12:30:00.000Z'), deps);
    const offerOf = (p: typeof inside) => p.offers.find((o) => o.clinicianId === away.id)!;

    await addTimeOff(asClinician(away), away.id, { from: '2026-12-09', to: '2026-12-11', reason: 'Leave' }, deps);

    expect(await deps.offers.get(ORG, offerOf(inside).id)).toMatchObject({ status: 'withdrawn' });
    expect(await deps.offers.get(ORG, offerOf(outside).id)).toMatchObject({ status: 'live' });
    // Accepting the withdrawn offer says why.
    await expect(acceptOffer(asClinician(away), offerOf(inside).id, deps)).rejects.toMatchObject({
      code: 'CLASH',
      status: 409,
      details: { reasons: ['AVAILABILITY'] },
    });
    expect(await deps.shifts.get(ORG, inside.shift.id, true)).toMatchObject({ status: 'open' });
    const outsideBooking = await acceptOffer(asClinician(away), offerOf(outside).id, deps);
    expect(outsideBooking).toMatchObject({ status: 'confirmed', shiftId: outside.shift.id });
  });

  it('refuses the accept of a still-live offer inside time off with 409 CLASH, booking nothing', async () => {
    const { deps, surgery, away, m } = await world();
    const posted = await postShift(m, body(surgery, '2026-12-12T08:30:00.000Z', '2026-12-12T12:30:00.000Z'), deps);
    const offer = posted.offers.find((o) => o.clinicianId === away.id)!;
    // The time off is stored but its withdrawals have not run (a crash in between, or an offer made from a
    // location index the time off had not reached yet): the accept itself must refuse.
    const profile = (await deps.clinicians.get(ORG, away.id))!;
    const diary = await deps.bookings.diary(ORG, away.id);
    const off = { id: 'off-1', from: '2026-12-12', to: '2026-12-12', createdAt: '2026-11-22T09:00:00.000Z' };
    expect(await deps.clinicians.setTimeOff(profile, [off], diary, '2026-11-22T09:00:00.000Z')).toBe(true);
    expect(await deps.offers.get(ORG, offer.id)).toMatchObject({ status: 'live' });

    const refused = await acceptOffer(asClinician(away), offer.id, deps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({
      code: 'CLASH',
      details: { reasons: ['AVAILABILITY'], timeOff: [{ id: 'off-1' }] },
    });
    expect(await deps.shifts.get(ORG, posted.shift.id, true)).toMatchObject({ status: 'open' });
    expect((await deps.bookings.diary(ORG, away.id)).bookings).toEqual([]);
  });

  it('answers a YES by text for a shift inside time off with "you have time off then", booking nothing', async () => {
    const { deps, surgery, m } = await world();
    const texter = clinician({ phone: '+447700900555' });
    await seed(deps, [], [texter]);
    const posted = await postShift(m, body(surgery, '2026-12-18T08:30:00.000Z', '2026-12-18T12:30:00.000Z'), deps);
    const offer = posted.offers.find((o) => o.clinicianId === texter.id)!;
    const profile = (await deps.clinicians.get(ORG, texter.id))!;
    const off = { id: 'off-t', from: '2026-12-18', to: '2026-12-18', createdAt: '2026-11-22T09:00:00.000Z' };
    await deps.clinicians.setTimeOff(profile, [off], await deps.bookings.diary(ORG, texter.id), off.createdAt);

    await handleInboundText({ from: '+447700900555', body: `YES ${offer.code}`, messageId: 'yes-off' }, deps);
    const replies = (await scanType(deps, 'OUTBOX')).filter((i) => i.kind === 'sms-reply');
    expect(replies.map((r) => String(r.body))).toEqual([expect.stringContaining('you have time off then')]);
    expect(await deps.shifts.get(ORG, posted.shift.id, true)).toMatchObject({ status: 'open' });
  });

  it('books nothing when the time off lands between an accept’s read and its write', async () => {
    const { deps, surgery, away, m } = await world();
    // A booking on another day first, so the diary the accept reads already exists.
    const earlier = await postShift(m, body(surgery, '2026-12-01T08:30:00.000Z', '2026-12-01T12:30:00.000Z'), deps);
    await acceptOffer(asClinician(away), earlier.offers.find((o) => o.clinicianId === away.id)!.id, deps);
    const posted = await postShift(m, body(surgery, '2026-12-14T08:30:00.000Z', '2026-12-14T12:30:00.000Z'), deps);
    const offer = posted.offers.find((o) => o.clinicianId === away.id)!;
    let added: unknown;
    beforeTransaction(deps, 'BOOKING', async () => {
      added = await addTimeOff(asClinician(away), away.id, { from: '2026-12-14', to: '2026-12-14' }, deps);
    });
    const accepted = await acceptOffer(asClinician(away), offer.id, deps).catch((e: unknown) => e);
    expect(added).toMatchObject({ from: '2026-12-14' });
    expect(accepted).toMatchObject({ code: 'CLASH', status: 409 });
    expect(await deps.shifts.get(ORG, posted.shift.id, true)).toMatchObject({ status: 'open' });
    expect((await deps.bookings.diary(ORG, away.id)).bookings.map((b) => b.shiftId)).toEqual([earlier.shift.id]);
  });

  it('refuses time off over a confirmed booking with 409 CLASH naming it, and takes it once the booking is cancelled', async () => {
    const { deps, surgery, away, m } = await world();
    const posted = await postShift(m, body(surgery, '2026-12-16T20:00:00.000Z', '2026-12-17T06:00:00.000Z'), deps);
    const offer = posted.offers.find((o) => o.clinicianId === away.id)!;
    const booking = await acceptOffer(asClinician(away), offer.id, deps);

    // The night shift runs into 17 December: time off that day alone touches it.
    const refused = await addTimeOff(asClinician(away), away.id, { from: '2026-12-17', to: '2026-12-18' }, deps).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ code: 'CLASH', status: 409, details: { bookings: [{ bookingId: booking.id }] } });
    expect((await listTimeOff(admin, away.id, { limit: 50 }, deps)).items).toEqual([]);

    await cancelBooking(asClinician(away), booking.id, 'Going away', deps);
    const off = await addTimeOff(asClinician(away), away.id, { from: '2026-12-17', to: '2026-12-18' }, deps);
    expect((await listTimeOff(admin, away.id, { limit: 50 }, deps)).items).toEqual([off]);
  });

  it('keeps both of two periods added at once', async () => {
    const { deps, away } = await world();
    const periods = ['2026-12-21', '2026-12-23', '2026-12-25', '2026-12-27'];
    await Promise.all(periods.map((d) => addTimeOff(asClinician(away), away.id, { from: d, to: d }, deps)));
    expect((await listTimeOff(admin, away.id, { limit: 50 }, deps)).items.map((t) => t.from)).toEqual(periods);
  });

  it('lets only the clinician themself or an admin of their organisation touch it', async () => {
    const { deps, away, other } = await world();
    const off = await addTimeOff(admin, away.id, { from: '2026-12-28', to: '2026-12-29' }, deps);
    await expect(listTimeOff(asClinician(other), away.id, { limit: 50 }, deps)).rejects.toMatchObject({ status: 403 });
    await expect(
      addTimeOff(asClinician(other), away.id, { from: '2026-12-30', to: '2026-12-30' }, deps),
    ).rejects.toMatchObject({ status: 403 });
    await expect(removeTimeOff(asClinician(other), away.id, off.id, deps)).rejects.toMatchObject({ status: 403 });
    const stranger: Caller = { ...admin, orgId: 'org-elsewhere' };
    await expect(listTimeOff(stranger, away.id, { limit: 50 }, deps)).rejects.toMatchObject({ status: 404 });
    await expect(removeTimeOff(stranger, away.id, off.id, deps)).rejects.toMatchObject({ status: 404 });
    await expect(removeTimeOff(admin, away.id, 'no-such-period', deps)).rejects.toMatchObject({ status: 404 });
    expect((await listTimeOff(asClinician(away), away.id, { limit: 50 }, deps)).items).toEqual([off]);
  });

  it('refuses time off that has already ended', async () => {
    const { deps, away } = await world();
    await expect(
      addTimeOff(asClinician(away), away.id, { from: '2026-11-01', to: '2026-11-21' }, deps),
    ).rejects.toMatchObject({ code: 'VALIDATION', status: 400 });
  });
});
