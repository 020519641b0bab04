import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cascadePlan, nextWave, WAVE_SIZE } from '../../lib/domain/offers';

type C = { id: number; preferred: boolean };

/** A ranked pool as matching returns it: preferred clinicians first, then the rest, best first. */
const rankedPool = fc
  .tuple(fc.nat({ max: 25 }), fc.nat({ max: 40 }))
  .map(([p, o]): C[] => [
    ...Array.from({ length: p }, (_, i) => ({ id: i, preferred: true })),
    ...Array.from({ length: o }, (_, i) => ({ id: p + i, preferred: false })),
  ]);

describe('nextWave', () => {
  it('wave 1 is the preferred clinicians only when any is eligible, else the best ten (property)', () => {
    fc.assert(
      fc.property(rankedPool, fc.integer({ min: 1, max: 120 }), (pool, cascade) => {
        const first = nextWave(pool, 1, cascade);
        const preferred = pool.filter((c) => c.preferred);
        if (preferred.length) expect(first).toEqual(preferred);
        else expect(first).toEqual(pool.slice(0, WAVE_SIZE));
      }),
    );
  });

  it('a later wave is the next ten best of those not yet offered (property)', () => {
    fc.assert(
      fc.property(rankedPool, fc.integer({ min: 2, max: 9 }), (pool, wave) => {
        const rest = pool.filter((c) => !c.preferred);
        expect(nextWave(rest, wave, 15)).toEqual(rest.slice(0, WAVE_SIZE));
      }),
    );
  });

  it('a cascade of 0 minutes offers everyone at once', () => {
    fc.assert(
      fc.property(rankedPool, (pool) => {
        expect(nextWave(pool, 1, 0)).toEqual(pool);
      }),
    );
  });

  it('2 preferred of 12: wave 1 texts the 2 preferred, not 10 people', () => {
    const pool: C[] = Array.from({ length: 12 }, (_, i) => ({ id: i, preferred: i < 2 }));
    expect(nextWave(pool, 1, 15).map((c) => c.id)).toEqual([0, 1]);
  });
});

describe('cascadePlan', () => {
  it('offers every clinician exactly once, in rank order, wave by wave (property)', () => {
    fc.assert(
      fc.property(rankedPool, fc.integer({ min: 0, max: 60 }), (pool, cascade) => {
        const waves = cascadePlan(pool, cascade);
        expect(waves.flat()).toEqual(pool);
        for (const w of waves) expect(w.length).toBeGreaterThan(0);
        if (cascade === 0) expect(waves.length).toBeLessThanOrEqual(1);
        for (const w of waves.slice(1)) expect(w.length).toBeLessThanOrEqual(WAVE_SIZE);
      }),
    );
  });
});
