import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError } from '../domain/errors';
import { PAYROLL_CSV_OPTIONS, type PayrollRowSource, type PayrollTimesheet, toPayrollRow } from '../domain/payroll-csv';
import { addDays, startOfLondonDay } from '../domain/time';
import { type Clinician, type PayrollExport, type Practice, paidThroughPayroll } from '../domain/types';
import { logger } from '../logger';
import { countMetric, METRIC } from '../metrics';
import type { PayableTimesheet } from '../store/exports';
import * as keys from '../store/keys';
import type { Page, PageRequest } from '../store/page';
import { found } from './access';

/** A CSV up to this size comes back in the reply itself; a larger one by a presigned S3 address (Lambda replies stop at 6 MB). */
export const INLINE_CSV_BYTES = 4 * 1024 * 1024;

/** The first instant of the London day after `date`: the exclusive end of a period ending on `date`. */
export function endOfLondonPeriod(date: string): string {
  return startOfLondonDay(addDays(date, 1));
}

/**
 * HR starts an export for shifts on London dates `from`..`to`. The record is
 * all this writes: its insert is an outbox record, which the outbox relay
 * (reading the table stream) hands to the export function, so the run starts
 * if and only if the export exists; a run that throws is retried by Lambda.
 */
export async function startPayrollExport(
  caller: Caller,
  period: { from: string; to: string },
  deps: Pick<Deps, 'clock' | 'newId' | 'exports'>,
): Promise<PayrollExport> {
  const record: PayrollExport = {
    orgId: caller.orgId,
    id: deps.newId(),
    from: period.from,
    to: period.to,
    status: 'running',
    rows: 0,
    totalPence: 0,
    createdAt: deps.clock.now().toISOString(),
    createdBy: caller.userId,
  };
  await deps.exports.create(record);
  return record;
}

/**
 * Timesheets read from the payable index at a time. A full 1 MB page (about
 * 2,000 timesheets) held with its claims and rows took the export's peak RSS
 * to about 180 MB; 500 keep it near 150 MB at no cost in speed (the claims,
 * a hundred a transaction, are what take the time).
 */
export const EXPORT_PAGE_ITEMS = 500;

export interface RunOptions {
  /** Items per page read from the payable index and the export's claim records; EXPORT_PAGE_ITEMS when absent. */
  pageSize?: number;
  /** The run's lease; RUN_LEASE_MS when absent (tests shorten it). */
  leaseMs?: number;
}

type ClinicianPart = Pick<Clinician, 'id' | 'name' | 'employment' | 'payrollId'>;
type PracticePart = Pick<Practice, 'id' | 'name' | 'costCentre'>;

/**
 * Names and cost centres for rows, read a page at a time by BatchGet and kept
 * for the rest of the export: one read per clinician and practice, never one per row.
 */
class RowSources {
  readonly #clinicians = new Map<string, ClinicianPart | undefined>();
  readonly #practices = new Map<string, PracticePart | undefined>();
  constructor(
    private readonly orgId: string,
    private readonly deps: Pick<Deps, 'exports'>,
  ) {}

