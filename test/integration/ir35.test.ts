import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError, ForbiddenError, NotFoundError } from '../../lib/domain/errors';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { updateClinician } from '../../lib/use-cases/clinicians';
import { listIr35, recordIr35 } from '../../lib/use-cases/ir35';
import { shiftMatches } from '../../lib/use-cases/matching';
import { offerShift } from '../../lib/use-cases/offers';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const YEOVIL = { lat: 50.9421, lon: -2.6336 };
const SHERBORNE = { lat: 50.9469, lon: -2.5171 };

describe('IR35: a limited-company clinician waits for each practice’s determination', () => {
  let deps: TestDeps;
  let yeovil: Practice;
  let sherborne: Practice;
  let ltd: Clinician;
  const admin: Caller = { ...manager([]), role: 'admin', userId: 'u-admin' };
  const boss = () => manager([yeovil.id, sherborne.id]);
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
    sherborne = practice(SHERBORNE);
    ltd = clinician({ employment: 'limited-company', home: { lat: 50.93, lon: -2.6 }, maxTravelKm: 40 });
    await seed(deps, [yeovil, sherborne], [ltd]);
  });

  it('is never offered and is listed excluded with IR35 until the practice records one, and a named offer is refused', async () => {
    const before = await post(yeovil, '2026-12-14T09:00:00.000Z', '2026-12-14T12:00:00.000Z');
    expect(before.offers.map((o) => o.clinicianId)).not.toContain(ltd.id);
    const all = await shiftMatches(boss(), before.shift.id, deps);
    expect(all.candidates.map((c) => c.clinicianId)).not.toContain(ltd.id);
    expect(all.excluded.find((e) => e.clinicianId === ltd.id)?.reasons).toEqual(['IR35']);
    const named = await offerShift(boss(), before.shift.id, { clinicianIds: [ltd.id] }, deps).catch((e) => e);
    expect(named).toBeInstanceOf(ConflictError);
    expect(named).toMatchObject({ code: 'NOT_ELIGIBLE', details: [{ clinicianId: ltd.id, reasons: ['IR35'] }] });

    const recorded = await recordIr35(
      manager([yeovil.id]),
      ltd.id,
      { practiceId: yeovil.id, determination: 'outside', reason: 'Own indemnity, right of substitution' },
      deps,
    );
    expect(recorded).toMatchObject({ clinicianId: ltd.id, practiceId: yeovil.id, determination: 'outside' });

    // Yeovil's determination is Yeovil's only: Sherborne still may not book them.
    const atYeovil = await post(yeovil, '2026-12-15T09:00:00.000Z', '2026-12-15T12:00:00.000Z');
    expect(atYeovil.offers.map((o) => o.clinicianId)).toContain(ltd.id);
    const atSherborne = await post(sherborne, '2026-12-15T14:00:00.000Z', '2026-12-15T17:00:00.000Z');
    expect(atSherborne.offers.map((o) => o.clinicianId)).not.toContain(ltd.id);
    const sherborneView = await shiftMatches(boss(), atSherborne.shift.id, deps, { clinicianId: ltd.id });
    expect(sherborneView.excluded).toEqual([expect.objectContaining({ clinicianId: ltd.id, reasons: ['IR35'] })]);

    // The named offer refused before now goes through, and the clinician can accept it.
    const offers = await offerShift(boss(), before.shift.id, { clinicianIds: [ltd.id] }, deps);
    const booking = await acceptOffer(asClinician(ltd), offers.find((o) => o.clinicianId === ltd.id)!.id, deps);
    expect(booking.status).toBe('confirmed');
  });

  it('refuses the accept of an offer made before the clinician became a limited company', async () => {
    const bank = clinician({ employment: 'bank', home: { lat: 50.94, lon: -2.55 }, maxTravelKm: 40 });
    await seed(deps, [], [bank]);
    const { shift, offers } = await post(sherborne, '2026-12-16T09:00:00.000Z', '2026-12-16T12:00:00.000Z');
    const offer = offers.find((o) => o.clinicianId === bank.id)!;
    expect(offer).toBeDefined();
    await updateClinician(admin, bank.id, { employment: 'limited-company' }, deps);
    const refused = await acceptOffer(asClinician(bank), offer.id, deps).catch((e) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({ code: 'NOT_ELIGIBLE', details: { reasons: ['IR35'] } });
    expect((await deps.shifts.get(ORG, shift.id))?.status).toBe('open');
  });

  it('keeps every determination, newest first, and a later one supersedes the earlier for matching', async () => {
    const first = { practiceId: sherborne.id, determination: 'inside' as const, reason: 'Works as staff would' };
    await recordIr35(admin, ltd.id, first, deps);
    await new Promise((r) => setTimeout(r, 5));
    await recordIr35(admin, ltd.id, { ...first, determination: 'outside', reason: 'Contract reviewed' }, deps);
    const seen = (await listIr35(admin, ltd.id, { limit: 50 }, deps)).items;
    expect(seen.map((d) => [d.practiceId, d.determination])).toEqual([
      [sherborne.id, 'outside'],
      [sherborne.id, 'inside'],
      [yeovil.id, 'outside'],
    ]);
    expect(seen[0]).toMatchObject({ decidedBy: 'u-admin', reason: 'Contract reviewed' });
    expect((await deps.clinicians.get(ORG, ltd.id))?.ir35?.[sherborne.id]?.determination).toBe('outside');
    // A manager sees only their own practices' determinations.
    const mine = (await listIr35(manager([yeovil.id]), ltd.id, { limit: 50 }, deps)).items;
    expect(mine.map((d) => d.practiceId)).toEqual([yeovil.id]);
  });

  it('lets only the practice’s manager record one, and answers 404 for another organisation’s clinician', async () => {
    const body = { practiceId: sherborne.id, determination: 'outside' as const, reason: 'x' };
    await expect(recordIr35(manager([yeovil.id]), ltd.id, body, deps)).rejects.toThrow(ForbiddenError);
    const stranger = clinician({ orgId: 'org-elsewhere', employment: 'limited-company' });
    await deps.clinicians.create(stranger);
    await expect(recordIr35(admin, stranger.id, body, deps)).rejects.toThrow(NotFoundError);
    await expect(listIr35(admin, stranger.id, { limit: 50 }, deps)).rejects.toThrow(NotFoundError);
  });
});
