import type { UserRole } from '../domain/types';

export interface UserAccount {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  orgId: string;
  practiceIds?: string[];
  clinicianId?: string;
}

/** Where sign-ins live: Cognito in AWS, the table locally (behind `/dev/login`). */
export interface UserDirectory {
  create(account: UserAccount): Promise<void>;
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
