import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import type { Shift } from '../domain/types';
import type { Caller } from '../http/caller';
import type { CreateShiftBody } from '../schemas/shift';
import type { Page, PageRequest } from '../store/page';
import { auditItem, type ShiftFilter, shiftItem } from '../store/shifts';
import { assertRunsPractice, found } from './access';

export async function createShift(caller: Caller, body: CreateShiftBody, deps: Deps): Promise<Shift> {
  const practice = found(await deps.practices.get(caller.orgId, body.practiceId), caller, 'practice', body.practiceId);
  assertRunsPractice(caller, practice.id);
  const now = deps.clock.now();
  if (Date.parse(body.start) <= now.getTime()) {
    throw new ValidationError('The shift must start in the future', [
      { path: 'body.start', message: 'must be in the future' },
    ]);
  }
  const shift: Shift = {
    ...body,
    orgId: caller.orgId,
    id: deps.newId(),
    status: 'open',
    postedAt: now.toISOString(),
    postedBy: caller.userId,
  };
  await deps.db.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: deps.table, Item: shiftItem(shift), ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          Put: {
            TableName: deps.table,
            Item: auditItem(shift.orgId, shift.id, {
              id: deps.newId(),
              at: shift.postedAt,
              actor: caller.userId,
              action: 'posted',
            }),
          },
        },
      ],
    }),
  );
  return shift;
}

export async function getShift(caller: Caller, id: string, deps: Deps): Promise<Shift> {
  return found(await deps.shifts.get(caller.orgId, id), caller, 'shift', id);
}

export async function listShifts(
  caller: Caller,
  filter: ShiftFilter,
  page: PageRequest,
  deps: Deps,
): Promise<Page<Shift>> {
  if (caller.role === 'clinician') {
    // A clinician sees the open shifts they could work.
    if (filter.status && filter.status !== 'open') {
      throw new ForbiddenError('A clinician sees open shifts only');
    }
    const clinician = caller.clinicianId ? await deps.clinicians.get(caller.orgId, caller.clinicianId) : undefined;
    if (!clinician) throw new NotFoundError('No clinician record for this sign-in');
    const from = filter.from ?? deps.clock.now().toISOString();
    const result = await deps.shifts.list(caller.orgId, { ...filter, status: 'open', from }, page);
    return { ...result, items: result.items.filter((s) => clinician.roles.includes(s.role)) };
  }
  return deps.shifts.list(caller.orgId, filter, page);
}
