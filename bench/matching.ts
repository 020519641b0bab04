import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDeps } from '../lib/deps';
import { cellOf } from '../lib/domain/geo';
import { type CandidateInput, rankCandidates } from '../lib/domain/ranking';
import { bookingItem } from '../lib/store/bookings';
import { evaluate, matchShift } from '../lib/use-cases/matching';
import { ensureTable } from '../local/dynamodb-local';
import { BENCH_PRACTICE, benchShift, cellPartitionItems, generateBank, generateBookings, summariesOf } from './bank';
import { batchPut, type Latency, log, round, timeSequential } from './support';

export interface MatchingBench {
  bank: number;
  cell: string;
  candidatesInCell: number;
  eligible: number;
  bookings: number;
  generateMs: number;
  inMemory: Latency;
  /** The same shift every iteration, its London facts cached. */
  inMemoryCached: Latency;
  /** rankCandidates alone, over the eligible candidates (the "in-memory ranking"). */
  ranking: Latency;
  itemsWritten: { practice: number; cellItems: number; bookings: number; cellBytes: number };
  dynamo: Latency;
  requests: { min: number; max: number };
}

/**
 * Matching a GP shift at a practice in the middle of a bank of `size`
 * clinicians: `evaluate` alone on the cell's candidates in memory, then the
 * whole `matchShift` against a fresh table holding exactly what it reads.
 */
export async function benchMatching(
  size: number,
  ctx: { endpoint: string; db: DynamoDBDocumentClient; iterations: number; dynamoIterations: number },
): Promise<MatchingBench> {
  const generated = performance.now();
  const bank = generateBank(size, 20261122 + size, BENCH_PRACTICE.id);
  const shift = benchShift('gp');
  const items = cellPartitionItems(bank, BENCH_PRACTICE, 'gp');
  const candidates = summariesOf(items);
  const bookings = generateBookings(candidates, shift, 7 + size);
  const generateMs = performance.now() - generated;
  log(
    `  bank ${size}: ${candidates.length} gp candidates in cell ${cellOf(BENCH_PRACTICE)}, ${bookings.length} bookings (generated in ${Math.round(generateMs)} ms)`,
  );

  // Two start times a half hour apart, alternated, so the shift's London calendar facts are worked out every time.
  const shifts = [shift, { ...benchShift('gp', 30), id: shift.id }];
  const intervals = bookings.map((b) => ({
    bookingId: b.id,
    shiftId: b.shiftId,
    clinicianId: b.clinicianId,
    start: b.start,
    end: b.end,
  }));
  let eligible = 0;
  const inMemory = await timeSequential(ctx.iterations, 20, (i) => {
    const r = evaluate(shifts[Math.abs(i) % 2]!, BENCH_PRACTICE, candidates, intervals);
    eligible = r.candidates.length;
  });
  // The same shift every time: its London facts stay cached, so this is the per-candidate work alone.
  const inMemoryCached = await timeSequential(ctx.iterations, 20, () => {
    evaluate(shift, BENCH_PRACTICE, candidates, intervals);
  });
  const check = evaluate(shift, BENCH_PRACTICE, candidates, intervals);
  eligible = check.candidates.length;
  // Ranking alone: the eligible candidates with their distances and recent hours, in the input order matching sees.
  const byId = new Map(candidates.map((c) => [c.id, c]));
  const rankInput: CandidateInput[] = check.candidates.map((c, i) => ({
    clinician: byId.get(c.clinicianId)!,
    distanceKm: c.distanceKm,
    recentMinutes: (i * 97) % 9600,
  }));
  const ranking = await timeSequential(ctx.iterations, 20, () => {
    rankCandidates(rankInput, { practiceId: BENCH_PRACTICE.id });
  });
  log(
    `  bank ${size}: evaluate p50 ${round(inMemory.p50, 3)} ms, p99 ${round(inMemory.p99, 3)} ms; ${eligible} eligible`,
  );

  const table = `bench-matching-${size}-${Date.now()}`;
  await ensureTable(ctx.endpoint, table);
  const deps = createDeps(ctx.db, table);
  await deps.practices.create(BENCH_PRACTICE);
  await batchPut(ctx.db, table, items, 8);
  await batchPut(ctx.db, table, bookings.map(bookingItem), 8);
  const cellBytes = items.reduce((s, i) => s + JSON.stringify(i).length, 0);

  const requests: number[] = [];
  let dynamoEligible = -1;
  const dynamo = await timeSequential(ctx.dynamoIterations, 3, async () => {
    const r = await matchShift(shift, deps);
    requests.push(r.requests);
    dynamoEligible = r.candidates.length;
  });
  if (dynamoEligible !== eligible) {
    throw new Error(`matchShift found ${dynamoEligible} eligible, evaluate in memory ${eligible}`);
  }
  log(
    `  bank ${size}: matchShift p50 ${round(dynamo.p50, 1)} ms, p99 ${round(dynamo.p99, 1)} ms, ${Math.max(...requests)} requests`,
  );
  return {
    bank: size,
    cell: cellOf(BENCH_PRACTICE),
    candidatesInCell: candidates.length,
    eligible,
    bookings: bookings.length,
    generateMs,
    inMemory,
    inMemoryCached,
    ranking,
    itemsWritten: { practice: 1, cellItems: items.length, bookings: bookings.length, cellBytes },
    dynamo,
    requests: { min: Math.min(...requests), max: Math.max(...requests) },
  };
}
