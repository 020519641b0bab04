import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnauthenticatedError } from '../../lib/domain/errors';
import { USER_ROLES } from '../../lib/domain/types';
import { callerFromClaims } from '../../lib/http/caller';

const claims = (overrides: Record<string, unknown> = {}) =>
  ({
    sub: 'usr-1',
    email: 'a@b.example',
    'custom:org': 'org-somerset',
    'cognito:groups': '[manager]',
    'custom:practices': 'prc-a,prc-b',
    ...overrides,
  }) as Parameters<typeof callerFromClaims>[0];

const refuses = (c: Parameters<typeof callerFromClaims>[0]) =>
  expect(() => callerFromClaims(c)).toThrow(UnauthenticatedError);

describe('callerFromClaims', () => {
  it('reads a caller from claims as API Gateway hands them over (strings, groups as [a b])', () => {
    expect(callerFromClaims(claims())).toEqual({
      userId: 'usr-1',
      email: 'a@b.example',
      role: 'manager',
      orgId: 'org-somerset',
      practiceIds: ['prc-a', 'prc-b'],
      clinicianId: undefined,
    });
  });

  it('reads the group whether it comes as [admin], admin, or an array', () => {
    expect(callerFromClaims(claims({ 'cognito:groups': '[admin]' })).role).toBe('admin');
    expect(callerFromClaims(claims({ 'cognito:groups': 'admin' })).role).toBe('admin');
    expect(callerFromClaims(claims({ 'cognito:groups': ['admin'] })).role).toBe('admin');
    expect(callerFromClaims(claims({ 'cognito:groups': ['beta-testers', 'hr'] })).role).toBe('hr');
    expect(callerFromClaims(claims({ 'cognito:groups': '[beta-testers hr]' })).role).toBe('hr');
  });

  it('refuses claims without a user, an organisation or a known role', () => {
    refuses(undefined);
    refuses(claims({ sub: undefined }));
    refuses(claims({ 'custom:org': undefined }));
    refuses(claims({ 'custom:org': '' }));
    refuses(claims({ 'cognito:groups': undefined }));
    refuses(claims({ 'cognito:groups': '[]' }));
    refuses(claims({ 'cognito:groups': '[superuser]' }));
    refuses(claims({ 'cognito:groups': ['superuser'] }));
    // A group that merely contains a role's name is not that role.
    refuses(claims({ 'cognito:groups': '[notadmin]' }));
    refuses(claims({ 'cognito:groups': ['admins'] }));
  });

  it('gives a clinician their clinician id, and an empty one none', () => {
    expect(callerFromClaims(claims({ 'cognito:groups': '[clinician]', 'custom:clinician': 'cln-1' })).clinicianId).toBe(
      'cln-1',
    );
    expect(callerFromClaims(claims({ 'custom:clinician': '' })).clinicianId).toBeUndefined();
  });

  it('reads no practices from an absent or empty claim, and trims the list', () => {
    expect(callerFromClaims(claims({ 'custom:practices': undefined })).practiceIds).toEqual([]);
    expect(callerFromClaims(claims({ 'custom:practices': '' })).practiceIds).toEqual([]);
    expect(callerFromClaims(claims({ 'custom:practices': 'prc-a, prc-b' })).practiceIds).toEqual(['prc-a', 'prc-b']);
  });

  it('either returns a caller with a known role and an organisation, or refuses with UnauthenticatedError (property)', () => {
    const value = fc.oneof(
      fc.string(),
      fc.constantFrom(...USER_ROLES, '[admin]', '[hr manager]', '', '[]'),
      fc.array(fc.oneof(fc.string(), fc.constantFrom(...USER_ROLES))),
      fc.integer(),
      fc.boolean(),
      fc.constant(undefined),
    );
    const key = fc.constantFrom('sub', 'email', 'custom:org', 'cognito:groups', 'custom:practices', 'custom:clinician');
    fc.assert(
      fc.property(fc.dictionary(key, value), (c) => {
        let caller: ReturnType<typeof callerFromClaims>;
        try {
          caller = callerFromClaims(c as Parameters<typeof callerFromClaims>[0]);
        } catch (error) {
          expect(error).toBeInstanceOf(UnauthenticatedError);
          return;
        }
        expect(USER_ROLES).toContain(caller.role);
        expect(typeof caller.orgId).toBe('string');
        expect(caller.orgId.length).toBeGreaterThan(0);
        expect(typeof caller.userId).toBe('string');
        expect(Array.isArray(caller.practiceIds)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
