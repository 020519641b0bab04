import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createDeps } from '../lib/all-deps';
import type { Deps } from '../lib/deps';
import { computePay } from '../lib/domain/pay';
import { SettableClock } from '../lib/domain/ports';
import { startOfLondonDay } from '../lib/domain/time';
import type { Clinician, Practice, Timesheet } from '../lib/domain/types';
import { createDocumentClient } from '../lib/store/client';
import { folderExportFiles } from '../lib/store/export-files';
import * as keys from '../lib/store/keys';
import { chunks } from '../lib/store/records';
import { timesheetItem } from '../lib/store/timesheets';
import { endOfLondonPeriod, startPayrollExport } from '../lib/use-cases/payroll';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';
import { bundleChild } from './support';
import { FLOOR_ROWS, measureWriteFloor } from './write-floor';

export interface PayrollExportBench {
  /** Rows the real export wrote per second, claim and CSV included. */
  rowsPerSecond: number;
  /** Items per second a bare Query over the payable index returns: the ceiling the export is measured against. */
  rawQueryItemsPerSecond: number;
  /** rowsPerSecond / rawQueryItemsPerSecond. */
  ratio: number;
  /**
   * Timesheets per second bare claim transactions mark exported (the export's
   * own conditional update, a hundred a transaction, as many in flight): the
   * most the export can pay per second on this DynamoDB Local.
   */
  rawClaimItemsPerSecond: number;
  /** rowsPerSecond / rawClaimItemsPerSecond. */
  claimRatio: number;
  /**
   * Peak resident set of the process that ran the export: a process of its
   * own, running the export bundled as Lambda runs it (process.resourceUsage().maxRSS).
   */
  peakRssMb: number;
  /** The same process's RSS sampled every 50 ms, as a cross-check. */
  sampledPeakRssMb: number;
  /** What that process held before the export started: Node, the bundle and the SDK. */
  baselineRssMb: number;
  /** At the sampled peak: V8's heap (used, reserved) and memory outside it, in MB. Where the peak is. */
  atPeakMb?: Record<string, number>;
  rows: number;
  exportMs: number;
}

const ORG = 'org-bench';
const FROM = '2026-01-01';
const TO = '2026-03-31';
const CLINICIANS = 400;
const PRACTICES = 22;

/** N approved timesheets spread over the quarter, across a bank and a group of practices. */
async function seed(deps: Deps, rows: number, org = ORG): Promise<Timesheet[]> {
  const ORG = org;
  const practices: Practice[] = Array.from({ length: PRACTICES }, (_, i) => ({
    orgId: ORG,
    id: `prc-${i}`,
    name: `Bench Surgery ${i}`,
    odsCode: `B${String(i).padStart(5, '0')}`,
    lat: 51,
    lon: -2.6,
    costCentre: `CC-${i}`,
    createdAt: '2025-12-01T00:00:00.000Z',
  }));
  const clinicians = Array.from({ length: CLINICIANS }, (_, i) => ({
    ...keys.clinician(ORG, `cln-${i}`),
    type: 'CLINICIAN',
    orgId: ORG,
    id: `cln-${i}`,
    name: `Clinician ${i}`,
    // Payroll pays bank workers only (locums are invoiced), so every seeded row is a bank worker's.
    employment: 'bank',
    payrollId: `PAY${String(i).padStart(5, '0')}`,
  })) satisfies (Partial<Clinician> & Record<string, unknown>)[];
  const quarterStart = Date.parse(startOfLondonDay(FROM));
  const quarterMs = Date.parse(endOfLondonPeriod(TO)) - quarterStart - 12 * 3_600_000;
  const timesheets = Array.from({ length: rows }, (_, i): Timesheet => {
    const start = new Date(quarterStart + Math.floor((i / rows) * quarterMs)).toISOString();
    const end = new Date(Date.parse(start) + 10 * 3_600_000).toISOString();
    const hourlyRatePence = 8000 + (i % 40) * 50;
    return {
      orgId: ORG,
      id: `ts-${String(i).padStart(7, '0')}`,
      bookingId: `bk-${i}`,
      shiftId: `sh-${i}`,
      clinicianId: `cln-${i % CLINICIANS}`,
      practiceId: `prc-${i % PRACTICES}`,
      start,
      end,
      shiftStart: start,
      breakMinutes: 60,
      hourlyRatePence,
      ...computePay({ start, end, breakMinutes: 60, hourlyRatePence, bankHolidayUplift: 1.5 }),
      employment: 'bank',
      status: 'approved',
      submittedAt: end,
      decidedAt: end,
      decidedBy: 'usr-bench',
    };
  });
  const items = [
    ...practices.map((p) => ({ ...keys.practice(ORG, p.id), type: 'PRACTICE', ...p })),
    ...clinicians,
    ...timesheets.map(timesheetItem),
  ];
  const batches = chunks(items, 25);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < batches.length) {
        let pending: Record<string, unknown>[] | undefined = batches[next++]!.map((Item) => ({ PutRequest: { Item } }));
        while (pending?.length) {
          const out = await deps.db.send(new BatchWriteCommand({ RequestItems: { [deps.table]: pending } }));
          pending = out.UnprocessedItems?.[deps.table] as Record<string, unknown>[] | undefined;
        }
      }
    }),
  );
  return timesheets;
}

