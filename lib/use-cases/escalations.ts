import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, ValidationError } from '../domain/errors';
import { cascadePlan } from '../domain/offers';
import type { Escalation, Practice, Shift } from '../domain/types';
import { formatRate } from '../notify/templates';
import type { DecisionBody, RaiseRateBody } from '../schemas/escalation';
import type { CreateShiftBody } from '../schemas/shift';
import type { Page, PageRequest } from '../store/page';
import { assertRunsPractice, found } from './access';
import { matchShift } from './matching';
import { checkNewShift } from './shifts';

export type RateOutcome = { applied: true; shift: Shift } | { applied: false; escalation: Escalation };

function assertAdmin(caller: Caller, what: string): void {
  if (caller.role !== 'admin') throw new ForbiddenError(`Only an admin may ${what}`);
}

const decidedMeanwhile = (): never => {
  throw new ConflictError('INVALID_STATE', 'The escalation was decided meanwhile');
};

function openShiftOf(shift: Shift, now: Date): void {
  if (shift.status !== 'open') throw new ConflictError('INVALID_STATE', `The shift is ${shift.status}`);
  if (Date.parse(shift.start) <= now.getTime()) throw new ConflictError('INVALID_STATE', 'The shift has started');
}

const moved = (): never => {
  throw new ConflictError(
    'INVALID_STATE',
    'The shift changed meanwhile (filled, cancelled or re-rated): read it again',
  );
};

/**
 * A manager (of the shift's practice) or an admin raises an open shift's
 * rate. Within the practice's cap for the role (or with no cap) it applies
 * now and live offerees are texted; above it a manager's raise waits for an
 * admin as a pending escalation. An admin's own raise applies at once: they
 * are the ones who would approve it.
 */
export async function raiseShiftRate(
  caller: Caller,
  shiftId: string,
  body: RaiseRateBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'practices' | 'shifts' | 'escalations'>,
): Promise<RateOutcome> {
  const shift = found(await deps.shifts.get(caller.orgId, shiftId, true), caller, 'shift', shiftId);
  assertRunsPractice(caller, shift.practiceId);
  const now = deps.clock.now();
  openShiftOf(shift, now);
  if (body.hourlyRatePence <= shift.hourlyRatePence) {
    throw new ValidationError('A raise must be above the current rate', [
      { path: 'body.hourlyRatePence', message: `must be above the current ${formatRate(shift.hourlyRatePence)}` },
    ]);
  }
  const practice = found(
    await deps.practices.get(caller.orgId, shift.practiceId),
    caller,
    'practice',
    shift.practiceId,
  );
  const cap = practice.maxHourlyRatePence?.[shift.role];
  const at = now.toISOString();
  if (cap === undefined || body.hourlyRatePence <= cap || caller.role === 'admin') {
    const outcome = await deps.escalations.raise({
      shift,
      toPence: body.hourlyRatePence,
      at,
      actor: caller.userId,
      reason: body.reason,
      auditId: deps.newId(),
      fanOutId: deps.newId(),
    });
    if (outcome.kind !== 'raised') moved();
    return { applied: true, shift: { ...shift, hourlyRatePence: body.hourlyRatePence } };
  }
  const escalation: Escalation = {
    orgId: caller.orgId,
    id: deps.newId(),
    shiftId: shift.id,
    practiceId: shift.practiceId,
    role: shift.role,
    status: 'pending',
    fromPence: shift.hourlyRatePence,
    toPence: body.hourlyRatePence,
    capPence: cap,
    reason: body.reason,
    requestedBy: caller.userId,
    requestedAt: at,
  };
  const requested = await deps.escalations.request(escalation, deps.newId());
  if (requested.kind === 'shift-moved') moved();
  if (requested.kind === 'pending-already') {
    const pending = (await deps.escalations.list(caller.orgId, 'pending')).find((e) => e.shiftId === shift.id);
    throw new ConflictError(
      'INVALID_STATE',
      'A raise of this shift is already waiting for an admin',
      pending ? { escalationId: pending.id } : undefined,
    );
  }
  return { applied: false, escalation };
}

/** The same decision again answers the escalation as decided; the other one is refused. */
function alreadyDecided(e: Escalation, status: 'approved' | 'rejected'): Escalation {
  if (e.status === status) return e;
  throw new ConflictError('INVALID_STATE', `The escalation was ${e.status}`);
}

