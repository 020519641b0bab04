import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createDeps } from '../lib/all-deps';
import type { Deps } from '../lib/deps';
import { computePay } from '../lib/domain/pay';
import { SettableClock } from '../lib/domain/ports';
import { startOfLondonDay } from '../lib/domain/time';
import type { Timesheet } from '../lib/domain/types';
import { createDocumentClient } from '../lib/store/client';
import * as keys from '../lib/store/keys';
import { timesheetItem } from '../lib/store/timesheets';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { batchPut, bundleChild } from './support';
import { claimWriteFloor, FLOOR_ROWS, seedWriteFloor } from './write-floor';

export interface InvoiceRunBench {
  /** Timesheets the real run invoiced per second. */
  timesheetsPerSecond: number;
  /**
   * Timesheets per second on the write floor the payroll export is measured
   * against (bench/write-floor.ts): the mean of the floor taken just before
   * the run and just after it, as a shared machine's load drifts.
   */
  floorItemsPerSecond: number;
  floorBeforePerSecond: number;
  floorAfterPerSecond: number;
  /** timesheetsPerSecond / floorItemsPerSecond. */
  ratio: number;
  invoices: number;
  rows: number;
  runMs: number;
  /** Peak resident set of the process that ran the invoice run, alone and bundled as Lambda runs it. */
  peakRssMb: number;
  /** The same process's RSS sampled every 50 ms, as a cross-check. */
  sampledPeakRssMb: number;
  /** What that process held before the run started: Node, the bundle and the SDK. */
  baselineRssMb: number;
  /** At the sampled peak: V8's heap (used, reserved) and memory outside it, in MB. */
  atPeakMb: Record<string, number>;
  /** Requests the run sent, by command: how many, their wall time (overlaps counted once), transaction items. */
  byCommand: Record<string, { n: number; ms: number; items?: number }>;
}

const ORG = 'org-bench';
const MONTH = '2027-01';
const CLINICIANS = 400;
const PRACTICES = 22;

/** `rows` approved self-employed timesheets in January 2027, each locum at two practices (pension members all). */
async function seed(deps: Deps, rows: number): Promise<void> {
  const monthStart = Date.parse(startOfLondonDay(`${MONTH}-01`));
  const monthMs = 30 * 86_400_000;
  const clinicians = Array.from({ length: CLINICIANS }, (_, i) => ({
    ...keys.clinician(ORG, `cln-${i}`),
    type: 'CLINICIAN',
    orgId: ORG,
    id: `cln-${i}`,
    name: `Locum Number ${i}`,
    email: `locum${i}@bench.example`,
    employment: 'self-employed',
    pension: { member: true, schemeRef: `SD${String(i).padStart(6, '0')}` },
  }));
  const timesheets = Array.from({ length: rows }, (_, i): Timesheet => {
    const start = new Date(monthStart + Math.floor((i / rows) * monthMs)).toISOString();
    const end = new Date(Date.parse(start) + 8 * 3_600_000).toISOString();
    const c = i % CLINICIANS;
    const hourlyRatePence = 9000 + (i % 20) * 100;
    return {
      orgId: ORG,
      id: `ts-${String(i).padStart(7, '0')}`,
      bookingId: `bk-${i}`,
      shiftId: `sh-${i}`,
      clinicianId: `cln-${c}`,
      practiceId: `prc-${(c + (i % 2)) % PRACTICES}`,
      start,
      end,
      shiftStart: start,
      breakMinutes: 30,
      hourlyRatePence,
      ...computePay({ start, end, breakMinutes: 30, hourlyRatePence, bankHolidayUplift: 1.5 }),
      employment: 'self-employed',
      status: 'approved',
      submittedAt: end,
    };
  });
  await batchPut(deps.db, deps.table, [...clinicians, ...timesheets.map(timesheetItem)], 16);
}

/**
 * Seeds `rows` invoiceable timesheets on a DynamoDB Local of its own and
 * measures the shared write floor in this process, then runs the real invoice
 * run in a child process (bundled, as Lambda runs it) and takes its rate and
 * its own peak RSS.
 */
export async function benchInvoiceRun(opts: { rows: number }): Promise<InvoiceRunBench> {
  const ddb = await startDynamoDbLocal();
  const folder = mkdtempSync(join(tmpdir(), 'rota-bank-bench-invoices-'));
  const db = createDocumentClient({ endpoint: ddb.endpoint, region: 'eu-west-2' });
  try {
    const table = `bench-${Date.now()}`;
    // No stream: DynamoDB Local keeps every stream record and each write slows as they pile up (20,000 seeded
    // rows' worth), which DynamoDB does not; the floor is measured on the same table, so the ratio stays fair.
    await ensureTable(ddb.endpoint, table, { stream: false });
    const deps: Deps = { ...createDeps(db, table), clock: new SettableClock(new Date('2027-02-01T06:00:00Z')) };
    await seed(deps, opts.rows);
    const floorRows = Math.min(opts.rows, FLOOR_ROWS) / 2;
    const floorSheets = [await seedWriteFloor(deps, floorRows, 'a'), await seedWriteFloor(deps, floorRows, 'b')];

    const runner = join(folder, 'run.mjs');
    await bundleChild(join(import.meta.dirname, 'invoice-run-process.ts'), runner);
    const nodeFlags = (process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    const before = await claimWriteFloor(deps, floorSheets[0]!);
    const { stdout } = await promisify(execFile)(process.execPath, [...nodeFlags, runner], {
      env: {
        ...process.env,
        POWERTOOLS_LOG_LEVEL: 'WARN',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BENCH_ENDPOINT: ddb.endpoint,
        BENCH_TABLE: table,
        BENCH_ORG: ORG,
        BENCH_MONTH: MONTH,
      },
      maxBuffer: 1024 * 1024,
    });
    const run = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      invoices: number;
      timesheets: number;
      ms: number;
      maxRssMb: number;
      sampledRssMb: number;
      baselineRssMb: number;
      atPeakMb: Record<string, number>;
      byCommand: InvoiceRunBench['byCommand'];
    };
    const after = await claimWriteFloor(deps, floorSheets[1]!);
    const floor = { perSecond: (before.perSecond + after.perSecond) / 2 };
    if (run.timesheets !== opts.rows) throw new Error(`the run invoiced ${run.timesheets} of ${opts.rows} timesheets`);
    const perSecond = (opts.rows / run.ms) * 1000;
    return {
      timesheetsPerSecond: Math.round(perSecond),
      floorItemsPerSecond: Math.round(floor.perSecond),
      floorBeforePerSecond: Math.round(before.perSecond),
      floorAfterPerSecond: Math.round(after.perSecond),
      ratio: Math.round((perSecond / floor.perSecond) * 1000) / 1000,
      invoices: run.invoices,
      rows: opts.rows,
      runMs: Math.round(run.ms),
      peakRssMb: Math.round(run.maxRssMb * 10) / 10,
      sampledPeakRssMb: Math.round(run.sampledRssMb * 10) / 10,
      baselineRssMb: Math.round(run.baselineRssMb * 10) / 10,
      atPeakMb: run.atPeakMb,
      byCommand: run.byCommand,
    };
  } finally {
    db.destroy();
    ddb.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
