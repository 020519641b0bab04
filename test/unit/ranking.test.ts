import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CandidateInput, candidateScore, rankCandidates } from '../../lib/domain/ranking';

const practiceId = 'p-yeovil';

function candidate(
  id: string,
  over: Partial<CandidateInput['clinician']> = {},
  distanceKm = 10,
  recentMinutes = 0,
): CandidateInput {
  return {
    clinician: {
      id,
      name: `Clinician ${id}`,
      preferredPracticeIds: [],
      lateCancellations: 0,
      completedShifts: 0,
      ...over,
    },
    distanceKm,
    recentMinutes,
  };
}

/** The ranking as a plain comparator sort: slow, obviously right, and what rankCandidates must agree with. */
function referenceRanking(list: readonly CandidateInput[]) {
  const rows = list.map((c) => {
    const raw = candidateScore(c);
    const km = Number.isNaN(c.distanceKm) ? Number.POSITIVE_INFINITY : Math.max(0, c.distanceKm);
    const preferred = c.clinician.preferredPracticeIds.includes(practiceId);
    return { raw, km, preferred, id: c.clinician.id, name: c.clinician.name };
  });
  rows.sort(
    (a, b) =>
      Number(b.preferred) - Number(a.preferred) ||
      b.raw - a.raw ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) ||
      a.km - b.km ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  return rows.map((r) => ({
    clinicianId: r.id,
    name: r.name,
    distanceKm: Math.round(r.km * 10) / 10,
    score: Math.round(r.raw * 10) / 10,
    preferred: r.preferred,
  }));
}

describe('candidateScore', () => {
  it('gives full marks to a reliable clinician next door with nothing booked', () => {
    expect(candidateScore(candidate('a', {}, 0, 0))).toBeCloseTo(100, 9);
  });

  it('blends 40% distance, 35% spread and 25% reliability', () => {
    // 30 km: half of 40; 80 h in four weeks: half of 35; 9 completed, 1 late: 10/13 of 25.
    const score = candidateScore(candidate('a', { completedShifts: 9, lateCancellations: 1 }, 30, 80 * 60));
    expect(score).toBeCloseTo(20 + 17.5 + (25 * 10) / 13, 9);
  });

  it('gives nothing for distance from 60 km and nothing for spread from 160 hours', () => {
    const far = candidateScore(candidate('a', {}, 60, 0));
    expect(candidateScore(candidate('a', {}, 95, 0))).toBe(far);
    expect(far).toBeCloseTo(60, 9);
    const busy = candidateScore(candidate('a', {}, 0, 160 * 60));
    expect(candidateScore(candidate('a', {}, 0, 300 * 60))).toBe(busy);
    expect(busy).toBeCloseTo(65, 9);
  });

  it('weighs one late cancellation as three shifts', () => {
    const newcomerWhoCancelled = candidateScore(candidate('a', { lateCancellations: 1 }, 0, 0));
    expect(newcomerWhoCancelled).toBeCloseTo(40 + 35 + 25 / 4, 9);
  });

  it('treats an unknown distance as too far rather than next door', () => {
    expect(candidateScore(candidate('a', {}, Number.NaN, 0))).toBeCloseTo(60, 9);
  });

  it('stays between 0 and 100 whatever comes in', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -10, max: 1000, noNaN: true }),
        fc.integer({ min: -5, max: 100_000 }),
        fc.nat(500),
        fc.nat(500),
        (d, minutes, late, done) => {
          const s = candidateScore(candidate('a', { lateCancellations: late, completedShifts: done }, d, minutes));
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(100 + 1e-9);
        },
      ),
    );
  });
});

