import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { type Config, config } from './config';
import { type IdGenerator, SettableClock } from './domain/ports';
import type { Publisher } from './notify/publisher';
import type { Scheduler } from './schedule/jobs';
import { BookingRepository } from './store/bookings';
import { documentClient } from './store/client';
import { ClinicianRepository } from './store/clinicians';
import { DocumentRepository } from './store/documents';
import { EscalationRepository } from './store/escalations';
import { type ExportFiles, folderExportFiles } from './store/export-files';
import { ExportRepository } from './store/exports';
import { IdempotencyRepository } from './store/idempotency';
import { InvoiceRepository } from './store/invoices';
import { OfferRepository } from './store/offers';
import { OutboxRepository } from './store/outbox';
import { PensionRepository } from './store/pension';
import { PracticeRepository } from './store/practices';
import { ShiftRepository } from './store/shifts';
import { TemplateRepository } from './store/templates';
import { TimesheetRepository } from './store/timesheets';
import type { UserDirectory } from './users/directory';
import { TableUserDirectory } from './users/table-directory';

/**
 * The process's clock. In AWS nobody moves it; the local runtime's
 * `/dev/clock` does, and every handler follows.
 */
export const runtimeClock = new SettableClock();

export const newId: IdGenerator = monotonicFactory();

export interface Deps {
  db: DynamoDBDocumentClient;
  table: string;
  clock: SettableClock;
  newId: IdGenerator;
  practices: PracticeRepository;
  clinicians: ClinicianRepository;
  shifts: ShiftRepository;
  templates: TemplateRepository;
  idempotency: IdempotencyRepository;
  offers: OfferRepository;
  /** Outbox records written on their own (a reminder, a verification text); most go in with their change. */
  outbox: OutboxRepository;
  bookings: BookingRepository;
  timesheets: TimesheetRepository;
  exports: ExportRepository;
  escalations: EscalationRepository;
  invoices: InvoiceRepository;
  pension: PensionRepository;
  documents: DocumentRepository;
  /** Where payroll CSVs go: the exports bucket when EXPORTS_BUCKET is set, else a local folder. */
  exportFiles: ExportFiles;
  users: UserDirectory;
  /** Randomness for offer codes; a test may pin it. */
  random: () => number;
  publisher: Publisher;
  scheduler: Scheduler;
}

/** Edges the local runtime replaces: the recorded outbox for SNS, its schedule pump for EventBridge Scheduler. */
let overrides: Partial<Pick<Deps, 'publisher' | 'scheduler'>> = {};

export function overrideEdges(edges: Partial<Pick<Deps, 'publisher' | 'scheduler'>>): void {
  overrides = { ...overrides, ...edges };
  shared = undefined;
}

const missing = (what: string) =>
  new Proxy({} as never, {
    get: () => {
      throw new Error(`No ${what} is configured for this function`);
    },
  });

export function createDeps(
  db: DynamoDBDocumentClient,
  table: string,
  edges: Partial<Pick<Deps, 'users' | 'publisher' | 'scheduler' | 'exportFiles'>> = {},
): Deps {
  return {
    db,
    table,
    clock: runtimeClock,
    newId,
    practices: new PracticeRepository(db, table),
    clinicians: new ClinicianRepository(db, table),
    shifts: new ShiftRepository(db, table),
    templates: new TemplateRepository(db, table),
    idempotency: new IdempotencyRepository(db, table),
    offers: new OfferRepository(db, table),
    outbox: new OutboxRepository(db, table),
    bookings: new BookingRepository(db, table),
    timesheets: new TimesheetRepository(db, table),
    exports: new ExportRepository(db, table),
    escalations: new EscalationRepository(db, table),
    invoices: new InvoiceRepository(db, table),
    pension: new PensionRepository(db, table),
    documents: new DocumentRepository(db, table),
    exportFiles: edges.exportFiles ?? defaultExportFiles(),
    random: Math.random,
    users: edges.users ?? new TableUserDirectory(db, table),
    publisher: edges.publisher ?? overrides.publisher ?? missing('publisher'),
    scheduler: edges.scheduler ?? overrides.scheduler ?? missing('scheduler'),
  };
}

/** The local folder, made on first use. Handlers that export in AWS pass the S3 edge instead (see `deps`). */
function defaultExportFiles(): ExportFiles {
  let files: ExportFiles | undefined;
  const made = () => {
    if (!files) {
      const c = config();
      files = folderExportFiles(c.EXPORTS_DIR ?? join(c.DATA_DIR ?? '.data', 'exports'));
    }
    return files;
  };
  return {
    write: (key, body) => made().write(key, body),
    read: (key) => made().read(key),
    downloadUrl: (key, filename) => made().downloadUrl(key, filename),
  };
}

/**
 * The AWS edges a handler needs, passed by the handler itself: a function
 * bundles only the SDK clients it imports, so a handler that never schedules
 * never carries EventBridge Scheduler (the route table's `needs` say the same
 * for IAM). Each factory may decline (undefined) when its resource is not
 * configured.
 */
export interface EdgeFactories {
  publisher?: (c: Config) => Publisher | undefined;
  scheduler?: (c: Config) => Scheduler | undefined;
  users?: (c: Config) => UserDirectory | undefined;
  exportFiles?: (c: Config) => ExportFiles | undefined;
}

let shared: Deps | undefined;
const made = new Map<unknown, unknown>();

function edge<T>(factory: ((c: Config) => T | undefined) | undefined): T | undefined {
  if (!factory) return undefined;
  if (!made.has(factory)) made.set(factory, factory(config()));
  return made.get(factory) as T | undefined;
}

/** The adapters a handler uses, made once per Lambda instance from its configuration. */
export function deps(edges: EdgeFactories = {}): Deps {
  shared ??= createDeps(documentClient(), config().TABLE_NAME);
  return {
    ...shared,
    publisher: overrides.publisher ?? edge(edges.publisher) ?? shared.publisher,
    scheduler: overrides.scheduler ?? edge(edges.scheduler) ?? shared.scheduler,
    users: edge(edges.users) ?? shared.users,
    exportFiles: edge(edges.exportFiles) ?? shared.exportFiles,
  };
}

/** For the local runtime and tests, which configure the process after import. */
export function resetDeps(): void {
  shared = undefined;
  made.clear();
}
