/**
 * The export alone, in a process of its own (bundled as Lambda would run it),
 * so its peak RSS is the export's and not the benchmark's. Reads its job from
 * the environment and prints one JSON line.
 */
import { createDeps } from '../lib/all-deps';
import { SettableClock } from '../lib/domain/ports';
import { createDocumentClient } from '../lib/store/client';
import { folderExportFiles } from '../lib/store/export-files';
import { runPayrollExport } from '../lib/use-cases/payroll';

const { BENCH_ENDPOINT, BENCH_TABLE, BENCH_ORG, BENCH_EXPORT, BENCH_FOLDER } = process.env;
if (!BENCH_ENDPOINT || !BENCH_TABLE || !BENCH_ORG || !BENCH_EXPORT || !BENCH_FOLDER) {
  throw new Error('BENCH_ENDPOINT, BENCH_TABLE, BENCH_ORG, BENCH_EXPORT and BENCH_FOLDER are required');
}
const db = createDocumentClient({ endpoint: BENCH_ENDPOINT, region: 'eu-west-2' });
const deps = {
  ...createDeps(db, BENCH_TABLE, { exportFiles: folderExportFiles(BENCH_FOLDER) }),
  clock: new SettableClock(new Date('2026-04-02T09:00:00Z')),
};
// What this process holds before the export starts (Node, the bundle, the SDK): the floor under its peak.
const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
let sampledRss = process.memoryUsage().rss;
// Where the peak is: V8's heap (used and reserved) and what lives outside it (Buffers).
let atPeak = process.memoryUsage();
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  if (now.rss > sampledRss) {
    sampledRss = now.rss;
    atPeak = now;
  }
}, 50);
// BENCH_MEM_PROFILE=<file>: V8's sampling heap profile of everything the export allocates, garbage
// included (load it in Chrome DevTools' Memory tab): what makes the heap grow, where a snapshot shows only what lives.
let profiler: import('node:inspector').Session | undefined;
if (process.env.BENCH_MEM_PROFILE) {
  const { Session } = await import('node:inspector');
  profiler = new Session();
  profiler.connect();
  const post = (m: string, p?: object) =>
    new Promise((ok, ko) => profiler!.post(m, p ?? {}, (e, r) => (e ? ko(e) : ok(r))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', {
    samplingInterval: 16384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
}
const started = performance.now();
const pageSize = Number(process.env.BENCH_PAGE_SIZE) || undefined;
const done = await runPayrollExport(BENCH_ORG, BENCH_EXPORT, deps, { pageSize });
const ms = performance.now() - started;
if (profiler) {
  const { writeFileSync } = await import('node:fs');
  const r = await new Promise<{ profile: object }>((ok, ko) =>
    profiler!.post('HeapProfiler.stopSampling', (e, res) => (e ? ko(e) : ok(res as { profile: object }))),
  );
  writeFileSync(process.env.BENCH_MEM_PROFILE!, JSON.stringify(r.profile));
}
clearInterval(sampler);
db.destroy();
process.stdout.write(
  `${JSON.stringify({
    status: done?.status,
    rows: done?.rows,
    ms,
    // resourceUsage reports the process's peak resident set in kilobytes.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    sampledRssMb: sampledRss / 1024 / 1024,
    baselineRssMb,
    atPeakMb: Object.fromEntries(Object.entries(atPeak).map(([k, v]) => [k, Math.round((v / 1024 / 1024) * 10) / 10])),
  })}\n`,
);
