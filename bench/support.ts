import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { build } from 'esbuild';
import type { Clinician } from '../lib/domain/types';
import { chunks } from '../lib/store/records';

/** The p-th percentile (0..100) by nearest rank over a copy of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

export function latency(samples: readonly number[]): Latency {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    mean: samples.reduce((a, b) => a + b, 0) / (samples.length || 1),
    max: Math.max(...samples),
  };
}

/** Runs `op` `warmup` times unmeasured, then `iterations` times one after another, timing each. */
export async function timeSequential(
  iterations: number,
  warmup: number,
  op: (i: number) => Promise<unknown> | unknown,
): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await op(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await op(i);
    samples.push(performance.now() - started);
  }
  return latency(samples);
}

/** Mulberry32: small, fast and the same sequence for the same seed on every machine. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    float: next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    weighted: <T>(pairs: readonly (readonly [T, number])[]): T => {
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let x = next() * total;
      for (const [v, w] of pairs) {
        x -= w;
        if (x < 0) return v;
      }
      return pairs.at(-1)![0];
    },
  };
}
export type Rng = ReturnType<typeof prng>;

/** Writes items with BatchWriteItem, `concurrency` batches in flight, retrying what DynamoDB leaves unprocessed. */
export async function batchPut(
  db: DynamoDBDocumentClient,
  table: string,
  items: readonly Record<string, unknown>[],
  concurrency = 8,
): Promise<void> {
  const batches = chunks(items, 25);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        let pending: Record<string, unknown>[] | undefined = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        for (let attempt = 0; pending?.length && attempt < 20; attempt++) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
          pending = out.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
        }
        if (pending?.length) throw new Error(`${pending.length} items stayed unprocessed`);
      }
    }),
  );
}

/** Runs `op` over `inputs` with at most `concurrency` in flight. */
export async function pool<T, R>(inputs: readonly T[], concurrency: number, op: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(inputs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, inputs.length) }, async () => {
      while (next < inputs.length) {
        const i = next++;
        out[i] = await op(inputs[i]!);
      }
    }),
  );
  return out;
}

/** Command name and wall time of every request a document client sends, for breaking a use case into phases. */
export interface SentCommand {
  name: string;
  start: number;
  ms: number;
  /** Items in a transaction, when it is one. */
  items?: number;
}

export function recordCommands(db: DynamoDBDocumentClient): { log: SentCommand[]; clear(): void } {
  const log: SentCommand[] = [];
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      try {
        return await next(args);
      } finally {
        const items = (args.input as { TransactItems?: unknown[] }).TransactItems?.length;
        log.push({ name: String(context.commandName ?? '?'), start, ms: performance.now() - start, items });
      }
    },
    { step: 'initialize', name: 'benchRecordCommands' },
  );
  return {
    log,
    clear: () => {
      log.length = 0;
    },
  };
}

/** Total time covered by a set of intervals (overlaps counted once). */
export function coveredMs(intervals: readonly { start: number; ms: number }[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let end = Number.NEGATIVE_INFINITY;
  for (const { start, ms } of sorted) {
    const stop = start + ms;
    if (stop <= end) continue;
    total += stop - Math.max(start, end);
    end = stop;
  }
  return total;
}

export const round = (x: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** One line of the results table. */
export interface Metric {
  section: string;
  metric: string;
  value: string;
  goal: string;
  /** undefined: informational, no goal. */
  met?: boolean;
}

export function log(line: string) {
  process.stdout.write(`${line}\n`);
}

/** A fully compliant bank GP for the bench, told apart by `i`; the caller names them and places them. */
export function benchGp(
  i: number,
  who: Pick<Clinician, 'orgId' | 'id' | 'name' | 'email' | 'home' | 'maxTravelKm'> & Partial<Clinician>,
): Clinician {
  return {
    phone: `+447700900${String(i % 1000).padStart(3, '0')}`,
    roles: ['gp'],
    skills: ['home-visits'],
    compliance: {
      dbsCheckedOn: '2025-06-01',
      trainingExpires: '2028-01-01',
      indemnityExpires: '2028-01-01',
      rightToWork: true,
    },
    employment: 'bank',
    preferredPracticeIds: [],
    blockedPracticeIds: [],
    maxWeeklyHours: 48,
    notify: ['sms'],
    lateCancellations: 0,
    completedShifts: 0,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...who,
  };
}

/**
 * Bundles a bench child (one use case run alone, so its peak RSS and CPU are its own) into `outfile`, as the
 * Lambda bundling does: ESM for Node 20 with a `require` for the SDK's CommonJS parts.
 */
export async function bundleChild(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
}
