import type { Caller } from '../domain/caller';
import { UnauthenticatedError } from '../domain/errors';
import { USER_ROLES, type UserRole } from '../domain/types';

type Claims = Record<string, string | number | boolean | string[] | undefined>;

/**
 * API Gateway's JWT authorizer hands claims over as strings; `cognito:groups`
 * arrives as `[admin]` (a bracketed list) in AWS and as an array locally.
 */
function groupsOf(value: Claims[string]): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') return [];
  return value
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

export function callerFromClaims(claims: Claims | undefined): Caller {
  if (!claims) throw new UnauthenticatedError('Sign in to use this route');
  const sub = claims.sub;
  const orgId = claims['custom:org'];
  const role = groupsOf(claims['cognito:groups']).find((g): g is UserRole =>
    (USER_ROLES as readonly string[]).includes(g),
  );
  if (typeof sub !== 'string' || typeof orgId !== 'string' || !orgId || !role) {
    throw new UnauthenticatedError('The token does not name a user, an organisation and a role');
  }
  const practices = claims['custom:practices'];
  const clinicianId = claims['custom:clinician'];
  return {
    userId: sub,
    email: typeof claims.email === 'string' ? claims.email : '',
    role,
    orgId,
    practiceIds: typeof practices === 'string' && practices ? practices.split(',').map((p) => p.trim()) : [],
    clinicianId: typeof clinicianId === 'string' && clinicianId ? clinicianId : undefined,
  };
}
