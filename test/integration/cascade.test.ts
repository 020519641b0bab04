import { beforeAll, describe, expect, it } from 'vitest';
import type { Practice } from '../../lib/domain/types';
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
});
