/**
 * The load generator, run in a process of its own so that it does not share
 * the server's event loop: `race` fires every request at once and waits for
 * all of them; `cannon` runs autocannon. Reads its spec from the JSON file
 * named by the first argument and prints one JSON line of results.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

interface RaceSpec {
  mode: 'race';
  url: string;
  requests: { path: string; token: string }[];
}

interface CannonSpec {
  mode: 'cannon';
  url: string;
  method: 'GET' | 'POST';
  durationSeconds: number;
  /** Stop after this many requests instead of after durationSeconds. */
  amount?: number;
  connections: number;
  /** One is used per request, round robin. */
  requests: { path: string; token: string }[];
}

async function race(spec: RaceSpec) {
  const started = performance.now();
  const results = await Promise.all(
    spec.requests.map(async (r) => {
      const t = performance.now();
      try {
        const res = await fetch(spec.url + r.path, {
          method: 'POST',
          headers: { authorization: `Bearer ${r.token}`, 'content-type': 'application/json' },
          body: '{}',
        });
        const body = await res.text();
        return { status: res.status, ms: performance.now() - t, body: res.status >= 500 ? body.slice(0, 300) : '' };
      } catch (error) {
        return { status: 0, ms: performance.now() - t, body: String(error).slice(0, 300) };
      }
    }),
  );
  const wallMs = performance.now() - started;
  const statuses: Record<string, number> = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const times = results.map((r) => r.ms).sort((a, b) => a - b);
  const errors = results.filter((r) => r.status === 0 || r.status >= 500).map((r) => r.body);
  return {
    wallMs,
    statuses,
    p50: times[Math.floor(times.length / 2)],
    max: times.at(-1),
    errors: errors.slice(0, 5),
    winnerIndex: results.findIndex((r) => r.status === 200),
  };
}

async function cannon(spec: CannonSpec) {
  let next = 0;
  const started = performance.now();
  const result = await autocannon({
    url: spec.url,
    duration: spec.durationSeconds,
    ...(spec.amount ? { amount: spec.amount } : {}),
    connections: spec.connections,
    requests: [
      {
        method: spec.method,
        setupRequest: (req) => {
          const r = spec.requests[next++ % spec.requests.length]!;
          return {
            ...req,
            path: r.path,
            headers: { authorization: `Bearer ${r.token}`, 'content-type': 'application/json' },
            ...(spec.method === 'POST' ? { body: '{}' } : {}),
          };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = stat.count;
  return {
    requestsPerSecond: result.requests.average,
    /** From the first request to the last answer: with `amount`, the only honest rate (the average is per second). */
    wallMs: performance.now() - started,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as RaceSpec | CannonSpec;
const out = spec.mode === 'race' ? await race(spec) : await cannon(spec);
process.stdout.write(`${JSON.stringify(out)}\n`);
