import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { cancellationTerms } from '../store/organisations';

/** The caller as their token names them, with the organisation's cancellation terms (clinicians read no organisation record). */
export async function describeCaller(caller: Caller, deps: Pick<Deps, 'db' | 'table'>) {
  const { lateCancellationHours, lateCancellationFeeHours } = await cancellationTerms(
    deps.db,
    deps.table,
    caller.orgId,
  );
  return {
    id: caller.userId,
    email: caller.email,
    role: caller.role,
    orgId: caller.orgId,
    practiceIds: caller.practiceIds,
    clinicianId: caller.clinicianId,
    cancellationTerms: { lateCancellationHours, lateCancellationFeeHours },
  };
}