  async load(page: readonly PayableTimesheet[]): Promise<void> {
    const clinicianIds = [...new Set(page.map((t) => t.clinicianId).filter((id) => !this.#clinicians.has(id)))];
    const practiceIds = [...new Set(page.map((t) => t.practiceId).filter((id) => !this.#practices.has(id)))];
    const [clinicians, practices] = await Promise.all([
      clinicianIds.length
        ? this.deps.exports.batchGet(
            clinicianIds.map((id) => keys.clinician(this.orgId, id)),
            ['id', 'name', 'employment', 'payrollId'],
          )
        : [],
      practiceIds.length
        ? this.deps.exports.batchGet(
            practiceIds.map((id) => keys.practice(this.orgId, id)),
            ['id', 'name', 'costCentre'],
          )
        : [],
    ]);
    for (const id of clinicianIds) this.#clinicians.set(id, undefined);
    for (const id of practiceIds) this.#practices.set(id, undefined);
    for (const c of clinicians) this.#clinicians.set(String(c.id), c as unknown as ClinicianPart);
    for (const p of practices) this.#practices.set(String(p.id), p as unknown as PracticePart);
  }

  source(t: PayableTimesheet): PayrollRowSource {
    const clinician = this.#clinicians.get(t.clinicianId);
    const practice = this.#practices.get(t.practiceId);
    if (!clinician || !practice) {
      // Pay is owed whatever happened to the profile; the ids let payroll find the person.
      logger.warn('Payroll row without its clinician or practice record', { timesheetId: t.id });
    }
    return {
      timesheet: t,
      clinician: {
        name: clinician?.name ?? `clinician ${t.clinicianId}`,
        // What they were engaged as when they worked the shift.
        employment: t.employment ?? clinician?.employment ?? 'bank',
        payrollId: clinician?.payrollId,
      },
      practice: { name: practice?.name ?? `practice ${t.practiceId}`, costCentre: practice?.costCentre },
    };
  }
}

export const exportFileKey = (e: Pick<PayrollExport, 'orgId' | 'id'>) => `${e.orgId}/${e.id}.csv`;
const exportFilename = (e: Pick<PayrollExport, 'from' | 'to' | 'id'>) => `payroll-${e.from}-to-${e.to}-${e.id}.csv`;

/**
 * Runs an export in one pass over the period: it reads the payable index a
 * page at a time, claims each page's timesheets (each moves to `exported`
 * only if still approved, so when exports race for one timesheet exactly one
 * gets it) and streams the ones it got into the CSV, with the next page read
 * and claimed while this one is written, so memory holds a few pages however
 * many rows there are. Before that it writes what earlier runs of the same
 * export claimed (an interrupted run, or a failed one being retried), each
 * once. A run of an export that has settled does nothing; a run that fails
 * marks the export failed and gives its timesheets back to the payable
 * index; HR may retry it. One run at a time: a run holds the export's lease
 * (`holdRun`) from before its first claim until it has settled the export.
 */
export async function runPayrollExport(
  orgId: string,
  exportId: string,
  deps: Pick<Deps, 'clock' | 'exports' | 'exportFiles'>,
  options: RunOptions = {},
): Promise<PayrollExport | undefined> {
  const record = await deps.exports.get(orgId, exportId, true);
  if (record?.status !== 'running') return record;
  const run = await holdRun(orgId, exportId, deps, options);
  if (!run) {
    // Started twice (an invocation delivered again): the run under way settles it, or its retry does.
    logger.info('Another run of this export is under way', { exportId });
    return record;
  }
  try {
    try {
      const { rows, totalPence, bytes } = await writeCsv(record, deps, options, run);
      run.check();
      const finished = {
        status: 'ready' as const,
        rows,
        totalPence,
        bytes,
        fileKey: exportFileKey(record),
        finishedAt: deps.clock.now().toISOString(),
      };
      await deps.exports.finish(orgId, exportId, finished);
      countMetric(METRIC.payrollExportFinished);
      return { ...record, ...finished };
    } catch (error) {
      // Another run has the export now: what this one did is that run's to finish, not to undo.
      if (error instanceof RunLost) throw error;
      return await settleFailed(record, error as Error, deps);
    }
  } finally {
    await run.end();
  }
}

async function settleFailed(
  record: PayrollExport,
  error: Error,
  deps: Pick<Deps, 'clock' | 'exports'>,
): Promise<PayrollExport | undefined> {
  const { orgId, id: exportId } = record;
  logger.error('Payroll export failed', { exportId, error: error.message });
  const cause = error.name;
  const failed = {
    status: 'failed' as const,
    rows: 0,
    totalPence: 0,
    reason: `The export could not be completed (${cause}); its timesheets remain payable: retry it or start another`,
    finishedAt: deps.clock.now().toISOString(),
  };
  if (!(await deps.exports.finish(orgId, exportId, failed))) return deps.exports.get(orgId, exportId, true);
  try {
    await deps.exports.release(orgId, exportId);
  } catch (releaseError) {
    // The claims stay with this export; a retry writes them (and the rest of the period) once.
    logger.error('Could not give a failed export its timesheets back', {
      exportId,
      error: (releaseError as Error).message,
    });
    failed.reason = `The export could not be completed (${cause}) and still holds some of its timesheets: retry it to pay them`;
    await deps.exports
      .note(orgId, exportId, failed.reason)
      .catch((noteError: Error) =>
        logger.error('Could not record why the export failed', { exportId, error: noteError.message }),
      );
  }
  return { ...record, ...failed };
}

/**
 * How long a run's lease lasts unless kept. A run keeps it every quarter of
 * this; a run that died leaves the export free within it, well before
 * Lambda's first retry of an asynchronous invocation (a minute or more after
 * the failure).
 */
export const RUN_LEASE_MS = 45_000;

/** Thrown when a run finds its lease taken by another run: it stops, neither finishing nor undoing the export. */
export class RunLost extends Error {
  constructor(exportId: string) {
    super(`Export ${exportId}: another run took it over`);
    this.name = 'RunLost';
  }
}

interface HeldRun {
  /** Throws RunLost once the lease is known to be another's. */
  check(): void;
  /**
   * Keeps the lease now, or throws RunLost: the last word before the CSV is
   * committed (renamed into place, or its upload completed), so a run that
   * lost its export never puts its file over the new run's.
   */
  confirm(): Promise<void>;
  end(): Promise<void>;
}

/**
 * Takes the export's run lease and keeps it in the background until `end`;
 * undefined if another run holds it. Real time, not the runtime's clock:
 * moving /dev/clock must not lapse a lease.
 */
async function holdRun(
  orgId: string,
  exportId: string,
  deps: Pick<Deps, 'exports'>,
  options: RunOptions,
): Promise<HeldRun | undefined> {
  const leaseMs = options.leaseMs ?? RUN_LEASE_MS;
  const token = randomUUID();
  if (!(await deps.exports.takeRun(orgId, exportId, token, Date.now(), leaseMs))) return undefined;
  let lost = false;
  let keeping: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    keeping = deps.exports.keepRun(orgId, exportId, token, Date.now(), leaseMs).then(
      (kept) => {
        if (!kept) lost = true;
      },
      // A keep that failed is tried again at the next beat; the lease lasts four beats.
      (error: Error) => logger.warn('Could not keep the export run lease', { exportId, error: error.message }),
    );
  }, leaseMs / 4);
  return {
    check() {
      if (lost) throw new RunLost(exportId);
    },
    async confirm() {
      if (lost || !(await deps.exports.keepRun(orgId, exportId, token, Date.now(), leaseMs))) {
        lost = true;
        throw new RunLost(exportId);
      }
    },
    async end() {
      clearInterval(timer);
      await keeping;
      if (lost) return;
      await deps.exports.endRun(orgId, exportId, token).catch((error: Error) =>
        logger.warn('Could not give up the export run lease; it lapses by itself', {
          exportId,
          error: error.message,
        }),
      );
    },
  };
}

/**
 * HR retries a failed export: it goes back to running, and its update
 * reaches the export function through the outbox relay as its insert did. The
 * run pays the timesheets the export still holds and any still payable in
 * its period, each once.
 */
export async function retryPayrollExport(
  caller: Caller,
  id: string,
  deps: Pick<Deps, 'clock' | 'exports'>,
): Promise<PayrollExport> {
  const record = await getPayrollExport(caller, id, deps);
  const notFailed = () =>
    new ConflictError(
      'INVALID_STATE',
      record.status === 'running' ? 'The export is still running' : 'Only a failed export can be retried',
    );
  if (record.status !== 'failed') throw notFailed();
  if (!(await deps.exports.reopen(caller.orgId, id, deps.clock.now().toISOString()))) throw notFailed();
  return getPayrollExport(caller, id, deps);
}

/** The export's timesheets, a page at a time: those earlier runs claimed, then those this run claims. */
async function* exportPages(
  record: PayrollExport,
  deps: Pick<Deps, 'clock' | 'exports'>,
  options: RunOptions,
  run: HeldRun,
): AsyncGenerator<PayableTimesheet[]> {
  const pageSize = options.pageSize ?? EXPORT_PAGE_ITEMS;
  yield* deps.exports.claimed(record.orgId, record.id, pageSize);
  const at = deps.clock.now().toISOString();
  const pages = deps.exports.payable(
    record.orgId,
    startOfLondonDay(record.from),
    endOfLondonPeriod(record.to),
    pageSize,
  );
  // Read the next page while this one is claimed.
  let next = pages.next();
  for (;;) {
    const page = await next;
    if (page.done) {
      // Still this run's export? Asked before the CSV ends, which is when the store commits it.
      await run.confirm();
      return;
    }
    next = pages.next();
    // Awaited on the next turn; until then a failure must not count as unhandled.
    next.catch(() => undefined);
    // Invoiced work is kept out of the payable index (keys.timesheetsInStatus); one approved
    // there before that stays unclaimed here, for its invoice.
    const payroll = page.value.filter((t) => paidThroughPayroll(t.employment));
    run.check();
    const claimed = payroll.length ? await deps.exports.claim(record.id, payroll, at) : [];
    if (claimed.length) yield claimed;
  }
}

async function writeCsv(
  record: PayrollExport,
  deps: Pick<Deps, 'clock' | 'exports' | 'exportFiles'>,
  options: RunOptions,
  run: HeldRun,
): Promise<{ rows: number; totalPence: number; bytes: number }> {
  const sources = new RowSources(record.orgId, deps);
  return writePayrollCsv(
    exportPages(record, deps, options, run),
    async (page) => {
      await sources.load(page);
      return (t) => sources.source(t);
    },
    (body) => deps.exportFiles.write(exportFileKey(record), body),
  );
}

/**
 * Streams timesheets, a page at a time, into a payroll CSV handed to `write`
 * as it is produced: the next page is read while this one is written, and a
 * slow store holds the producer back (backpressure), so memory holds about a
 * page whatever the total. `sourcesFor` looks up (in bulk) what a page's rows
 * need. If the store gives up, so does the producer.
 */
export async function writePayrollCsv<T extends PayrollTimesheet>(
  pages: AsyncIterator<T[]>,
  sourcesFor: (page: readonly T[]) => Promise<(t: T) => PayrollRowSource>,
  write: (body: Readable) => Promise<{ bytes: number }>,
): Promise<{ rows: number; totalPence: number; bytes: number }> {
  const csv = stringify(PAYROLL_CSV_OPTIONS);
  // The store's own promise reports its failures; the stream's error event would only repeat them.
  csv.on('error', () => undefined);
  const writing = write(csv);
  // If the store gives up (or stops reading) while we wait for room, stop waiting.
  const stopped = writing.then(
    () => {
      throw new Error('The store stopped reading before the CSV ended');
    },
    (error: Error) => {
      csv.destroy(error);
      throw error;
    },
  );
  stopped.catch(() => undefined);
  let rows = 0;
  let totalPence = 0;
  try {
    let next = pages.next();
    for (;;) {
      const page = await next;
      if (page.done) break;
      next = pages.next();
      next.catch(() => undefined);
      const source = await sourcesFor(page.value);
      for (const t of page.value) {
        if (!csv.write(toPayrollRow(source(t)))) await Promise.race([once(csv, 'drain'), stopped]);
        rows++;
        totalPence += t.grossPence;
      }
    }
    csv.end();
  } catch (error) {
    csv.destroy(error as Error);
    await writing.catch(() => undefined);
    throw error;
  }
  const { bytes } = await writing;
  return { rows, totalPence, bytes };
}

export async function listPayrollExports(
  caller: Caller,
  page: PageRequest,
  deps: Pick<Deps, 'exports'>,
  created: { from?: string; to?: string } = {},
): Promise<Page<PayrollExport>> {
  return deps.exports.list(caller.orgId, page, created);
}

export async function getPayrollExport(
  caller: Caller,
  id: string,
  deps: Pick<Deps, 'exports'>,
): Promise<PayrollExport> {
  return found(await deps.exports.get(caller.orgId, id), caller, 'export', id);
}

export type PayrollCsv = { csv: string; filename: string } | { url: string };

/** The CSV of a ready export: in the reply, or (a large one, from S3) as a 15-minute download address. */
export async function payrollCsv(
  caller: Caller,
  id: string,
  deps: Pick<Deps, 'exports' | 'exportFiles'>,
): Promise<PayrollCsv> {
  const record = await getPayrollExport(caller, id, deps);
  if (record.status !== 'ready' || !record.fileKey) {
    throw new ConflictError(
      'INVALID_STATE',
      record.status === 'running' ? 'The export is still running' : 'The export failed; retry it or start another',
    );
  }
  const filename = exportFilename(record);
  if ((record.bytes ?? 0) > INLINE_CSV_BYTES) {
    const url = await deps.exportFiles.downloadUrl(record.fileKey, filename);
    if (url) return { url };
  }
  return { csv: await deps.exportFiles.read(record.fileKey), filename };
}
