import type { Deps } from '../deps';
import type { Practice } from '../domain/types';
import type { Caller } from '../http/caller';
import type { CreatePracticeBody } from '../schemas/practice';

export async function createPractice(caller: Caller, body: CreatePracticeBody, deps: Deps): Promise<Practice> {
  const practice: Practice = {
    ...body,
    orgId: caller.orgId,
    id: deps.newId(),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.practices.create(practice);
  return practice;
}

export function listPractices(caller: Caller, deps: Deps): Promise<Practice[]> {
  return deps.practices.list(caller.orgId);
}
