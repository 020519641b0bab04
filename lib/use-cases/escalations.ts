import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps';
import { ConflictError, ForbiddenError, ValidationError } from '../domain/errors';
import { cascadePlan } from '../domain/offers';
import type { Escalation, Practice, Shift } from '../domain/types';
import type { Caller } from '../http/caller';
import { formatRate } from '../notify/templates';
import type { DecisionBody, RaiseRateBody } from '../schemas/escalation';
import type { CreateShiftBody } from '../schemas/shift';
import { escalationGuardKey, escalationItem } from '../store/escalations';
import { keys } from '../store/keys';
import { outboxItem } from '../store/outbox';
import { cancellationCodes } from '../store/records';
import { auditItem } from '../store/shifts';
import { assertRunsPractice, found } from './access';
import { matchShift } from './matching';
import { checkNewShift } from './shifts';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type RateOutcome = { applied: true; shift: Shift } | { applied: false; escalation: Escalation };

function assertAdmin(caller: Caller, what: string): void {
  if (caller.role !== 'admin') throw new ForbiddenError(`Only an admin may ${what}`);
}

/**
 * The items that raise an open shift's rate: the shift (only if still open
 * at the rate read, so two raises cannot pass each other unseen), the audit
 * line (who, when, from, to, why) and one fan-out record that texts every
 * clinician holding a live offer the new rate.
 */
function raiseItems(
  shift: Shift,
  toPence: number,
  audit: { actor: string; at: string; reason: string; escalationId?: string; requestedBy?: string },
  deps: Deps,
): TransactItem[] {
  const now = Date.parse(audit.at);
  return [
    {
      Update: {
        TableName: deps.table,
        Key: keys.shift(shift.orgId, shift.id),
        UpdateExpression: 'SET hourlyRatePence = :to',
        ConditionExpression: '#status = :open AND hourlyRatePence = :from AND round = :round',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': toPence,
          ':from': shift.hourlyRatePence,
          ':open': 'open',
          ':round': shift.round ?? 1,
        },
      },
    },
    {
      Put: {
        TableName: deps.table,
        Item: auditItem(shift.orgId, shift.id, {
          id: deps.newId(),
          at: audit.at,
          actor: audit.actor,
          action: 'rate-raised',
          detail: {
            fromPence: shift.hourlyRatePence,
            toPence,
            reason: audit.reason,
            ...(audit.escalationId ? { escalationId: audit.escalationId, requestedBy: audit.requestedBy } : {}),
          },
        }),
      },
    },
    {
      Put: {
        TableName: deps.table,
        Item: outboxItem(
          {
            orgId: shift.orgId,
            id: deps.newId(),
            kind: 'rate-raised',
            createdAt: audit.at,
            fanOut: { kind: 'rate-raised', shiftId: shift.id, round: shift.round ?? 1, exceptClinicianIds: [] },
          },
          now,
        ),
      },
    },
  ];
}

async function commit(items: TransactItem[], deps: Deps, onConflict: () => never): Promise<void> {
  try {
    await deps.db.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (cancellationCodes(error)?.some((c) => c === 'ConditionalCheckFailed')) onConflict();
    throw error;
  }
}

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
  deps: Deps,
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
    await commit(
      raiseItems(shift, body.hourlyRatePence, { actor: caller.userId, at, reason: body.reason }, deps),
      deps,
      moved,
    );
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
  try {
    await deps.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: deps.table,
              Item: { ...escalationGuardKey(shift.orgId, shift.id), type: 'GUARD', escalationId: escalation.id },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: deps.table,
              Item: escalationItem(escalation),
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: deps.table,
              Item: auditItem(shift.orgId, shift.id, {
                id: deps.newId(),
                at,
                actor: caller.userId,
                action: 'rate-escalated',
                detail: {
                  escalationId: escalation.id,
                  fromPence: escalation.fromPence,
                  toPence: escalation.toPence,
                  capPence: cap,
                  reason: body.reason,
                },
              }),
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
      const pending = (await deps.escalations.list(caller.orgId, 'pending')).find((e) => e.shiftId === shift.id);
      throw new ConflictError(
        'INVALID_STATE',
        'A raise of this shift is already waiting for an admin',
        pending ? { escalationId: pending.id } : undefined,
      );
    }
    throw error;
  }
  return { applied: false, escalation };
}

function decisionItems(
  e: Escalation,
  status: 'approved' | 'rejected',
  caller: Caller,
  at: string,
  reason: string | undefined,
  deps: Deps,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: deps.table,
        Key: keys.escalation(e.orgId, e.id),
        UpdateExpression: `SET #status = :status, decidedBy = :by, decidedAt = :at${reason === undefined ? '' : ', decisionReason = :reason'}`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': status,
          ':pending': 'pending',
          ':by': caller.userId,
          ':at': at,
          ...(reason === undefined ? {} : { ':reason': reason }),
        },
      },
    },
    { Delete: { TableName: deps.table, Key: escalationGuardKey(e.orgId, e.shiftId) } },
  ];
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
  deps: Deps,
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
  await commit(
    [
      ...decisionItems(e, 'approved', caller, at, body.reason, deps),
      ...raiseItems(
        shift,
        e.toPence,
        { actor: caller.userId, at, reason: e.reason, escalationId: e.id, requestedBy: e.requestedBy },
        deps,
      ),
    ],
    deps,
    moved,
  );
  return {
    ...e,
    status: 'approved',
    decidedBy: caller.userId,
    decidedAt: at,
    ...(body.reason ? { decisionReason: body.reason } : {}),
  };
}

export async function rejectEscalation(
  caller: Caller,
  id: string,
  body: DecisionBody,
  deps: Deps,
): Promise<Escalation> {
  assertAdmin(caller, 'reject a rate escalation');
  const e = found(await deps.escalations.get(caller.orgId, id), caller, 'escalation', id);
  if (e.status !== 'pending') return alreadyDecided(e, 'rejected');
  const at = deps.clock.now().toISOString();
  await commit(
    [
      ...decisionItems(e, 'rejected', caller, at, body.reason, deps),
      {
        Put: {
          TableName: deps.table,
          Item: auditItem(e.orgId, e.shiftId, {
            id: deps.newId(),
            at,
            actor: caller.userId,
            action: 'rate-rejected',
            detail: { escalationId: e.id, fromPence: e.fromPence, toPence: e.toPence, reason: body.reason },
          }),
        },
      },
    ],
    deps,
    () => {
      throw new ConflictError('INVALID_STATE', 'The escalation was decided meanwhile');
    },
  );
  return {
    ...e,
    status: 'rejected',
    decidedBy: caller.userId,
    decidedAt: at,
    ...(body.reason ? { decisionReason: body.reason } : {}),
  };
}

/** An admin sees the organisation's escalations; a manager those of the practices they run. */
export async function listEscalations(
  caller: Caller,
  query: { status?: Escalation['status'] },
  deps: Deps,
): Promise<Escalation[]> {
  if (caller.role !== 'admin' && caller.role !== 'manager') {
    throw new ForbiddenError('Escalations are for managers and admins');
  }
  const all = await deps.escalations.list(caller.orgId, query.status);
  return caller.role === 'admin' ? all : all.filter((e) => caller.practiceIds.includes(e.practiceId));
}

/** An admin changes a practice: any field it was created with, and its rate caps per role. */
export async function updatePractice(
  caller: Caller,
  id: string,
  body: Partial<Omit<Practice, 'orgId' | 'id' | 'createdAt'>>,
  deps: Deps,
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
export async function previewShift(caller: Caller, body: CreateShiftBody, deps: Deps): Promise<CascadePreview> {
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
