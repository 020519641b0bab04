import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDeps } from '../lib/all-deps';
import { cellOf } from '../lib/domain/geo';
import { type CandidateInput, rankCandidates } from '../lib/domain/ranking';
import type { BookedInterval, Booking, Shift } from '../lib/domain/types';
import { bookingItem } from '../lib/store/bookings';
import * as keys from '../lib/store/keys';
import { evaluate, matchShift } from '../lib/use-cases/matching';
import { ensureTable } from '../local/dynamodb-local';
import {
  BENCH_ORG,
  BENCH_PRACTICE,
  benchShift,
  cellPartitionItems,
  generateBank,
  generateBookings,
  summariesOf,
} from './bank';
import { batchPut, type Latency, latency, log, round, timeSequential } from './support';

export interface MatchingBench {
  bank: number;
  cell: string;
  candidatesInCell: number;
  /** Pages the cell's query takes: DynamoDB answers a Query 1 MB at a time. */
  cellPages: number;
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
  /** The offering path (`explain: false`): only the diaries of clinicians the static rules let through. */
  offering: Latency;
  offeringRequests: number;
  /**
   * The same matches again after seeding `otherBookings` bookings (and diaries) of other clinicians at other
   * practices in the same weeks: matching must not notice them.
   */
  crowded: { otherBookings: number; dynamo: Latency; requests: number; offering: Latency; offeringRequests: number };
}

/** Bookings of clinicians outside the cell, at practices elsewhere, through the 37 days a match looks at. */
const OTHER_BOOKINGS = 20_000;

function otherBookings(shift: Shift, count: number): { bookings: Booking[]; diaries: Record<string, unknown>[] } {
  const base = Date.parse(shift.start.slice(0, 10));
  const bookings: Booking[] = [];
  const byClinician = new Map<string, BookedInterval[]>();
  for (let n = 0; n < count; n++) {
    const clinicianId = `cln-other-${String(n % 2_000).padStart(5, '0')}`;
    const practiceId = `prc-other-${n % 40}`;
    const start = new Date(base + ((n % 37) - 29) * 86_400_000 + (7 + (n % 5)) * 3_600_000).toISOString();
    const end = new Date(Date.parse(start) + 8 * 3_600_000).toISOString();
    const id = `bk-other-${String(n).padStart(6, '0')}`;
    bookings.push({
      orgId: BENCH_ORG,
      id,
      shiftId: `sh-other-${id}`,
      clinicianId,
      practiceId,
      status: 'confirmed',
      bookedAt: '2026-11-01T00:00:00.000Z',
      start,
      end,
    });
    const site = { practiceId, lat: 51 + (n % 40) / 20, lon: -3 + (n % 40) / 20 };
    byClinician.set(clinicianId, [
      ...(byClinician.get(clinicianId) ?? []),
      { bookingId: id, shiftId: `sh-other-${id}`, start, end, site },
    ]);
  }
  return { bookings, diaries: [...byClinician].map(([id, list]) => diaryItem(id, list)) };
}

/** A diary as the accept path leaves it. */
function diaryItem(clinicianId: string, bookings: BookedInterval[]): Record<string, unknown> {
  return { ...keys.diary(BENCH_ORG, clinicianId), type: 'DIARY', orgId: BENCH_ORG, clinicianId, bookings, version: 1 };
}

