import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import type { Clinician, Practice } from '../../lib/domain/types';
import * as keys from '../../lib/store/keys';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelBooking, cancelShift } from '../../lib/use-cases/cancellations';
import { runPayrollExport, startPayrollExport } from '../../lib/use-cases/payroll';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const hr: Caller = { userId: 'usr-hr', email: 'hr@example.org', role: 'hr', orgId: ORG, practiceIds: [] };

describe('a practice cancelling a filled shift late', () => {
  let deps: TestDeps;
  let surgery: Practice;
  beforeAll(async () => {
    deps = await freshDeps(); // 2026-11-22T09:00Z
    surgery = practice();
    await seed(deps, [surgery], []);
  });

  /** A shift starting `hoursAhead` from now, booked by a fresh clinician. */
  async function filledShift(hoursAhead: number, hourlyRatePence = 9000) {
    const doc: Clinician = clinician({ roles: ['gp'] });
    await seed(deps, [], [doc]);
    const start = new Date(deps.clock.now().getTime() + hoursAhead * 3_600_000);
    const { shift, offers } = await postShift(
      manager([surgery.id]),
      {
        practiceId: surgery.id,
        role: 'gp',
        skills: [],
        start: start.toISOString(),
        end: new Date(start.getTime() + 4 * 3_600_000).toISOString(),
        breakMinutes: 0,
        hourlyRatePence,
        cascadeMinutes: 0,
      },
      deps,
    );
    const offer = offers.find((o) => o.clinicianId === doc.id)!;
    const booking = await acceptOffer(asClinician(doc), offer.id, deps);
    await deliverOutbox(deps);
    return { shift, booking, doc };
  }

  it('inside 48 hours without acknowledgeLateFee: 409 LATE_CANCELLATION with the fee, and nothing changes', async () => {
    const { shift } = await filledShift(24);
    const error = await cancelShift(manager([surgery.id]), shift.id, 'Room flooded', deps).catch((e: unknown) => e);
    expect(error).toMatchObject({
      status: 409,
      code: 'LATE_CANCELLATION',
      details: { feePence: 18000, hours: 24, lateCancellationHours: 48 },
    });
    expect((await deps.shifts.get(ORG, shift.id, true))?.status).toBe('filled');
  });

  it('acknowledged: the booking is cancelled with its reason, the fee is one approved cancellation-fee line, texted with the reason, paid by payroll exactly once', async () => {
    const { shift, booking, doc } = await filledShift(30, 8550);
    const cancelled = await cancelShift(manager([surgery.id]), shift.id, 'Room flooded', deps, {
      acknowledgeLateFee: true,
    });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Room flooded' });
    // A repeat finds it cancelled and owes nothing more.
    await cancelShift(manager([surgery.id]), shift.id, 'Room flooded', deps, { acknowledgeLateFee: true });

    const after = await deps.bookings.get(ORG, booking.id);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'Room flooded' });
    const fee = await deps.timesheets.get(ORG, after!.timesheetId!);
    expect(fee).toMatchObject({
      lineType: 'cancellation-fee',
      status: 'approved',
      clinicianId: doc.id,
      bookingId: booking.id,
      paidMinutes: 120,
      hourlyRatePence: 8550,
      grossPence: 17100,
      totalPence: 17100,
      start: shift.start,
    });
    const approved = await deps.timesheets.inStatus(ORG, 'approved', '2026-11-01T00:00:00Z', '2026-12-31T00:00:00Z');
    expect(approved.filter((t) => t.bookingId === booking.id)).toHaveLength(1);

    const told = (await deliverOutbox(deps)).filter((m) => m.to === doc.phone && m.kind === 'shift-cancelled');
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain('Room flooded');
    expect(told[0]!.body).toContain('£171.00');

    const first = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    expect(await runPayrollExport(ORG, first.id, deps)).toMatchObject({ status: 'ready', rows: 1, totalPence: 17100 });
    const second = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    expect(await runPayrollExport(ORG, second.id, deps)).toMatchObject({ status: 'ready', rows: 0 });
    expect((await deps.timesheets.get(ORG, fee!.id))?.status).toBe('exported');
  });

  it('outside the window: no acknowledgement needed and no fee', async () => {
    const { shift, booking } = await filledShift(49);
    await cancelShift(manager([surgery.id]), shift.id, 'Not needed', deps);
    const after = await deps.bookings.get(ORG, booking.id);
    expect(after).toMatchObject({ status: 'cancelled', cancelReason: 'Not needed' });
    expect(after?.timesheetId).toBeUndefined();
  });

  it("follows the organisation's own window and fee hours", async () => {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.organisation(ORG), name: 'Test group', lateCancellationHours: 12, lateCancellationFeeHours: 3 },
      }),
    );
    const early = await filledShift(20);
    await cancelShift(manager([surgery.id]), early.shift.id, 'Not needed', deps);
    expect((await deps.bookings.get(ORG, early.booking.id))?.timesheetId).toBeUndefined();

    const late = await filledShift(6, 10000);
    await expect(cancelShift(manager([surgery.id]), late.shift.id, 'Not needed', deps)).rejects.toMatchObject({
      code: 'LATE_CANCELLATION',
      details: { feePence: 30000, hours: 6, lateCancellationHours: 12 },
    });
  });

  it('prices fee hours that are not a whole number of minutes in floating point (4.1 hours), not a 500', async () => {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...keys.organisation(ORG),
          name: 'Test group',
          lateCancellationHours: 12,
          lateCancellationFeeHours: 4.1,
        },
      }),
    );
    const late = await filledShift(6, 10000);
    await expect(cancelShift(manager([surgery.id]), late.shift.id, 'Not needed', deps)).rejects.toMatchObject({
      code: 'LATE_CANCELLATION',
      details: { feePence: 41000, feeHours: 4.1 },
    });
    const own = await filledShift(6, 10000);
    const cancelled = await cancelBooking(manager([surgery.id]), own.booking.id, 'Double booked', deps);
    expect(await deps.timesheets.get(ORG, cancelled.timesheetId!)).toMatchObject({
      paidMinutes: 246,
      grossPence: 41000,
    });
  });

  it('owes the same fee when the practice cancels the booking rather than the shift, which reopens, and says so to both sides', async () => {
    // Found in a black-box pass: POST /bookings/{id}/cancel by the manager a day ahead owed nothing. The route
    // keeps v1's {reason} → 200: no acknowledgement is asked for, and none refused.
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.organisation(ORG), name: 'Test group', lateCancellationHours: 12, lateCancellationFeeHours: 3 },
      }),
    );
    const { shift, booking, doc } = await filledShift(6);
    const cancelled = await cancelBooking(manager([surgery.id]), booking.id, 'Double booked', deps);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Double booked' });
    expect(cancelled.timesheetId).toBeDefined();
    const after = await deps.bookings.get(ORG, booking.id);
    expect(after).toMatchObject({ status: 'cancelled', timesheetId: cancelled.timesheetId });
    expect(await deps.timesheets.get(ORG, cancelled.timesheetId!)).toMatchObject({
      lineType: 'cancellation-fee',
      status: 'approved',
      clinicianId: doc.id,
      bookingId: booking.id,
      paidMinutes: 180,
      grossPence: 27000,
      totalPence: 27000,
    });
    expect((await deps.shifts.get(ORG, shift.id, true))?.status).toBe('open');
    // Nor is it counted against the clinician: the practice cancelled.
    expect((await deps.clinicians.get(ORG, doc.id))?.lateCancellations ?? 0).toBe(0);

    const sent = await deliverOutbox(deps);
    const toClinician = sent.filter((m) => m.to === doc.phone && m.kind === 'booking-cancelled');
    expect(toClinician).toHaveLength(1);
    expect(toClinician[0]!.body).toContain('£270.00');
    const toPractice = sent.filter((m) => m.to === surgery.email && m.kind === 'booking-cancelled');
    expect(toPractice).toHaveLength(1);
    expect(toPractice[0]!.body).toContain('£270.00');

    // A repeat finds it cancelled and owes nothing more.
    await cancelBooking(manager([surgery.id]), booking.id, 'Double booked', deps);
    const owed = await deps.timesheets.inStatus(ORG, 'approved', '2026-11-01T00:00:00Z', '2026-12-31T00:00:00Z');
    expect(owed.filter((t) => t.bookingId === booking.id)).toHaveLength(1);

    // Outside the window the practice owes nothing, and the clinician's own late cancellation owes them nothing.
    const early = await filledShift(20);
    const notLate = await cancelBooking(manager([surgery.id]), early.booking.id, 'Not needed', deps);
    expect(notLate.timesheetId).toBeUndefined();
    const own = await filledShift(6);
    const theirs = await cancelBooking(asClinician(own.doc), own.booking.id, 'Unwell', deps);
    expect(theirs.timesheetId).toBeUndefined();
    const unpaid = (await deliverOutbox(deps)).filter((m) => m.kind === 'booking-cancelled');
    expect(unpaid.length).toBeGreaterThan(0);
    expect(unpaid.some((m) => m.body.includes('fee'))).toBe(false);
  });

  it("counts a clinician's own cancellation as late by the organisation's window, not a fixed 48 hours", async () => {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.organisation(ORG), name: 'Test group', lateCancellationHours: 12, lateCancellationFeeHours: 3 },
      }),
    );
    const notLate = await filledShift(20);
    await cancelBooking(asClinician(notLate.doc), notLate.booking.id, 'Car trouble', deps);
    expect(await deps.bookings.get(ORG, notLate.booking.id)).toMatchObject({ status: 'cancelled', late: false });
    expect((await deps.clinicians.get(ORG, notLate.doc.id))?.lateCancellations).toBe(0);
    const tooLate = await filledShift(6);
    await cancelBooking(asClinician(tooLate.doc), tooLate.booking.id, 'Car trouble', deps);
    expect(await deps.bookings.get(ORG, tooLate.booking.id)).toMatchObject({ status: 'cancelled', late: true });
    expect((await deps.clinicians.get(ORG, tooLate.doc.id))?.lateCancellations).toBe(1);
  });

  it('prices a fee on a bank holiday as its hours worked there would be: uplifted, flagged, the same in the 409 and the line', async () => {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.organisation(ORG), name: 'Test group', bankHolidayUplift: 1.25 },
      }),
    );
    const was = deps.clock.now();
    // Christmas Day 2026 is a Friday: a shift at 09:00 that morning, cancelled by the practice the day before.
    deps.clock.set(new Date('2026-12-24T12:00:00Z'));
    try {
      const { shift, booking } = await filledShift(21, 8000);
      const refused = await cancelShift(manager([surgery.id]), shift.id, 'Closed', deps).catch((e: unknown) => e);
      // 2 hours at £80.00 with the organisation's 1.25 uplift: 2 × 8000 × 1.25 = 20000.
      expect(refused).toMatchObject({ code: 'LATE_CANCELLATION', details: { feePence: 20000, feeHours: 2 } });
      await cancelShift(manager([surgery.id]), shift.id, 'Closed', deps, { acknowledgeLateFee: true });
      const after = await deps.bookings.get(ORG, booking.id);
      expect(after?.timesheetId).toBe(`fee-${booking.id}`);
      expect(await deps.timesheets.get(ORG, after!.timesheetId!)).toMatchObject({
        lineType: 'cancellation-fee',
        bankHoliday: true,
        paidMinutes: 120,
        grossPence: 20000,
        totalPence: 20000,
      });
    } finally {
      deps.clock.set(was);
    }
  });
});
