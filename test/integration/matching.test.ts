import { PutCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessEligibility } from '../../lib/domain/eligibility';
import type { BookedInterval, Booking, Clinician, Practice, Role } from '../../lib/domain/types';
import { bookingItem } from '../../lib/store/bookings';
import * as keys from '../../lib/store/keys';
import { matchShift } from '../../lib/use-cases/matching';
import { postShift } from '../../lib/use-cases/shifts';
import { clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const SHIFT = { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T17:00:00.000Z' };
const ROLES: Role[] = ['gp', 'practice-nurse'];
const SKILLS = ['minor-surgery', 'spirometry', 'ecg'];

const date = fc
  .integer({ min: -400, max: 900 })
  .map((days) => new Date(Date.parse('2026-11-22') + days * 86_400_000).toISOString().slice(0, 10));

/** A clinician anywhere from next door to 60 km away, with any mix of roles, skills, papers, hours and diary. */
const clinicianArb = fc.record({
  roles: fc.subarray(ROLES, { minLength: 1 }),
  skills: fc.subarray(SKILLS),
  dLat: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
  dLon: fc.double({ min: -0.7, max: 0.7, noNaN: true }),
  maxTravelKm: fc.integer({ min: 5, max: 60 }),
  dbs: date,
  training: date,
  indemnity: date,
  availability: fc.option(
    fc.array(
      fc.record({
        day: fc.constantFrom('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun' as const),
        from: fc.constantFrom('07:00', '08:00', '10:00'),
        to: fc.constantFrom('12:00', '18:00', '24:00'),
      }),
      { maxLength: 3 },
    ),
    { nil: undefined },
  ),
  blocked: fc.boolean(),
  maxWeeklyHours: fc.constantFrom(8, 20, 48),
  /** Existing bookings, hours from the shift's start: near it (clash, rest) and earlier in the week. */
  bookings: fc.array(
    fc.record({ offsetHours: fc.integer({ min: -72, max: 48 }), hours: fc.integer({ min: 2, max: 12 }) }),
    { maxLength: 3 },
  ),
});

describe('matching', () => {
  let deps: TestDeps;
  let surgery: Practice;
  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    await seed(deps, [surgery], []);
  });

  it('offers a shift to exactly the clinicians every rule allows, never to one a rule excludes (property)', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(clinicianArb, { minLength: 1, maxLength: 8 }),
        fc.subarray(SKILLS, { maxLength: 1 }),
        async (specs, skills) => {
          runs++;
          const bank: { c: Clinician; diary: BookedInterval[] }[] = [];
          for (const s of specs) {
            const c = clinician({
              roles: s.roles,
              skills: s.skills,
              home: { lat: surgery.lat + s.dLat, lon: surgery.lon + s.dLon },
              maxTravelKm: s.maxTravelKm,
              compliance: {
                dbsCheckedOn: s.dbs,
                trainingExpires: s.training,
                indemnityExpires: s.indemnity,
                rightToWork: true,
              },
              availability: s.availability,
              blockedPracticeIds: s.blocked ? [surgery.id] : [],
              maxWeeklyHours: s.maxWeeklyHours,
            });
            await deps.clinicians.create(c);
            const diary: BookedInterval[] = [];
            for (const [i, b] of s.bookings.entries()) {
              const start = new Date(Date.parse(SHIFT.start) + b.offsetHours * 3_600_000).toISOString();
              const end = new Date(Date.parse(start) + b.hours * 3_600_000).toISOString();
              const booking: Booking = {
                orgId: ORG,
                id: `bk-${c.id}-${i}`,
                shiftId: `other-${c.id}-${i}`,
                clinicianId: c.id,
                practiceId: surgery.id,
                status: 'confirmed',
                bookedAt: '2026-11-01T00:00:00.000Z',
                start,
                end,
              };
              await deps.db.send(new PutCommand({ TableName: deps.table, Item: bookingItem(booking) }));
              diary.push({ bookingId: booking.id, shiftId: booking.shiftId, start, end });
            }
            // Every booking the app makes also goes into the clinician's diary (the accept path's transaction),
            // which is what matching reads.
            await deps.db.send(
              new PutCommand({
                TableName: deps.table,
                Item: {
                  ...keys.diary(ORG, c.id),
                  type: 'DIARY',
                  orgId: ORG,
                  clinicianId: c.id,
                  bookings: diary,
                  version: 1,
                },
              }),
            );
            bank.push({ c, diary });
          }
          // Earlier runs' clinicians stay in the table; only this run's are judged.
          const role = ROLES[runs % 2]!;
          const shape = { practiceId: surgery.id, role, skills, ...SHIFT };
          const { shift, offers } = await postShift(
            manager([surgery.id]),
            { ...shape, breakMinutes: 0, hourlyRatePence: 9000, cascadeMinutes: 0 },
            deps,
          );
          const offered = new Set(offers.map((o) => o.clinicianId));
          const ours = new Set(bank.map((b) => b.c.id));
          for (const { c, diary } of bank) {
            const verdict = assessEligibility({
              clinician: c,
              shift: { ...shape, id: shift.id },
              practice: surgery,
              bookings: diary,
            });
            expect(offered.has(c.id), `${c.id}: ${verdict.reasons.join(',')}`).toBe(verdict.eligible);
          }
          // And the manager's view explains each of ours who was left out with exactly the rule's reasons.
          const match = await matchShift(shift, deps);
          for (const e of match.excluded.filter((x) => ours.has(x.clinicianId))) {
            const { c, diary } = bank.find((b) => b.c.id === e.clinicianId)!;
            expect(e.reasons).toEqual(
              assessEligibility({ clinician: c, shift: { ...shape, id: shift.id }, practice: surgery, bookings: diary })
                .reasons,
            );
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 180_000);

  it('reads the practice, one location cell and one window of bookings: three requests', async () => {
    const c = clinician({ roles: ['paramedic'] });
    await seed(deps, [], [c]);
    const { shift } = await postShift(
      manager([surgery.id]),
      {
        practiceId: surgery.id,
        role: 'paramedic',
        skills: [],
        ...SHIFT,
        breakMinutes: 0,
        hourlyRatePence: 4000,
        cascadeMinutes: 0,
      },
      deps,
    );
    const result = await matchShift(shift, deps);
    expect(result.candidates.map((x) => x.clinicianId)).toEqual([c.id]);
    expect(result.requests).toBe(3);
  });
});
