import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../lib/domain/errors';
import { distanceKm } from '../../lib/domain/geo';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { shiftMatches } from '../../lib/use-cases/matching';
import { offerShift } from '../../lib/use-cases/offers';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

// Yeovil and Chard, about 24.5 km apart: a 40-minute drive by the rule.
const YEOVIL = { lat: 50.9421, lon: -2.6336 };
const CHARD = { lat: 50.872, lon: -2.964 };

describe('matching explains anyone', () => {
  let deps: TestDeps;
  let yeovil: Practice;
  let chard: Practice;
  let near: Clinician;
  let far: Clinician;
  let farther: Clinician;
  let nurse: Clinician;
  const boss = () => manager([yeovil.id, chard.id]);
  const post = async (p: Practice, start: string, end: string, role: Clinician['roles'][number] = 'gp') =>
    postShift(
      boss(),
      { practiceId: p.id, role, skills: [], start, end, breakMinutes: 0, hourlyRatePence: 9000, cascadeMinutes: 0 },
      deps,
    );

  beforeAll(async () => {
    deps = await freshDeps();
    yeovil = practice(YEOVIL);
    chard = practice(CHARD);
    near = clinician({ home: { lat: 50.93, lon: -2.75 }, maxTravelKm: 50 });
    // Manchester and Newcastle: far beyond anyone's travel, so outside Yeovil's location cell altogether.
    far = clinician({ home: { lat: 53.48, lon: -2.24 }, maxTravelKm: 20 });
    farther = clinician({ home: { lat: 54.97, lon: -1.61 }, maxTravelKm: 20 });
    nurse = clinician({ roles: ['practice-nurse'], home: { lat: 53.48, lon: -2.24 } });
    await seed(deps, [yeovil, chard], [near, far, farther, nurse]);
  });

  it('explains one clinician however far away, with every reason and the distance', async () => {
    const { shift } = await post(yeovil, '2026-12-07T09:00:00.000Z', '2026-12-07T12:00:00.000Z');
    const one = await shiftMatches(boss(), shift.id, deps, { clinicianId: far.id });
    expect(one.candidates).toEqual([]);
    expect(one.excluded).toHaveLength(1);
    expect(one.excluded[0]).toMatchObject({ clinicianId: far.id, reasons: ['DISTANCE'] });
    expect(one.excluded[0]!.distanceKm).toBeGreaterThan(200);
    expect(one).not.toHaveProperty('beyondTravel');

    const nurseView = await shiftMatches(boss(), shift.id, deps, { clinicianId: nurse.id });
    expect(nurseView.excluded).toEqual([
      expect.objectContaining({ clinicianId: nurse.id, reasons: ['ROLE', 'DISTANCE'] }),
    ]);

    const nearView = await shiftMatches(boss(), shift.id, deps, { clinicianId: near.id });
    expect(nearView.excluded).toEqual([]);
    expect(nearView.candidates).toEqual([
      expect.objectContaining({ clinicianId: near.id, offered: true, reasons: [] }),
    ]);
  });

  it("answers 404 for an unknown clinician and for another organisation's", async () => {
    const { shift } = await post(yeovil, '2026-12-07T13:00:00.000Z', '2026-12-07T16:00:00.000Z');
    const stranger = clinician({ orgId: 'org-elsewhere', home: YEOVIL });
    await deps.clinicians.create(stranger);
    await expect(shiftMatches(boss(), shift.id, deps, { clinicianId: 'cln-nobody' })).rejects.toThrow(NotFoundError);
    await expect(shiftMatches(boss(), shift.id, deps, { clinicianId: stranger.id })).rejects.toThrow(NotFoundError);
  });

  it('without a clinician, counts the rest of the role out of range as beyondTravel', async () => {
    const { shift } = await post(yeovil, '2026-12-08T09:00:00.000Z', '2026-12-08T12:00:00.000Z');
    const all = await shiftMatches(boss(), shift.id, deps);
    const listed = [...all.candidates, ...all.excluded].map((c) => c.clinicianId);
    expect(listed).toContain(near.id);
    expect(listed).not.toContain(far.id);
    // far and farther hold the role and are out of range; the nurse does not hold it; the other org's is not ours.
    expect(all.beyondTravel).toBe(2);
  });
});

