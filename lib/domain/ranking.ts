import type { Clinician } from './types';

/**
 * How eligible clinicians are ordered for a shift: those who prefer the
 * practice first, then by a score out of 100 that blends
 *
 * - distance (40%): full marks at the door, none from 60 km;
 * - fair spread (35%): full marks for nobody booked in the last four weeks,
 *   none from 160 hours (four full-time weeks), so work goes round the bank;
 * - reliability (25%): (completed + 1) / (completed + 3 × late + 1), so a late
 *   cancellation weighs as three shifts and a newcomer starts at full marks.
 *
 * Distance leads because travel is what a clinician feels most and what makes
 * a late start likely; spread comes close behind because a bank that keeps
 * offering the same few people loses the rest.
 */
export const RANKING_WEIGHTS = { distance: 0.4, spread: 0.35, reliability: 0.25 } as const;
export const DISTANCE_ZERO_KM = 60;
export const SPREAD_ZERO_MINUTES = 160 * 60;
export const LATE_CANCELLATION_WEIGHT = 3;

export interface CandidateInput {
  clinician: Pick<Clinician, 'id' | 'name' | 'preferredPracticeIds' | 'lateCancellations' | 'completedShifts'>;
  distanceKm: number;
  /** Minutes booked in the last four weeks. */
  recentMinutes: number;
}

export interface RankedCandidate {
  clinicianId: string;
  name: string;
  /** Rounded to 0.1 km. */
  distanceKm: number;
  /** 0 to 100, one decimal. */
  score: number;
  /** The clinician lists this practice among their preferred ones. */
  preferred: boolean;
}

/** The unrounded score, 0 to 100. */
export function candidateScore(c: CandidateInput): number {
  const distance = 1 - Math.min(1, km(c.distanceKm) / DISTANCE_ZERO_KM);
  const spread = 1 - Math.min(1, nonNegative(c.recentMinutes) / SPREAD_ZERO_MINUTES);
  const completed = nonNegative(c.clinician.completedShifts);
  const late = nonNegative(c.clinician.lateCancellations);
  const reliability = (completed + 1) / (completed + LATE_CANCELLATION_WEIGHT * late + 1);
  return (
    100 *
    (RANKING_WEIGHTS.distance * distance + RANKING_WEIGHTS.spread * spread + RANKING_WEIGHTS.reliability * reliability)
  );
}

/**
 * Best first. Equal inputs always come out in the same order whatever order
 * they went in: ties on score fall to the clinician id, then to distance and
 * name, so the answer depends on the set of candidates alone.
 *
 * Matching ranks thousands of candidates per shift, so the order is found by
 * one native numeric sort rather than a comparator called n log n times: each
 * candidate becomes one exact integer below 2^53 holding, from the top, "not
 * preferred", the score turned into a descending bucket, and the candidate's
 * index. Scores closer than a bucket (about 1e-9 points) land together and
 * those few runs are put in order by the full comparison, so the result is
 * exactly what sorting by that comparison alone would give.
 */
export function rankCandidates(candidates: readonly CandidateInput[], ctx: { practiceId: string }): RankedCandidate[] {
  const n = candidates.length;
  const outs: RankedCandidate[] = new Array(n);
  const scores = new Float64Array(n);
  const distances = new Float64Array(n);
  const keys = new Float64Array(n);
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const indexSpan = 2 ** indexBits;
  const scoreSpan = 2 ** (52 - indexBits);
  for (let i = 0; i < n; i++) {
    const c = candidates[i]!;
    const score = candidateScore(c);
    const distance = km(c.distanceKm);
    const preferred = c.clinician.preferredPracticeIds.includes(ctx.practiceId);
    scores[i] = score;
    distances[i] = distance;
    outs[i] = {
      clinicianId: c.clinician.id,
      name: c.clinician.name,
      distanceKm: Math.round(distance * 10) / 10,
      score: Math.round(score * 10) / 10,
      preferred,
    };
    const bucket = Math.floor(((100 - Math.min(100, Math.max(0, score))) / 100) * (scoreSpan - 1));
    keys[i] = ((preferred ? 0 : scoreSpan) + bucket) * indexSpan + i;
  }
  keys.sort();

  // The order itself; the packed keys only reach it faster.
  const compare = (a: number, b: number): number => {
    const x = outs[a]!;
    const y = outs[b]!;
    if (x.preferred !== y.preferred) return x.preferred ? -1 : 1;
    if (scores[a] !== scores[b]) return scores[b]! - scores[a]!;
    if (x.clinicianId !== y.clinicianId) return x.clinicianId < y.clinicianId ? -1 : 1;
    if (distances[a] !== distances[b]) return distances[a]! - distances[b]!;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    return 0;
  };

  const result: RankedCandidate[] = new Array(n);
  let i = 0;
  while (i < n) {
    const bucket = Math.floor(keys[i]! / indexSpan);
    let end = i + 1;
    while (end < n && Math.floor(keys[end]! / indexSpan) === bucket) end++;
    if (end === i + 1) {
      result[i] = outs[keys[i]! % indexSpan]!;
    } else {
      const run: number[] = [];
      for (let j = i; j < end; j++) run.push(keys[j]! % indexSpan);
      run.sort(compare);
      for (let j = 0; j < run.length; j++) result[i + j] = outs[run[j]!]!;
    }
    i = end;
  }
  return result;
}

/** An unknown distance counts as too far, never as next door. */
function km(x: number): number {
  return Number.isNaN(x) ? Number.POSITIVE_INFINITY : Math.max(0, x);
}

function nonNegative(x: number | undefined): number {
  return x !== undefined && x > 0 ? x : 0;
}
