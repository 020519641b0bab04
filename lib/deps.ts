import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { config } from './config';
import { type IdGenerator, SettableClock } from './domain/ports';
import { documentClient } from './store/client';
import { ClinicianRepository } from './store/clinicians';
import { PracticeRepository } from './store/practices';
import { ShiftRepository } from './store/shifts';
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
  users: UserDirectory;
}

export function createDeps(db: DynamoDBDocumentClient, table: string, users?: UserDirectory): Deps {
  return {
    db,
    table,
    clock: runtimeClock,
    newId,
    practices: new PracticeRepository(db, table),
    clinicians: new ClinicianRepository(db, table),
    shifts: new ShiftRepository(db, table),
    users: users ?? new TableUserDirectory(db, table),
  };
}

let shared: Deps | undefined;

/** The adapters a handler uses, made once per Lambda instance from its configuration. */
export function deps(): Deps {
  if (!shared) {
    const { TABLE_NAME, USER_POOL_ID } = config();
    shared = createDeps(documentClient(), TABLE_NAME, USER_POOL_ID ? cognitoDirectory(USER_POOL_ID) : undefined);
  }
  return shared;
}

/** For the local runtime and tests, which configure the process after import. */
export function resetDeps(): void {
  shared = undefined;
}
