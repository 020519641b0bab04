import type { UserRole } from './types';

/** The signed-in user, as the JWT's claims describe them: who every use case acts for. */
export interface Caller {
  userId: string;
  email: string;
  role: UserRole;
  orgId: string;
  practiceIds: string[];
  clinicianId?: string;
}
