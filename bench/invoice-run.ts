import { BatchWriteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDeps, type Deps } from '../lib/deps';
import { computePay } from '../lib/domain/pay';
import { SettableClock } from '../lib/domain/ports';
import { startOfLondonDay } from '../lib/domain/time';
import type { Timesheet } from '../lib/domain/types';
import { createDocumentClient } from '../lib/store/client';
import { CLAIM_CHUNK, CLAIM_CONCURRENCY } from '../lib/store/exports';
import { keys } from '../lib/store/keys';
import { chunks } from '../lib/store/records';
import { timesheetItem } from '../lib/store/timesheets';
import { runInvoices } from '../lib/use-cases/invoices';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local';

export interface InvoiceRunBench {
  /** Timesheets the real run invoiced per second. */
  timesheetsPerSecond: number;
  /**
   * Timesheets per second bare transactions claim (approved and on no
   * invoice, conditionally set to an invoice), a hundred a transaction, as
   * many in flight as the payroll export sends: the same write floor the
   * payroll export is measured against.
   */
  floorItemsPerSecond: number;
  /** timesheetsPerSecond / floorItemsPerSecond. */
  ratio: number;
  invoices: number;
  rows: number;
  runMs: number;
  /** This process's peak RSS, seeding included: an upper bound on the run's own. */
  peakRssMb: number;
}

const ORG = 'org-bench';
const FLOOR_ORG = 'org-bench-floor';
const MONTH = '2027-01';
const CLINICIANS = 400;
const PRACTICES = 22;

/** `rows` approved self-employed timesheets in January 2027, each locum at two practices (pension members all). */
async function seed(deps: Deps, rows: number, org: string): Promise<Timesheet[]> {
  const monthStart = Date.parse(startOfLondonDay(`${MONTH}-01`));
  const monthMs = 30 * 86_400_000;
  const clinicians = Array.from({ length: CLINICIANS }, (_, i) => ({
    ...keys.clinician(org, `cln-${i}`),
    type: 'CLINICIAN',
    orgId: org,
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
      orgId: org,
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
  const batches = chunks([...clinicians, ...timesheets.map(timesheetItem)], 25);
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

/** The run's own claim (approved and on no invoice, set to one) in bare transactions: the write floor. */
async function floor(deps: Deps, timesheets: readonly Timesheet[]): Promise<{ items: number; ms: number }> {
  const batches = chunks(timesheets, CLAIM_CHUNK);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLAIM_CONCURRENCY }, async () => {
      while (next < batches.length) {
        const batch = batches[next++]!;
        await deps.db.send(
          new TransactWriteCommand({
            TransactItems: batch.map((t) => ({
              Update: {
                TableName: deps.table,
                Key: keys.timesheet(t.orgId, t.id),
                UpdateExpression: 'SET invoiceId = :iid, invoicedAt = :at',
                ConditionExpression: '#status = :approved AND attribute_not_exists(invoiceId)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':iid': 'inv-floor', ':at': t.end, ':approved': 'approved' },
              },
            })),
          }),
        );
      }
    }),
  );
  return { items: timesheets.length, ms: performance.now() - started };
}

/** Seeds `rows` invoiceable timesheets on a DynamoDB Local of its own, measures the write floor, then the real run. */
export async function benchInvoiceRun(opts: { rows: number }): Promise<InvoiceRunBench> {
  const ddb = await startDynamoDbLocal();
  const db = createDocumentClient({ endpoint: ddb.endpoint, region: 'eu-west-2' });
  try {
    const table = `bench-${Date.now()}`;
    await ensureTable(ddb.endpoint, table);
    const deps: Deps = { ...createDeps(db, table), clock: new SettableClock(new Date('2027-02-01T06:00:00Z')) };
    await seed(deps, opts.rows, ORG);
    const floorSheets = await seed(deps, Math.min(opts.rows, 10_000), FLOOR_ORG);
    const claims = await floor(deps, floorSheets);

    const started = performance.now();
    const made = await runInvoices(ORG, MONTH, deps);
    const runMs = performance.now() - started;
    const invoiced = made.reduce((s, i) => s + i.lines.length, 0);
    if (invoiced !== opts.rows) throw new Error(`the run invoiced ${invoiced} of ${opts.rows} timesheets`);
    const perSecond = (opts.rows / runMs) * 1000;
    const floorPerSecond = (claims.items / claims.ms) * 1000;
    return {
      timesheetsPerSecond: Math.round(perSecond),
      floorItemsPerSecond: Math.round(floorPerSecond),
      ratio: Math.round((perSecond / floorPerSecond) * 1000) / 1000,
      invoices: made.length,
      rows: opts.rows,
      runMs: Math.round(runMs),
      peakRssMb: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    };
  } finally {
    db.destroy();
    ddb.stop();
  }
}
