import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { config } from './config';
import { type IdGenerator, SettableClock } from './domain/ports';
import type { Publisher } from './notify/publisher';
import { snsPublisher } from './notify/sns-publisher';
import { eventBridgeScheduler } from './schedule/eventbridge-scheduler';
import type { Scheduler } from './schedule/jobs';
import { BookingRepository } from './store/bookings';
import { documentClient } from './store/client';
import { ClinicianRepository } from './store/clinicians';
import { type ExportFiles, folderExportFiles, s3ExportFiles } from './store/export-files';
import { ExportRepository } from './store/exports';
import { OfferRepository } from './store/offers';
import { PracticeRepository } from './store/practices';
import { ShiftRepository } from './store/shifts';
import { TimesheetRepository } from './store/timesheets';
import { cognitoDirectory } from './users/cognito-directory';
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
  offers: OfferRepository;
  bookings: BookingRepository;
  timesheets: TimesheetRepository;
  exports: ExportRepository;
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
    offers: new OfferRepository(db, table),
    bookings: new BookingRepository(db, table),
    timesheets: new TimesheetRepository(db, table),
    exports: new ExportRepository(db, table),
    exportFiles: edges.exportFiles ?? defaultExportFiles(),
    random: Math.random,
    users: edges.users ?? new TableUserDirectory(db, table),
    publisher: edges.publisher ?? overrides.publisher ?? missing('publisher'),
    scheduler: edges.scheduler ?? overrides.scheduler ?? missing('scheduler'),
  };
}

/** Chosen by configuration, made on first use: a function that never exports never builds an S3 client. */
function defaultExportFiles(): ExportFiles {
  let files: ExportFiles | undefined;
  const made = () => {
    if (!files) {
      const c = config();
      files = c.EXPORTS_BUCKET
        ? s3ExportFiles(c.EXPORTS_BUCKET)
        : folderExportFiles(c.EXPORTS_DIR ?? join(c.DATA_DIR ?? '.data', 'exports'));
    }
    return files;
  };
  return {
    write: (key, body) => made().write(key, body),
    read: (key) => made().read(key),
    downloadUrl: (key, filename) => made().downloadUrl(key, filename),
  };
}

let shared: Deps | undefined;

/** The adapters a handler uses, made once per Lambda instance from its configuration. */
export function deps(): Deps {
  if (!shared) {
    const c = config();
    shared = createDeps(documentClient(), c.TABLE_NAME, {
      users: c.USER_POOL_ID ? cognitoDirectory(c.USER_POOL_ID) : undefined,
      publisher: overrides.publisher ?? (c.NOTIFICATIONS_TOPIC_ARN ? snsPublisher(c) : undefined),
      scheduler: overrides.scheduler ?? (c.SCHEDULER_GROUP_NAME ? eventBridgeScheduler(c) : undefined),
    });
  }
  return shared;
}

/** For the local runtime and tests, which configure the process after import. */
export function resetDeps(): void {
  shared = undefined;
}
