import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/domain/errors';
import type { Booking, Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { postShift } from '../../lib/use-cases/shifts';
import { submitTimesheet } from '../../lib/use-cases/timesheets';
import { asClinician, clinician, manager, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

describe('submitTimesheet: a claim cannot be inflated', () => {
  let deps: TestDeps;
  let surgery: Practice;
  let bank: Clinician[];
  let next = 0;

  /** Books a shift (London wall clock in) for a clinician not used yet. */
  async function book(start: string, end: string, breakMinutes = 30): Promise<{ booking: Booking; who: Clinician }> {
    const who = bank[next++]!;
    deps.clock.set(new Date('2026-11-22T09:00:00Z'));
    const { offers } = await postShift(
      manager([surgery.id]),
      {
        practiceId: surgery.id,
        role: 'gp',
        skills: [],
        start,
        end,
        breakMinutes,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );
    const offer = offers.find((o) => o.clinicianId === who.id)!;
    return { booking: await acceptOffer(asClinician(who), offer.id, deps), who };
  }

  const issuesOf = async (p: Promise<unknown>) => {
    const error = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).details as { path: string; message: string }[];
  };

  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    bank = Array.from({ length: 8 }, () => clinician());
    await seed(deps, [surgery], bank);
  });

  it('refuses a 20-hour day claimed on an 8-hour booking with 400 VALIDATION at body.end', async () => {
    const { booking, who } = await book('2026-12-01T09:00', '2026-12-01T17:00');
    deps.clock.set(new Date('2026-12-02T12:00:00Z'));
    const issues = await issuesOf(
      submitTimesheet(
        asClinician(who),
        booking.id,
        { start: '2026-12-01T07:00:00Z', end: '2026-12-02T03:00:00Z' },
        deps,
      ),
    );
    expect(issues.map((i) => i.path)).toContain('body.end');
  });

  it('takes a claim 4 hours longer than booked, and refuses one a minute longer', async () => {
    const { booking, who } = await book('2026-12-03T09:00', '2026-12-03T17:00');
    deps.clock.set(new Date('2026-12-04T12:00:00Z'));
    const issues = await issuesOf(
      submitTimesheet(
        asClinician(who),
        booking.id,
        { start: '2026-12-03T09:00:00Z', end: '2026-12-03T21:01:00Z' },
        deps,
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(['body.end']);
    const t = await submitTimesheet(
      asClinician(who),
      booking.id,
      { start: '2026-12-03T09:00:00Z', end: '2026-12-03T21:00:00Z' },
      deps,
    );
    expect(t.paidMinutes).toBe(12 * 60 - 30);
  });

  it('refuses a start more than 2 hours from the booked start', async () => {
    const { booking, who } = await book('2026-12-05T09:00', '2026-12-05T17:00');
    deps.clock.set(new Date('2026-12-06T12:00:00Z'));
    const issues = await issuesOf(
      submitTimesheet(
        asClinician(who),
        booking.id,
        { start: '2026-12-05T06:59:00Z', end: '2026-12-05T15:00:00Z' },
        deps,
      ),
    );
    expect(issues.map((i) => i.path)).toContain('body.start');
  });

  it('refuses a claim that ends in the future', async () => {
    const { booking, who } = await book('2026-12-07T09:00', '2026-12-07T17:00');
    deps.clock.set(new Date('2026-12-07T12:00:00Z'));
    const issues = await issuesOf(submitTimesheet(asClinician(who), booking.id, {}, deps));
    expect(issues).toEqual([expect.objectContaining({ path: 'body.end', message: expect.stringMatching(/future/) })]);
  });

  it('pays a shift booked on 24 December with times claimed on Christmas Day as an ordinary day', async () => {
    const { booking, who } = await book('2026-12-24T22:30', '2026-12-24T23:30', 0);
    deps.clock.set(new Date('2026-12-26T12:00:00Z'));
    const t = await submitTimesheet(
      asClinician(who),
      booking.id,
      { start: '2026-12-25T00:00', end: '2026-12-25T04:00' },
      deps,
    );
    expect(t.bankHoliday).toBe(false);
    expect(t.grossPence).toBe(4 * 9000);
  });

  it('pays a shift booked on Christmas Day as a bank holiday whatever day the claim starts on', async () => {
    const { booking, who } = await book('2026-12-25T00:30', '2026-12-25T05:30', 0);
    deps.clock.set(new Date('2026-12-26T12:00:00Z'));
    const t = await submitTimesheet(
      asClinician(who),
      booking.id,
      { start: '2026-12-24T23:30', end: '2026-12-25T04:30' },
      deps,
    );
    expect(t.bankHoliday).toBe(true);
    expect(t.grossPence).toBe(Math.round(5 * 9000 * 1.5));
  });
});
