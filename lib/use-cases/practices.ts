import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import type { Practice } from '../domain/types';
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