describe('the TRAVEL rule in matching and at accept', () => {
  let deps: TestDeps;
  let yeovil: Practice;
  let chard: Practice;
  let locum: Clinician;
  const boss = () => manager([yeovil.id, chard.id]);
  const post = (p: Practice, start: string, end: string) =>
    postShift(
      boss(),
      {
        practiceId: p.id,
        role: 'gp',
        skills: [],
        start,
        end,
        breakMinutes: 0,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );

  beforeAll(async () => {
    deps = await freshDeps();
    yeovil = practice(YEOVIL);
    chard = practice(CHARD);
    locum = clinician({ home: { lat: 50.9, lon: -2.8 }, maxTravelKm: 40 });
    await seed(deps, [yeovil, chard], [locum]);
    // 24.5 km at 40 km/h is 36.75 minutes: 40 once rounded up to 5.
    expect(distanceKm(yeovil, chard)).toBeCloseTo(24.5, 0);
  });

  it('excludes a clinician booked at another site that day with less than the drive between, and refuses the accept with 409 CLASH', async () => {
    // Morning in Yeovil, 08:00-12:00 London (GMT): booked by accepting, so the diary holds the site.
    const morning = await post(yeovil, '2026-12-09T08:00:00.000Z', '2026-12-09T12:00:00.000Z');
    const morningOffer = morning.offers.find((o) => o.clinicianId === locum.id)!;
    await acceptOffer(asClinician(locum), morningOffer.id, deps);

    // Chard at 12:30: 30 minutes to make a 40-minute drive.
    const tight = await post(chard, '2026-12-09T12:30:00.000Z', '2026-12-09T16:00:00.000Z');
    expect(tight.offers.map((o) => o.clinicianId)).not.toContain(locum.id);
    const explained = await shiftMatches(boss(), tight.shift.id, deps, { clinicianId: locum.id });
    expect(explained.excluded).toEqual([expect.objectContaining({ clinicianId: locum.id, reasons: ['TRAVEL'] })]);
    const all = await shiftMatches(boss(), tight.shift.id, deps);
    expect(all.excluded.find((e) => e.clinicianId === locum.id)?.reasons).toEqual(['TRAVEL']);
    // A named offer is refused for the same reason.
    const named = await offerShift(boss(), tight.shift.id, { clinicianIds: [locum.id] }, deps).catch((e) => e);
    expect(named).toBeInstanceOf(ConflictError);
    expect(named.details).toEqual([{ clinicianId: locum.id, reasons: ['TRAVEL'] }]);

    // Chard at 12:40: the drive fits.
    const roomy = await post(chard, '2026-12-09T12:40:00.000Z', '2026-12-09T16:00:00.000Z');
    expect(roomy.offers.map((o) => o.clinicianId)).toContain(locum.id);

    // Had the tight one been offered before the morning was booked, the accept refuses it.
    const early = await post(chard, '2026-12-10T12:30:00.000Z', '2026-12-10T16:00:00.000Z');
    const earlyOffer = early.offers.find((o) => o.clinicianId === locum.id)!;
    expect(earlyOffer).toBeDefined();
    const before = await post(yeovil, '2026-12-10T08:00:00.000Z', '2026-12-10T12:00:00.000Z');
    await acceptOffer(asClinician(locum), before.offers.find((o) => o.clinicianId === locum.id)!.id, deps);
    const refused = await acceptOffer(asClinician(locum), earlyOffer.id, deps).catch((e) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ code: 'CLASH', details: { reasons: ['TRAVEL'] } });
    expect((await deps.shifts.get(ORG, early.shift.id))?.status).toBe('open');
  });

  it('never applies between two shifts at the same practice', async () => {
    const morning = await post(yeovil, '2026-12-11T08:00:00.000Z', '2026-12-11T12:00:00.000Z');
    await acceptOffer(asClinician(locum), morning.offers.find((o) => o.clinicianId === locum.id)!.id, deps);
    const afternoon = await post(yeovil, '2026-12-11T12:00:00.000Z', '2026-12-11T16:00:00.000Z');
    const offer = afternoon.offers.find((o) => o.clinicianId === locum.id);
    expect(offer).toBeDefined();
    const booking = await acceptOffer(asClinician(locum), offer!.id, deps);
    expect(booking.status).toBe('confirmed');
  });
});
