/**
 * The invoice run alone, in a process of its own (bundled as Lambda would run
 * it), so that its peak RSS is the run's and not the seeding's. Reads its job
 * from the environment and prints one JSON line.
 */
import { createDeps } from '../lib/all-deps';
import { SettableClock } from '../lib/domain/ports';
import { createDocumentClient } from '../lib/store/client';
import { runInvoices } from '../lib/use-cases/invoices';
import { coveredMs, recordCommands } from './support';

const { BENCH_ENDPOINT, BENCH_TABLE, BENCH_ORG, BENCH_MONTH } = process.env;
if (!BENCH_ENDPOINT || !BENCH_TABLE || !BENCH_ORG || !BENCH_MONTH) {
  throw new Error('BENCH_ENDPOINT, BENCH_TABLE, BENCH_ORG and BENCH_MONTH are required');
}
const db = createDocumentClient({ endpoint: BENCH_ENDPOINT, region: 'eu-west-2' });
const sent = recordCommands(db);
const deps = { ...createDeps(db, BENCH_TABLE), clock: new SettableClock(new Date('2027-02-01T06:00:00Z')) };
// What this process holds before the run starts (Node, the bundle, the SDK): the floor under its peak.
const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
let sampledRss = process.memoryUsage().rss;
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  if (now.rss > sampledRss) {
    sampledRss = now.rss;
    atPeak = now;
  }
}, 50);
const started = performance.now();
const made = await runInvoices(BENCH_ORG, BENCH_MONTH, deps);
const ms = performance.now() - started;
clearInterval(sampler);
db.destroy();
// Where the time went, by kind of request (overlaps within a kind counted once).
const byCommand: Record<string, { n: number; ms: number; items?: number }> = {};
for (const name of new Set(sent.log.map((c) => c.name))) {
  const of = sent.log.filter((c) => c.name === name);
  byCommand[name] = {
    n: of.length,
    ms: Math.round(coveredMs(of)),
    ...(of[0]?.items !== undefined && { items: of.reduce((s, c) => s + (c.items ?? 0), 0) }),
  };
}
const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;
process.stdout.write(
  `${JSON.stringify({
    invoices: made.length,
    timesheets: made.reduce((s, i) => s + i.lines.length, 0),
    ms,
    // resourceUsage reports the process's peak resident set in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    sampledRssMb: sampledRss / 1024 / 1024,
    baselineRssMb,
    atPeakMb: Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, mb(v)])),
    byCommand,
  })}\n`,
);
