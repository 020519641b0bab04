import type { Caller } from '../domain/caller';
import { ForbiddenError, NotFoundError } from '../domain/errors';

/** A manager acts only for the practices they run; an admin for all of the organisation's. */
export function assertRunsPractice(caller: Caller, practiceId: string): void {
  if (caller.role === 'admin') return;
  if (caller.role === 'manager' && caller.practiceIds.includes(practiceId)) return;
  throw new ForbiddenError(`You do not manage practice ${practiceId}`);
}

/** Another organisation's record answers exactly as an absent one does. */
export function found<T extends { orgId: string }>(record: T | undefined, caller: Caller, what: string, id: string): T {
  if (!record || record.orgId !== caller.orgId) throw new NotFoundError(`No ${what} ${id}`);
  return record;
}
