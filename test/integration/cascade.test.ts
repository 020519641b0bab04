import { beforeAll, describe, expect, it } from 'vitest';
import type { Practice } from '../../lib/domain/types';
import { previewShift } from '../../lib/use-cases/escalations';
import { runWave } from '../../lib/use-cases/offers';
import { postShift } from '../../lib/use-cases/shifts';
import { clinician, manager, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const SHIFT = { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T17:00:00.000Z' };

describe('the cascade, preferred first', () => {
  let deps: TestDeps;
  let surgery: Practice;
  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    await seed(deps, [surgery], []);
  });

  it('2 preferred of 12 eligible: wave 1 offers the 2 preferred only, wave 2 after 15 minutes the other 10', async () => {
    const preferred = [0, 1].map(() => clinician({ roles: ['pharmacist'], preferredPracticeIds: [surgery.id] }));
    const others = Array.from({ length: 10 }, () => clinician({ roles: ['pharmacist'] }));
    await seed(deps, [], [...preferred, ...others]);
    const { shift, offers } = await postShift(
      manager([surgery.id]),
      {
        practiceId: surgery.id,
        role: 'pharmacist',
        skills: [],
        ...SHIFT,
        breakMinutes: 30,
        hourlyRatePence: 6000,
        cascadeMinutes: 15,
      },
      deps,
    );
    expect(offers.map((o) => o.clinicianId).sort()).toEqual(preferred.map((c) => c.id).sort());
    const next = deps.scheduler.jobs.find((s) => s.job.kind === 'wave' && s.job.shiftId === shift.id);
    expect(next?.job).toMatchObject({ wave: 2 });
    expect(next?.at.toISOString()).toBe('2026-11-22T09:15:00.000Z');

    deps.clock.set(new Date('2026-11-22T09:15:00Z'));
    const second = await runWave(shift.orgId, shift.id, 2, deps);
    expect(second.map((o) => o.clinicianId).sort()).toEqual(others.map((c) => c.id).sort());
  });

  it('the preview shows the same waves, when each goes, and who is left out, writing nothing', async () => {
    const preferred = [0, 1].map(() => clinician({ roles: ['paramedic'], preferredPracticeIds: [surgery.id] }));
    const others = Array.from({ length: 12 }, () => clinician({ roles: ['paramedic'] }));
    const far = clinician({
      roles: ['paramedic'],
      home: { lat: surgery.lat + 0.01, lon: surgery.lon },
      maxTravelKm: 0,
    });
    await seed(deps, [], [...preferred, ...others, far]);
    const body = {
      practiceId: surgery.id,
      role: 'paramedic' as const,
      skills: [],
      start: '2026-11-22T09:40:00.000Z',
      end: '2026-11-22T17:00:00.000Z',
      breakMinutes: 30,
      hourlyRatePence: 6000,
      cascadeMinutes: 15,
    };
    deps.clock.set(new Date('2026-11-22T09:00:00Z'));
    const before = await deps.shifts.list(surgery.orgId, { status: 'open' }, { limit: 100 });
    const preview = await previewShift(manager([surgery.id]), body, deps);
    expect(preview.waves.map((w) => [w.wave, w.at, w.clinicians.length])).toEqual([
      [1, '2026-11-22T09:00:00.000Z', 2],
      [2, '2026-11-22T09:15:00.000Z', 10],
      [3, '2026-11-22T09:30:00.000Z', 2],
    ]);
    expect(preview.waves[0]!.clinicians.map((c) => c.clinicianId).sort()).toEqual(preferred.map((c) => c.id).sort());
    expect(preview.waves[0]!.clinicians.every((c) => c.preferred && c.name.startsWith('Clinician'))).toBe(true);
    expect(preview.excluded).toBeGreaterThanOrEqual(1);
    expect(preview.unreached).toBe(0);
    // A wave that would fall at or after the start never goes.
    const sooner = await previewShift(manager([surgery.id]), { ...body, start: '2026-11-22T09:20:00.000Z' }, deps);
    expect(sooner.waves.map((w) => w.wave)).toEqual([1, 2]);
    expect(sooner.unreached).toBe(2);
    // Everyone at once with no cascade.
    const all = await previewShift(manager([surgery.id]), { ...body, cascadeMinutes: 0 }, deps);
    expect(all.waves).toHaveLength(1);
    expect(all.waves[0]!.clinicians).toHaveLength(14);
    expect((await deps.shifts.list(surgery.orgId, { status: 'open' }, { limit: 100 })).items).toHaveLength(
      before.items.length,
    );
    // The same checks as posting: another practice's manager is refused.
    await expect(previewShift(manager(['prc-else']), body, deps)).rejects.toMatchObject({ status: 403 });
  });
});