/** Reads the payable index for the period and does nothing else: the fastest the export could possibly go. */
async function rawQuery(deps: Deps): Promise<{ items: number; ms: number }> {
  const started = performance.now();
  let items = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new QueryCommand({
        TableName: deps.table,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.payablePartition(ORG),
          ':from': startOfLondonDay(FROM),
          ':to': endOfLondonPeriod(TO),
        },
        ExclusiveStartKey: startKey,
      }),
    );
    items += out.Items?.length ?? 0;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return { items, ms: performance.now() - started };
}

/**
 * Seeds `rows` approved timesheets into a fresh table on a DynamoDB Local of
 * its own, measures a bare Query over the payable index, then runs the real
 * export (claims, rows, CSV to a folder) in a child process and takes its
 * rate and peak RSS.
 */
export async function benchPayrollExport(opts: { rows: number }): Promise<PayrollExportBench> {
  const ddb = await startDynamoDbLocal();
  const folder = mkdtempSync(join(tmpdir(), 'rota-bank-bench-exports-'));
  const db = createDocumentClient({ endpoint: ddb.endpoint, region: 'eu-west-2' });
  try {
    const table = `bench-${Date.now()}`;
    // No stream: DynamoDB Local keeps every stream record and each write slows as they pile up (50,000 seeded
    // rows' worth), which DynamoDB does not; the floor and the Query are measured on the same table.
    await ensureTable(ddb.endpoint, table, { stream: false });
    const deps: Deps = {
      ...createDeps(db, table, { exportFiles: folderExportFiles(folder) }),
      clock: new SettableClock(new Date('2026-04-02T09:00:00Z')),
    };
    await seed(deps, opts.rows);

    // Once to warm DynamoDB Local's and the SDK's paths, then the measured pass.
    await rawQuery(deps);
    const raw = await rawQuery(deps);
    if (raw.items !== opts.rows) throw new Error(`the payable index holds ${raw.items} of ${opts.rows} timesheets`);
    const claims = await measureWriteFloor(deps, Math.min(opts.rows, FLOOR_ROWS));

    const hr = { userId: 'usr-bench', email: '', role: 'hr' as const, orgId: ORG, practiceIds: [] };
    const record = await startPayrollExport(hr, { from: FROM, to: TO }, deps);
    const runner = join(folder, 'run.mjs');
    await bundleChild(join(import.meta.dirname, 'payroll-export-run.ts'), runner);
    const nodeFlags = (process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
    const { stdout } = await promisify(execFile)(process.execPath, [...nodeFlags, runner], {
      env: {
        ...process.env,
        POWERTOOLS_LOG_LEVEL: 'WARN',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BENCH_ENDPOINT: ddb.endpoint,
        BENCH_TABLE: table,
        BENCH_ORG: ORG,
        BENCH_EXPORT: record.id,
        BENCH_FOLDER: join(folder, 'files'),
      },
      maxBuffer: 1024 * 1024,
    });
    const run = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      status?: string;
      rows?: number;
      ms: number;
      maxRssMb: number;
      sampledRssMb: number;
      baselineRssMb: number;
      atPeakMb?: Record<string, number>;
    };
    if (run.status !== 'ready' || run.rows !== opts.rows) {
      throw new Error(`the export ended ${run.status} with ${run.rows} rows of ${opts.rows}`);
    }
    const exportMs = run.ms;

    const rowsPerSecond = (opts.rows / exportMs) * 1000;
    const rawQueryItemsPerSecond = (raw.items / raw.ms) * 1000;
    const rawClaimItemsPerSecond = claims.perSecond;
    return {
      rawClaimItemsPerSecond: Math.round(rawClaimItemsPerSecond),
      claimRatio: Math.round((rowsPerSecond / rawClaimItemsPerSecond) * 1000) / 1000,
      rowsPerSecond: Math.round(rowsPerSecond),
      rawQueryItemsPerSecond: Math.round(rawQueryItemsPerSecond),
      ratio: Math.round((rowsPerSecond / rawQueryItemsPerSecond) * 1000) / 1000,
      peakRssMb: Math.round(run.maxRssMb * 10) / 10,
      sampledPeakRssMb: Math.round(run.sampledRssMb * 10) / 10,
      baselineRssMb: Math.round(run.baselineRssMb * 10) / 10,
      atPeakMb: run.atPeakMb,
      rows: opts.rows,
      exportMs: Math.round(exportMs),
    };
  } finally {
    db.destroy();
    ddb.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}
