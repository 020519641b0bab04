import type { UserRole } from '../domain/types';

export interface UserAccount {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  orgId: string;
  practiceIds?: string[];
  clinicianId?: string;
  /** Absent means active. A disabled user's tokens are refused however validly signed. */
  status?: 'active' | 'disabled';
  disabledAt?: string;
}

/**
 * Where sign-ins live: Cognito in AWS, the table locally (behind `/dev/login`).
 * In both worlds the table holds each user's record, keyed by email, and every
 * request's claims are checked against it (`lib/users/sign-in-check.ts`): a
 * token alone never decides the caller's organisation, practices or clinician.
 */
export interface UserDirectory {
  /**
   * Creates the sign-in and its record; answers the record as stored (in AWS its id is Cognito's `sub`).
   * With a password (an applicant's own, in AWS) it is set as permanent and nothing is emailed; without one
   * Cognito emails a temporary password. The local runtime's sign-ins have no passwords.
   */
  create(account: UserAccount, options?: { password?: string }): Promise<UserAccount>;
  /** The user record for an email address, whichever organisation it belongs to. */
  get(email: string): Promise<UserAccount | undefined>;
  /** A clinician's own sign-in, if they have one in this organisation. */
  ofClinician(orgId: string, clinicianId: string): Promise<UserAccount | undefined>;
  /** Stops the sign-in working: the record is marked disabled (and, in AWS, the Cognito user disabled). */
  disable(email: string, at: string): Promise<void>;
}

/** The JWT claims a user's token carries, as Cognito would put them. */
export function claimsOf(user: UserAccount): Record<string, string | string[]> {
  return {
    sub: user.id,
    email: user.email,
    'custom:org': user.orgId,
    'cognito:groups': [user.role],
    ...(user.practiceIds?.length ? { 'custom:practices': user.practiceIds.join(',') } : {}),
    ...(user.clinicianId ? { 'custom:clinician': user.clinicianId } : {}),
  };
}
