import { describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { UnauthenticatedError } from '../../lib/domain/errors';
import type { UserAccount } from '../../lib/users/directory';
import { assertClaimsMatchRecord, SIGN_IN_CACHE_MS, UserRecordCache } from '../../lib/users/sign-in-check';

const record: UserAccount = {
  id: 'usr-1',
  email: 'jo@bank.example',
  name: 'Jo',
  role: 'clinician',
  orgId: 'org-a',
  clinicianId: 'cln-1',
};
const caller: Caller = {
  userId: 'usr-1',
  email: 'jo@bank.example',
  role: 'clinician',
  orgId: 'org-a',
  practiceIds: [],
  clinicianId: 'cln-1',
};

describe('assertClaimsMatchRecord', () => {
  it('lets through claims that agree with the record, practices in any order', () => {
    expect(() => assertClaimsMatchRecord(caller, record)).not.toThrow();
    const manager = { ...record, role: 'manager' as const, clinicianId: undefined, practiceIds: ['p1', 'p2'] };
    expect(() =>
      assertClaimsMatchRecord(
        { ...caller, role: 'manager', clinicianId: undefined, practiceIds: ['p2', 'p1'] },
        manager,
      ),
    ).not.toThrow();
  });

  it.each<[string, Partial<Caller>]>([
    ['another organisation', { orgId: 'org-b' }],
    ['another clinician', { clinicianId: 'cln-2' }],
    ['no clinician', { clinicianId: undefined }],
    ['practices the record lacks', { practiceIds: ['p9'] }],
    ['another role', { role: 'admin' }],
    ['another user', { userId: 'usr-2' }],
  ])('refuses claims naming %s', (_label, patch) => {
    expect(() => assertClaimsMatchRecord({ ...caller, ...patch }, record)).toThrow(UnauthenticatedError);
  });

  it('refuses a disabled user and a user with no record', () => {
    expect(() => assertClaimsMatchRecord(caller, { ...record, status: 'disabled' })).toThrow(UnauthenticatedError);
    expect(() => assertClaimsMatchRecord(caller, undefined)).toThrow(UnauthenticatedError);
  });
});

describe('UserRecordCache', () => {
  function cacheOver(store: Map<string, UserAccount>) {
    let now = 1_000_000;
    let reads = 0;
    const cache = new UserRecordCache(
      () => ({
        get: async (email) => {
          reads++;
          return store.get(email);
        },
      }),
      () => now,
    );
    return {
      cache,
      reads: () => reads,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('reads a record once a minute at most, and sees a change (a disable, a deletion) within the minute', async () => {
    const store = new Map([[record.email, record]]);
    const { cache, reads, advance } = cacheOver(store);
    expect(await cache.get('Jo@Bank.example')).toEqual(record);
    advance(SIGN_IN_CACHE_MS - 1);
    store.set(record.email, { ...record, status: 'disabled' });
    expect(await cache.get(record.email)).toEqual(record);
    expect(reads()).toBe(1);
    advance(1);
    expect(await cache.get(record.email)).toMatchObject({ status: 'disabled' });
    store.delete(record.email);
    advance(SIGN_IN_CACHE_MS);
    expect(await cache.get(record.email)).toBeUndefined();
    expect(reads()).toBe(3);
  });

  it('shares one read among concurrent requests, and forgets on demand', async () => {
    const store = new Map([[record.email, record]]);
    const { cache, reads } = cacheOver(store);
    await Promise.all(Array.from({ length: 20 }, () => cache.get(record.email)));
    expect(reads()).toBe(1);
    store.set(record.email, { ...record, status: 'disabled' });
    cache.forget(record.email);
    expect(await cache.get(record.email)).toMatchObject({ status: 'disabled' });
    expect(reads()).toBe(2);
  });

  it('remembers an absent record too, so tokens of a deleted user cannot hammer the table', async () => {
    const { cache, reads } = cacheOver(new Map());
    for (let i = 0; i < 5; i++) expect(await cache.get('gone@bank.example')).toBeUndefined();
    expect(reads()).toBe(1);
  });
});
