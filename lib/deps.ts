import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { type Config, config } from './config';
import { type IdGenerator, SettableClock } from './domain/ports';
import type { Publisher } from './notify/publisher';
import type { ExportRunner } from './schedule/export-runner';
import type { Scheduler } from './schedule/jobs';
import type { BookingRepository } from './store/bookings';
import { documentClient } from './store/client';
import type { ClinicianReads, ClinicianRepository } from './store/clinicians';
import type { DocumentRepository } from './store/documents';
import type { EscalationRepository } from './store/escalations';
import type { ExportFiles } from './store/export-files';
import type { ExportRepository } from './store/exports';
import type { IdempotencyRepository } from './store/idempotency';
import type { InvoiceRepository } from './store/invoices';
import type { OfferRepository } from './store/offers';
import type { OutboxRepository } from './store/outbox';
import type { PensionRepository } from './store/pension';
import type { PracticeRepository } from './store/practices';
import type { ShiftRepository } from './store/shifts';
import type { TemplateRepository } from './store/templates';
import type { TimesheetRepository } from './store/timesheets';
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
  /** Hands payroll exports to the function that runs them (the outbox relay does, as each is asked for). */
  exportRunner: ExportRunner;
}

/**
 * {@link Deps} for the use cases that only read clinicians: the read side of
 * their repository (ClinicianReads) is enough, so the handlers that run them
 * may name it alone. Full Deps (the runtime's, the tests') fit it too.
 */
export type ReadingDeps = Omit<Deps, 'clinicians'> & { clinicians: ClinicianReads };

/** The table's repositories, each one class constructed from the client and the table name. */
export type RepositoryKey =
  | 'practices'
  | 'clinicians'
  | 'shifts'
  | 'templates'
  | 'idempotency'
  | 'offers'
  | 'outbox'
  | 'bookings'
  | 'timesheets'
  | 'exports'
  | 'escalations'
  | 'invoices'
  | 'pension'
  | 'documents';

/** The adapters every function has whatever it does: the table, the clock, ids and the edges. */
export type CoreDeps = Omit<Deps, RepositoryKey>;

export type RepositoryClass<T> = new (db: DynamoDBDocumentClient, table: string) => T;

/**
 * The repository classes a handler names, each under its key in {@link Deps}:
 * that repository, a subclass of it, or for clinicians the read side alone
 * (ClinicianReads), for the handlers that only read them.
 */
export type RepositoryClasses<K extends RepositoryKey> = { [P in K]: RepositoryClass<ReadingDeps[P]> };

/** The instances `deps` makes of the classes named: each the class's own type, so a reader is only a reader. */
export type Repositories<R> = { [P in keyof R]: R[P] extends RepositoryClass<infer T> ? T : never };

/**
 * Edges the local runtime replaces: the recorded outbox for SNS, its schedule
 * pump for EventBridge Scheduler, and an export run in the same process for
 * an invocation of the export function.
 */
type LocalEdges = Pick<Deps, 'publisher' | 'scheduler' | 'exportRunner'>;
let overrides: Partial<LocalEdges> = {};

export function overrideEdges(edges: Partial<LocalEdges>): void {
  overrides = { ...overrides, ...edges };
  shared = undefined;
  repositories.clear();
}

const missing = (what: string) =>
  new Proxy({} as never, {
    get: () => {
      throw new Error(`No ${what} is configured for this function`);
    },
  });

/**
 * The adapters besides the repositories. `createDeps` (lib/all-deps.ts) adds
 * every repository to them; a handler's `deps` adds only those it names.
 */
export function createCoreDeps(
  db: DynamoDBDocumentClient,
  table: string,
  edges: Partial<Pick<Deps, 'users' | 'publisher' | 'scheduler' | 'exportFiles' | 'exportRunner'>> = {},
): CoreDeps {
  return {
    db,
    table,
    clock: runtimeClock,
    newId,
    // Only the export functions touch the files, and each names its store (see `deps`); createDeps gives the folder.
    exportFiles: edges.exportFiles ?? missing('store for payroll export files'),
    random: Math.random,
    users: edges.users ?? new TableUserDirectory(db, table),
    publisher: edges.publisher ?? overrides.publisher ?? missing('publisher'),
    scheduler: edges.scheduler ?? overrides.scheduler ?? missing('scheduler'),
    exportRunner: edges.exportRunner ?? overrides.exportRunner ?? missing('export runner'),
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
  exportRunner?: (c: Config) => ExportRunner | undefined;
}

let shared: CoreDeps | undefined;
const made = new Map<unknown, unknown>();
/** One instance of each repository class per process: the local runtime serves every handler from one. */
const repositories = new Map<RepositoryClass<unknown>, unknown>();

function edge<T>(factory: ((c: Config) => T | undefined) | undefined): T | undefined {
  if (!factory) return undefined;
  if (!made.has(factory)) made.set(factory, factory(config()));
  return made.get(factory) as T | undefined;
}

function repository<T>(type: RepositoryClass<T>, core: CoreDeps): T {
  if (!repositories.has(type)) repositories.set(type, new type(core.db, core.table));
  return repositories.get(type) as T;
}

/**
 * The adapters a handler uses, made once per Lambda instance from its
 * configuration: the core ones, and the repositories it names by class, as in
 * `deps({ shifts: ShiftRepository, offers: OfferRepository }, { scheduler })`.
 * Naming them here, rather than making all of them, keeps every other
 * repository out of the handler's bundle; the use cases' `Pick<Deps, …>`
 * parameters make the compiler check the handler named enough.
 */
export function deps<R extends Partial<RepositoryClasses<RepositoryKey>>>(
  repos: R,
  edges: EdgeFactories = {},
): CoreDeps & Repositories<R> {
  shared ??= createCoreDeps(documentClient(), config().TABLE_NAME);
  const core = shared;
  const named: Record<string, unknown> = {};
  for (const [key, type] of Object.entries(repos)) named[key] = repository(type as RepositoryClass<unknown>, core);
  return {
    ...core,
    ...(named as Repositories<R>),
    publisher: overrides.publisher ?? edge(edges.publisher) ?? core.publisher,
    scheduler: overrides.scheduler ?? edge(edges.scheduler) ?? core.scheduler,
    users: edge(edges.users) ?? core.users,
    exportFiles: edge(edges.exportFiles) ?? core.exportFiles,
    exportRunner: overrides.exportRunner ?? edge(edges.exportRunner) ?? core.exportRunner,
  };
}

/** For the local runtime and tests, which configure the process after import. */
export function resetDeps(): void {
  shared = undefined;
  made.clear();
  repositories.clear();
}