/**
 * Matching a GP shift at a practice in the middle of a bank of `size`
 * clinicians: `evaluate` alone on the cell's candidates in memory, then the
 * whole `matchShift` against a fresh table holding what it reads, then again
 * with 20,000 bookings of other clinicians in the same weeks beside them.
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

  // Each candidate's bookings are in their diary too, as every booking the app makes is: matching reads diaries.
  const candidateDiaries = new Map<string, BookedInterval[]>();
  for (const b of intervals) {
    const { clinicianId, ...interval } = b;
    candidateDiaries.set(clinicianId, [...(candidateDiaries.get(clinicianId) ?? []), interval]);
  }
  const others = otherBookings(shift, OTHER_BOOKINGS);
  // Two tables with the same practice, cell and candidates' bookings; the second also holds the other
  // clinicians' bookings. The runs alternate between them, so both see the same (shared, busy) machine.
  const seedTable = async (crowded: boolean) => {
    const table = `bench-matching-${size}-${crowded ? 'crowded' : 'alone'}-${Date.now()}`;
    await ensureTable(ctx.endpoint, table, { stream: false });
    const deps = createDeps(ctx.db, table);
    await deps.practices.create(BENCH_PRACTICE);
    await batchPut(ctx.db, table, items, 8);
    await batchPut(ctx.db, table, bookings.map(bookingItem), 8);
    await batchPut(
      ctx.db,
      table,
      [...candidateDiaries].map(([id, list]) => diaryItem(id, list)),
      8,
    );
    if (crowded) {
      await batchPut(ctx.db, table, others.bookings.map(bookingItem), 8);
      await batchPut(ctx.db, table, others.diaries, 8);
    }
    return deps;
  };
  const aloneDeps = await seedTable(false);
  const crowdedDeps = await seedTable(true);
  log(
    `  bank ${size}: a second table also holds ${OTHER_BOOKINGS} bookings of ${others.diaries.length} other clinicians at other practices`,
  );
  const cellBytes = items.reduce((s, i) => s + JSON.stringify(i).length, 0);

  /** Alternates the two tables run by run; returns each one's latencies and requests. */
  const measure = async (explain: boolean, label: string) => {
    const runs = [aloneDeps, crowdedDeps].map(() => ({ samples: [] as number[], requests: [] as number[] }));
    const total = ctx.dynamoIterations + 3;
    for (let i = 0; i < total * 2; i++) {
      const which = i % 2;
      const started = performance.now();
      const r = await matchShift(shift, which ? crowdedDeps : aloneDeps, undefined, { explain });
      const took = performance.now() - started;
      if (r.candidates.length !== eligible)
        throw new Error(`matchShift (${label}) found ${r.candidates.length} eligible, evaluate in memory ${eligible}`);
      if (i >= 6) {
        runs[which]!.samples.push(took);
        runs[which]!.requests.push(r.requests);
      }
    }
    const [alone, crowded] = runs.map((run) => ({
      timed: latency(run.samples),
      requests: { min: Math.min(...run.requests), max: Math.max(...run.requests) },
    }));
    log(
      `  bank ${size}: matchShift ${label} p50 ${round(alone!.timed.p50, 1)} ms (${alone!.requests.max} requests), with the other bookings ${round(crowded!.timed.p50, 1)} ms (${crowded!.requests.max} requests)`,
    );
    return { alone: alone!, crowded: crowded! };
  };
  const explained = await measure(true, 'explained');
  const offeringRuns = await measure(false, 'offering');
  const dynamo = explained.alone.timed;
  const requests = explained.alone.requests;
  const cellPages = (await aloneDeps.clinicians.inCell(BENCH_PRACTICE.orgId, 'gp', BENCH_PRACTICE)).requests;
  const offering = offeringRuns.alone;
  const crowded = explained.crowded;
  const crowdedOffering = offeringRuns.crowded;
  return {
    bank: size,
    cell: cellOf(BENCH_PRACTICE),
    candidatesInCell: candidates.length,
    cellPages,
    eligible,
    bookings: bookings.length,
    generateMs,
    inMemory,
    inMemoryCached,
    ranking,
    itemsWritten: { practice: 1, cellItems: items.length, bookings: bookings.length, cellBytes },
    dynamo,
    requests,
    offering: offering.timed,
    offeringRequests: offering.requests.max,
    crowded: {
      otherBookings: OTHER_BOOKINGS,
      dynamo: crowded.timed,
      requests: crowded.requests.max,
      offering: crowdedOffering.timed,
      offeringRequests: crowdedOffering.requests.max,
    },
  };
}
