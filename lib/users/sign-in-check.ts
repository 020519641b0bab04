import { deps } from '../deps';
import type { Caller } from '../domain/caller';
import { UnauthenticatedError } from '../domain/errors';
import type { UserAccount } from './directory';

/**
 * How long a container trusts what it read of a user's record. It bounds how
 * long a disabled or deleted user's token still works (API.md: within 60
 * seconds), while a warm container serving the same user (an accept, a list)
 * reads the record about once a minute rather than once a request.
 */
export const SIGN_IN_CACHE_MS = 60_000;

export interface UserLookup {
  get(email: string): Promise<UserAccount | undefined>;
}

interface Entry {
  record: UserAccount | undefined;
  readAt: number;
}

/** A container's memory of users' records, absent ones included, each for at most {@link SIGN_IN_CACHE_MS}. */
export class UserRecordCache {
  readonly #entries = new Map<string, Entry>();
  readonly #pending = new Map<string, Promise<UserAccount | undefined>>();

  constructor(
    private readonly lookup: () => UserLookup,
    private readonly now: () => number = Date.now,
    private readonly maxAgeMs = SIGN_IN_CACHE_MS,
    /** Enough for every user a busy container sees in a minute; the oldest go first. */
    private readonly maxEntries = 10_000,
  ) {}

  async get(email: string): Promise<UserAccount | undefined> {
    const key = email.toLowerCase();
    const hit = this.#entries.get(key);
    if (hit && this.now() - hit.readAt < this.maxAgeMs) return hit.record;
    // Concurrent requests of one user share one read.
    let pending = this.#pending.get(key);
    if (!pending) {
      const readAt = this.now();
      pending = this.lookup()
        .get(key)
        .then((record) => {
          this.#entries.delete(key);
          this.#entries.set(key, { record, readAt });
          if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
          return record;
        })
        .finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  /** This container learns at once of a change it made itself (others within the minute). */
  forget(email: string): void {
    this.#entries.delete(email.toLowerCase());
  }

  clear(): void {
    this.#entries.clear();
  }
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * The token's claims must agree with the user's own record: the same user
 * (`sub`), organisation, role, practices and clinician, and the user not
 * disabled. Any difference is a 401, never a quiet correction: a token that
 * disagrees was either tampered with at its source or is stale.
 */
export function assertClaimsMatchRecord(caller: Caller, record: UserAccount | undefined): void {
  const refuse = () => new UnauthenticatedError('This sign-in is no longer valid; sign in again');
  if (!record || record.status === 'disabled') throw refuse();
  if (record.id !== caller.userId || record.orgId !== caller.orgId || record.role !== caller.role) throw refuse();
  if (!sameSet(record.practiceIds ?? [], caller.practiceIds)) throw refuse();
  if ((record.clinicianId || undefined) !== caller.clinicianId) throw refuse();
}

let lookupOverride: UserLookup | undefined;

/** The container's one cache, reading the table through the handler's adapters. */
export const signInRecords = new UserRecordCache(() => lookupOverride ?? deps({}).users);

/** For tests that serve handlers without a table: where the records are read from instead. */
export function useUserLookup(lookup: UserLookup | undefined): void {
  lookupOverride = lookup;
  signInRecords.clear();
}

/** The caller as the token names them, once their own record has agreed. */
export async function checkedCaller(caller: Caller): Promise<Caller> {
  const record = caller.email ? await signInRecords.get(caller.email) : undefined;
  assertClaimsMatchRecord(caller, record);
  return caller;
}