describe('rankCandidates', () => {
  it('puts clinicians who prefer the practice first, even above a better score', () => {
    const ranked = rankCandidates(
      [candidate('near', {}, 1), candidate('fan', { preferredPracticeIds: ['p-x', practiceId] }, 50, 150 * 60)],
      { practiceId },
    );
    expect(ranked.map((r) => [r.clinicianId, r.preferred])).toEqual([
      ['fan', true],
      ['near', false],
    ]);
    expect(ranked[0]!.score).toBeLessThan(ranked[1]!.score);
  });

  it('orders by score, nearer and less-booked first', () => {
    const ranked = rankCandidates(
      [candidate('far', {}, 55), candidate('near', {}, 5), candidate('busy', {}, 5, 120 * 60)],
      { practiceId },
    );
    expect(ranked.map((r) => r.clinicianId)).toEqual(['near', 'busy', 'far']);
  });

  it('rounds distance to 0.1 km and score to one decimal', () => {
    const [only] = rankCandidates([candidate('a', { completedShifts: 9, lateCancellations: 1 }, 12.345, 0)], {
      practiceId,
    });
    expect(only).toEqual({
      clinicianId: 'a',
      name: 'Clinician a',
      distanceKm: 12.3,
      score: Math.round((40 * (1 - 12.345 / 60) + 35 + (25 * 10) / 13) * 10) / 10,
      preferred: false,
    });
  });

  it('breaks a tie by clinician id', () => {
    const ranked = rankCandidates([candidate('c'), candidate('a'), candidate('b')], { practiceId });
    expect(ranked.map((r) => r.clinicianId)).toEqual(['a', 'b', 'c']);
  });

  it('returns nothing for nobody', () => {
    expect(rankCandidates([], { practiceId })).toEqual([]);
  });

  const candidates = fc.array(
    fc.record({
      clinician: fc.record({
        id: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6'),
        name: fc.constantFrom('Ada', 'Ben'),
        preferredPracticeIds: fc.subarray([practiceId, 'p-other']),
        lateCancellations: fc.nat(3),
        completedShifts: fc.nat(20),
      }),
      distanceKm: fc.constantFrom(0, 2.5, 10, 10.04, 59.9, 60, 80),
      recentMinutes: fc.constantFrom(0, 600, 4800, 9600, 12000),
    }),
    { maxLength: 12 },
  );

  it('gives the same order whatever order the candidates arrive in', () => {
    fc.assert(
      fc.property(
        candidates.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))),
        ([list, shuffled]) => {
          expect(rankCandidates(shuffled, { practiceId })).toEqual(rankCandidates(list, { practiceId }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives exactly the order of a plain sort by preference, score, id, distance and name', () => {
    fc.assert(
      fc.property(candidates, (list) => {
        expect(rankCandidates(list, { practiceId })).toEqual(referenceRanking(list));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the plain sort for a large bank with many near-equal scores', () => {
    const list: CandidateInput[] = [];
    for (let i = 0; i < 12_000; i++) {
      list.push(
        candidate(
          `c${(i * 7919) % 12_000}`,
          { preferredPracticeIds: i % 11 === 0 ? [practiceId] : [], lateCancellations: i % 3, completedShifts: i % 7 },
          (i % 50) + 1e-12 * (i % 3), // scores a hair apart land in one bucket and are settled exactly
          (i * 613) % 12_000,
        ),
      );
    }
    expect(rankCandidates(list, { practiceId })).toEqual(referenceRanking(list));
  });

  it('keeps preferred clinicians first and scores descending within each group', () => {
    fc.assert(
      fc.property(candidates, (list) => {
        const ranked = rankCandidates(list, { practiceId });
        expect(ranked).toHaveLength(list.length);
        for (let i = 1; i < ranked.length; i++) {
          const [a, b] = [ranked[i - 1]!, ranked[i]!];
          expect(a.preferred || !b.preferred).toBe(true);
          if (a.preferred === b.preferred) expect(a.score).toBeGreaterThanOrEqual(b.score);
        }
      }),
    );
  });

  it('never scores a clinician lower for being nearer, less booked or more reliable', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        fc.nat(20_000),
        fc.nat(20_000),
        fc.nat(5),
        fc.nat(5),
        (d1, d2, m1, m2, l1, l2) => {
          const [near, far] = d1 <= d2 ? [d1, d2] : [d2, d1];
          const [light, heavy] = m1 <= m2 ? [m1, m2] : [m2, m1];
          const [few, many] = l1 <= l2 ? [l1, l2] : [l2, l1];
          const better = candidateScore(candidate('a', { lateCancellations: few, completedShifts: 4 }, near, light));
          const worse = candidateScore(candidate('a', { lateCancellations: many, completedShifts: 4 }, far, heavy));
          expect(better).toBeGreaterThanOrEqual(worse);
        },
      ),
    );
  });
});
