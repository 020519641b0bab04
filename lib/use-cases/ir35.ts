import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { ForbiddenError, ValidationError } from '../domain/errors';
import type { Ir35Determination } from '../domain/types';
import type { RecordIr35Body } from '../schemas/ir35';
import type { Page, PageRequest } from '../store/page';
import { assertRunsPractice, found } from './access';

/**
 * Records a practice's off-payroll (IR35) determination for a clinician. It
 * becomes the practice's current one on the profile, which matching reads
 * from the location index; earlier ones stay as the audit trail.
 */
export async function recordIr35(
  caller: Caller,
  clinicianId: string,
  body: RecordIr35Body,
  deps: Pick<Deps, 'clock' | 'newId' | 'practices' | 'clinicians'>,
): Promise<Ir35Determination> {
  const before = found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  assertRunsPractice(caller, body.practiceId);
  const practice = await deps.practices.get(caller.orgId, body.practiceId);
  if (!practice || practice.orgId !== caller.orgId) {
    throw new ValidationError('Unknown practice', [
      { path: 'body.practiceId', message: 'is not a practice of the bank' },
    ]);
  }
  const determination: Ir35Determination = {
    orgId: caller.orgId,
    clinicianId,
    practiceId: body.practiceId,
    determination: body.determination,
    reason: body.reason,
    decidedBy: caller.userId,
    decidedAt: deps.clock.now().toISOString(),
  };
  await deps.clinicians.recordIr35(before, determination, deps.newId());
  return determination;
}

/**
 * The determinations made for a clinician, newest first: all of them for the
 * bank (admin, hr) and the clinician themself, a manager's practices' only.
 */
/** A page of the clinician's IR35 determinations, newest first: a manager sees their practices' only. */
export async function listIr35(
  caller: Caller,
  clinicianId: string,
  page: PageRequest,
  deps: Pick<Deps, 'clinicians'>,
): Promise<Page<Ir35Determination>> {
  found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  if (caller.role === 'clinician' && caller.clinicianId !== clinicianId) {
    throw new ForbiddenError('A clinician may read only their own IR35 determinations');
  }
  if (caller.role === 'manager' && !caller.practiceIds.length) return { items: [] };
  const where = { practiceId: caller.role === 'manager' ? caller.practiceIds : undefined };
  return deps.clinicians.ir35Page(caller.orgId, clinicianId, where, page);
}
