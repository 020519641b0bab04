import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import type { Practice } from '../domain/types';
import type { CreatePracticeBody } from '../schemas/practice';
import { comparePlaces, type Page, type PageRequest, pageInMemory } from '../store/page';

export async function createPractice(
  caller: Caller,
  body: CreatePracticeBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'practices'>,
): Promise<Practice> {
  const practice: Practice = {
    ...body,
    orgId: caller.orgId,
    id: deps.newId(),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.practices.create(practice);
  return practice;
}

/**
 * A page of the organisation's practices by name. The partition holds them by
 * id, so the (short) list is read whole, as before, and paged in memory by
 * name (as people read it), then id.
 */
export async function listPractices(
  caller: Caller,
  page: PageRequest,
  deps: Pick<Deps, 'practices'>,
): Promise<Page<Practice>> {
  return pageInMemory(
    await deps.practices.list(caller.orgId),
    {
      list: `${caller.orgId}#PRACTICES`,
      fields: ['name', 'id'],
      place: (p) => [p.name, p.id],
      compare: (a, b) => a[0]!.localeCompare(b[0]!) || comparePlaces(a, b),
    },
    page,
  );
}