/** An admin approves a pending raise: the rate applies as a raise within the cap would, audited as theirs. */
export async function approveEscalation(
  caller: Caller,
  id: string,
  body: DecisionBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'shifts' | 'escalations'>,
): Promise<Escalation> {
  assertAdmin(caller, 'approve a rate above the cap');
  const e = found(await deps.escalations.get(caller.orgId, id), caller, 'escalation', id);
  if (e.status !== 'pending') return alreadyDecided(e, 'approved');
  const shift = found(await deps.shifts.get(caller.orgId, e.shiftId, true), caller, 'shift', e.shiftId);
  const now = deps.clock.now();
  openShiftOf(shift, now);
  if (e.toPence <= shift.hourlyRatePence) {
    throw new ConflictError(
      'INVALID_STATE',
      `The shift already pays ${formatRate(shift.hourlyRatePence)}; reject this raise`,
    );
  }
  const at = now.toISOString();
  const outcome = await deps.escalations.raise(
    {
      shift,
      toPence: e.toPence,
      at,
      actor: caller.userId,
      reason: e.reason,
      auditId: deps.newId(),
      fanOutId: deps.newId(),
      escalation: { id: e.id, requestedBy: e.requestedBy },
    },
    { escalation: e, status: 'approved', by: caller.userId, at, reason: body?.reason },
  );
  if (outcome.kind === 'decided-already') decidedMeanwhile();
  if (outcome.kind === 'shift-moved') moved();
  return {
    ...e,
    status: 'approved',
    decidedBy: caller.userId,
    decidedAt: at,
    ...(body?.reason ? { decisionReason: body.reason } : {}),
  };
}

export async function rejectEscalation(
  caller: Caller,
  id: string,
  body: DecisionBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'escalations'>,
): Promise<Escalation> {
  assertAdmin(caller, 'reject a rate escalation');
  const e = found(await deps.escalations.get(caller.orgId, id), caller, 'escalation', id);
  if (e.status !== 'pending') return alreadyDecided(e, 'rejected');
  const at = deps.clock.now().toISOString();
  const outcome = await deps.escalations.reject(
    { escalation: e, status: 'rejected', by: caller.userId, at, reason: body?.reason },
    deps.newId(),
  );
  if (outcome.kind !== 'rejected') decidedMeanwhile();
  return {
    ...e,
    status: 'rejected',
    decidedBy: caller.userId,
    decidedAt: at,
    ...(body?.reason ? { decisionReason: body.reason } : {}),
  };
}

/** An admin sees the organisation's escalations; a manager those of the practices they run. */
export async function listEscalations(
  caller: Caller,
  query: { status?: Escalation['status'] } & PageRequest,
  deps: Pick<Deps, 'escalations'>,
): Promise<Page<Escalation>> {
  if (caller.role !== 'admin' && caller.role !== 'manager') {
    throw new ForbiddenError('Escalations are for managers and admins');
  }
  if (caller.role === 'manager' && !caller.practiceIds.length) return { items: [] };
  const where = { status: query.status, practiceId: caller.role === 'admin' ? undefined : caller.practiceIds };
  return deps.escalations.page(caller.orgId, where, { limit: query.limit, cursor: query.cursor });
}

/** An admin changes a practice: any field it was created with, and its rate caps per role. */
export async function updatePractice(
  caller: Caller,
  id: string,
  body: Partial<Omit<Practice, 'orgId' | 'id' | 'createdAt'>>,
  deps: Pick<Deps, 'practices'>,
): Promise<Practice> {
  assertAdmin(caller, 'change a practice');
  const before = found(await deps.practices.get(caller.orgId, id), caller, 'practice', id);
  return deps.practices.update(before, body);
}

export interface CascadePreview {
  waves: { wave: number; at: string; clinicians: { clinicianId: string; name: string; preferred: boolean }[] }[];
  excluded: number;
  unreached: number;
}

/**
 * What posting this shift would do, writing nothing: who the first wave
 * offers it to, and when each later wave would go and to whom, by the same
 * matching and waves as a posted shift (as the bank stands now; later waves
 * are re-matched when they run).
 */
export async function previewShift(
  caller: Caller,
  body: CreateShiftBody,
  deps: Pick<ReadingDeps, 'clock' | 'practices' | 'clinicians' | 'bookings'>,
): Promise<CascadePreview> {
  const practice = await checkNewShift(caller, body, deps);
  const now = deps.clock.now();
  const shift: Shift = {
    ...body,
    orgId: caller.orgId,
    id: 'preview',
    status: 'open',
    round: 1,
    postedAt: now.toISOString(),
    postedBy: caller.userId,
  };
  const match = await matchShift(shift, deps, practice);
  const plan = cascadePlan(match.candidates, body.cascadeMinutes);
  const waves: CascadePreview['waves'] = [];
  let unreached = 0;
  for (const [i, chosen] of plan.entries()) {
    const at = now.getTime() + i * body.cascadeMinutes * 60_000;
    // Like the scheduler, no wave goes once the shift has started.
    if (i > 0 && at >= Date.parse(body.start)) {
      unreached += chosen.length;
      continue;
    }
    waves.push({
      wave: i + 1,
      at: new Date(at).toISOString(),
      clinicians: chosen.map((c) => ({ clinicianId: c.clinicianId, name: c.name, preferred: c.preferred })),
    });
  }
  return { waves, excluded: match.excluded.length, unreached };
}
