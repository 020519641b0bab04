import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError } from '../../lib/domain/errors';
import type { Booking, Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelBooking } from '../../lib/use-cases/cancellations';
import { postShift } from '../../lib/use-cases/shifts';
import { approveTimesheet, listTimesheets, rejectTimesheet, submitTimesheet } from '../../lib/use-cases/timesheets';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const admin: Caller = { userId: 'usr-admin', email: '', role: 'admin', orgId: ORG, practiceIds: [] };
const hr: Caller = { userId: 'usr-hr', email: '', role: 'hr', orgId: ORG, practiceIds: [] };

async function itemsOfType(deps: TestDeps, type: string) {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': type },
    }),
  );
  return out.Items ?? [];
}

describe('timesheets', () => {
  let deps: TestDeps;
  let surgery: Practice;
  let other: Practice;
  let bank: Clinician[];
  let day = 0;

  /** Books a fresh shift for the next clinician, days ahead of the clock. */
  async function booked(c: Clinician): Promise<Booking> {
    day++;
    deps.clock.set(new Date('2026-11-22T09:00:00Z'));
    const start = `2026-12-${String(day).padStart(2, '0')}T09:00:00.000Z`;
    const end = `2026-12-${String(day).padStart(2, '0')}T17:00:00.000Z`;
    const { offers } = await postShift(
      manager([surgery.id]),
      {
        practiceId: surgery.id,
        role: 'gp',
        skills: [],
        start,
        end,
        breakMinutes: 30,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );
    const offer = offers.find((o) => o.clinicianId === c.id)!;
    return acceptOffer(asClinician(c), offer.id, deps);
  }
  // A claim cannot end in the future: timesheets are submitted once the booked shift is over.
  const pastEndOf = (b: Booking) => deps.clock.set(new Date(Date.parse(b.end) + 3_600_000));

  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    other = practice();
    bank = Array.from({ length: 6 }, () => clinician());
    await seed(deps, [surgery, other], bank);
  });

  it('takes one timesheet per booking when the clinician submits twice at once', async () => {
    const booking = await booked(bank[0]!);
    pastEndOf(booking);
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, () => submitTimesheet(asClinician(bank[0]!), booking.id, {}, deps)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(won).toHaveLength(1);
    expect(lost.every((e) => e instanceof ConflictError && e.code === 'TIMESHEET_EXISTS')).toBe(true);
    expect(await itemsOfType(deps, 'TIMESHEET')).toHaveLength(1);
    expect(await deps.bookings.get(ORG, booking.id)).toMatchObject({
      timesheetId: (won[0] as PromiseFulfilledResult<{ id: string }>).value.id,
    });
  });

  it('refuses a timesheet for a cancelled booking with 409 INVALID_STATE', async () => {
    const booking = await booked(bank[1]!);
    await cancelBooking(asClinician(bank[1]!), booking.id, 'unwell', deps);
    pastEndOf(booking);
    await expect(submitTimesheet(asClinician(bank[1]!), booking.id, {}, deps)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
  });

  it('approves once when two managers approve at once: one message to the clinician, an audit entry of who and when', async () => {
    const booking = await booked(bank[2]!);
    pastEndOf(booking);
    const t = await submitTimesheet(asClinician(bank[2]!), booking.id, {}, deps);
    const before = (await itemsOfType(deps, 'OUTBOX')).filter((m) => m.kind === 'timesheet-approved').length;
    const [a, b] = await Promise.all([
      approveTimesheet(manager([surgery.id]), t.id, deps),
      approveTimesheet(admin, t.id, deps),
    ]);
    expect(a.status).toBe('approved');
    expect(b.status).toBe('approved');
    const messages = (await itemsOfType(deps, 'OUTBOX')).filter((m) => m.kind === 'timesheet-approved');
    expect(messages.length - before).toBe(1);
    expect(messages.at(-1)).toMatchObject({ channel: 'sms', to: bank[2]!.phone });

    const audit = await deps.shifts.audit(ORG, t.shiftId);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['timesheet-submitted', 'timesheet-approved']));
    expect(audit.find((e) => e.action === 'timesheet-submitted')).toMatchObject({ actor: `usr-${bank[2]!.id}` });

    // Approved: in the payable index, so payroll finds it.
    const payable = await deps.timesheets.inStatus(ORG, 'approved', '2026-12-01', '2026-12-31');
    expect(payable.map((p) => p.id)).toContain(t.id);
    await expect(rejectTimesheet(admin, t.id, 'no', deps)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it("refuses a manager another practice's timesheet", async () => {
    const booking = await booked(bank[3]!);
    pastEndOf(booking);
    const t = await submitTimesheet(asClinician(bank[3]!), booking.id, {}, deps);
    await expect(approveTimesheet(manager([other.id]), t.id, deps)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const rejected = await rejectTimesheet(manager([surgery.id]), t.id, 'Finished at 16:00', deps);
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: 'Finished at 16:00' });
    expect(await rejectTimesheet(manager([surgery.id]), t.id, 'again', deps)).toMatchObject({ status: 'rejected' });
    await expect(approveTimesheet(admin, t.id, deps)).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('lists every status in turn for HR, a page at a time, each timesheet once', async () => {
    for (const c of bank.slice(4)) {
      const b = await booked(c);
      pastEndOf(b);
      await submitTimesheet(asClinician(c), b.id, {}, deps);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTimesheets(hr, { limit: 2, cursor }, deps);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    const all = (await itemsOfType(deps, 'TIMESHEET')).map((t) => t.id as string);
    expect(seen.sort()).toEqual(all.sort());

    const own = await listTimesheets(asClinician(bank[4]!), { limit: 50 }, deps);
    expect(own.items.map((t) => t.clinicianId)).toEqual([bank[4]!.id]);
    const submitted = await listTimesheets(manager([surgery.id]), { status: 'submitted', limit: 50 }, deps);
    expect(submitted.items.every((t) => t.status === 'submitted')).toBe(true);
    // The first test's, and these two.
    expect(submitted.items).toHaveLength(3);
  });
});
