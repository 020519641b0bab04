import { beforeAll, describe, expect, it } from 'vitest';
import { reportSummary } from '../../lib/use-cases/reports';
import { manager, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

/**
 * Views of a few practices read those practices by key, so what they cost
 * does not grow with the organisation's number of practices.
 */
describe('PracticeRepository.getMany', () => {
  let deps: TestDeps;
  const zeta = practice({ name: 'Zeta Surgery' });
  const alpha = practice({ name: 'Alpha Surgery' });
  const others = Array.from({ length: 6 }, () => practice());

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [zeta, alpha, ...others], []);
  });

  it('returns the practices named that exist, once each, in the order list gives them', async () => {
    const got = await deps.practices.getMany(zeta.orgId, [zeta.id, 'prc-missing', alpha.id, zeta.id]);
    expect(got).toEqual([alpha, zeta]);
    expect(await deps.practices.getMany(zeta.orgId, [])).toEqual([]);
    // The same records the organisation's list holds.
    const listed = await deps.practices.list(zeta.orgId);
    expect(listed.filter((p) => p.id === alpha.id || p.id === zeta.id)).toEqual(got);
  });

  it('reads more than a hundred in batches', async () => {
    const ids = [...others.map((p) => p.id), ...Array.from({ length: 120 }, (_, i) => `prc-none-${i}`)];
    const got = await deps.practices.getMany(zeta.orgId, ids);
    expect(got.map((p) => p.id).sort()).toEqual(others.map((p) => p.id).sort());
  });

  it("gives a manager's report their own practices only, however many the organisation has", async () => {
    const summary = await reportSummary(manager([zeta.id, alpha.id]), { from: '2026-11-01', to: '2026-11-30' }, deps);
    expect(summary.byPractice.map((p) => p.name)).toEqual(['Alpha Surgery', 'Zeta Surgery']);
  });
});
