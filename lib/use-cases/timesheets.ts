import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { computePay } from '../domain/pay';
import { minutesBetween } from '../domain/time';
import type { Timesheet, TimesheetStatus } from '../domain/types';
import type { Caller } from '../http/caller';
import { shiftDetails, toClinician } from '../notify/messages';
import { timesheetApprovedMessage } from '../notify/templates';
import { keys } from '../store/keys';
import { outboxItem } from '../store/outbox';
import type { Page } from '../store/page';
import { auditItem } from '../store/shifts';
import { type Partition, TIMESHEET_STATUSES } from '../store/timesheets';
import { assertRunsPractice, found } from './access';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** A claimed start this far from the booked one is a typo, not a late start. */
const MAX_START_DRIFT_MINUTES = 12 * 60;
const MAX_WORKED_MINUTES = 24 * 60;

export interface TimesheetInput {
  start?: string;
  end?: string;
  breakMinutes?: number;
}

function audit(deps: Deps, t: Timesheet, at: string, actor: string, action: string, detail: Record<string, unknown>) {
  return {
    Put: {
      TableName: deps.table,
      Item: auditItem(t.orgId, t.shiftId, {
        id: deps.newId(),
        at,
        actor,
        action,
        detail: { timesheetId: t.id, ...detail },
      }),
    },
  } satisfies TransactItem;
}

/**
 * The booked clinician records what they worked, once the shift has started:
 * the booked times and the shift's break unless they say otherwise. Pay is
 * fixed now (the organisation's uplift on a bank holiday) and is what the
 * manager approves and payroll pays.
 */
export async function submitTimesheet(
  caller: Caller,
  bookingId: string,
  input: TimesheetInput,
  deps: Deps,
): Promise<Timesheet> {
  const booking = found(await deps.bookings.get(caller.orgId, bookingId), caller, 'booking', bookingId);
  if (!caller.clinicianId || caller.clinicianId !== booking.clinicianId) {
    throw new ForbiddenError('Only the booked clinician may submit a timesheet for this booking');
  }
  if (booking.status !== 'confirmed') throw new ConflictError('INVALID_STATE', 'The booking was cancelled');
  const now = deps.clock.now();
  if (now.getTime() < Date.parse(booking.start)) {
    throw new ConflictError('SHIFT_NOT_STARTED', 'A timesheet can be submitted once the shift has started');
  }
  const [shift, clinician, uplift] = await Promise.all([
    deps.shifts.get(caller.orgId, booking.shiftId, true),
    deps.clinicians.get(caller.orgId, booking.clinicianId),
    deps.timesheets.bankHolidayUplift(caller.orgId),
  ]);
  if (!shift || !clinician) throw new NotFoundError(`No booking ${bookingId}`);

  const start = input.start ?? booking.start;
  const end = input.end ?? booking.end;
  const breakMinutes = input.breakMinutes ?? shift.breakMinutes;
  const worked = minutesBetween(start, end);
  const issues = [];
  if (!(worked > 0)) issues.push({ path: 'body.end', message: 'must be after start' });
  else if (worked > MAX_WORKED_MINUTES) issues.push({ path: 'body.end', message: 'a shift lasts at most 24 hours' });
  else if (breakMinutes >= worked)
    issues.push({ path: 'body.breakMinutes', message: 'must be shorter than the shift' });
  if (Math.abs(minutesBetween(booking.start, start)) > MAX_START_DRIFT_MINUTES) {
    issues.push({ path: 'body.start', message: 'must be within 12 hours of the booked start' });
  }
  if (issues.length) throw new ValidationError('The timesheet is not valid', issues);

  const pay = computePay({
    start,
    end,
    breakMinutes,
    hourlyRatePence: shift.hourlyRatePence,
    bankHolidayUplift: uplift,
  });
  const at = now.toISOString();
  const timesheet: Timesheet = {
    orgId: caller.orgId,
    id: deps.newId(),
    bookingId: booking.id,
    shiftId: shift.id,
    clinicianId: booking.clinicianId,
    practiceId: booking.practiceId,
    start,
    end,
    shiftStart: booking.start,
    breakMinutes,
    hourlyRatePence: shift.hourlyRatePence,
    ...pay,
    employment: clinician.employment,
    status: 'submitted',
    submittedAt: at,
  };
  await deps.timesheets.create(timesheet, [
    audit(deps, timesheet, at, caller.userId, 'timesheet-submitted', {
      start,
      end,
      breakMinutes,
      paidMinutes: pay.paidMinutes,
      grossPence: pay.grossPence,
    }),
  ]);
  return timesheet;
}

async function ownTimesheet(caller: Caller, id: string, deps: Deps): Promise<Timesheet> {
  const t = found(await deps.timesheets.get(caller.orgId, id), caller, 'timesheet', id);
  assertRunsPractice(caller, t.practiceId);
  return t;
}

/**
 * The practice's manager (or an admin) approves a submitted timesheet: it
 * enters the payable index, and the clinician is told, in one transaction.
 * Approving an approved (or already exported) timesheet changes nothing.
 */
export async function approveTimesheet(caller: Caller, id: string, deps: Deps): Promise<Timesheet> {
  const t = await ownTimesheet(caller, id, deps);
  if (t.status === 'approved' || t.status === 'exported') return t;
  if (t.status !== 'submitted') throw new ConflictError('INVALID_STATE', `The timesheet was ${t.status}`);
  const [shift, practice, clinician] = await Promise.all([
    deps.shifts.get(caller.orgId, t.shiftId),
    deps.practices.get(caller.orgId, t.practiceId),
    deps.clinicians.get(caller.orgId, t.clinicianId),
  ]);
  if (!shift || !practice || !clinician) throw new NotFoundError(`No timesheet ${id}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  const message = toClinician(
    { orgId: caller.orgId, id: deps.newId(), createdAt: at },
    'timesheet-approved',
    clinician,
    timesheetApprovedMessage({
      ...shiftDetails({ ...shift, start: t.start, end: t.end }, practice),
      paidMinutes: t.paidMinutes,
      grossPence: t.grossPence,
    }),
  );
  const done = await deps.timesheets.decide([
    deps.timesheets.decisionUpdate(t, 'approved', at, caller.userId),
    audit(deps, t, at, caller.userId, 'timesheet-approved', { grossPence: t.grossPence }),
    {
      Put: {
        TableName: deps.table,
        Item: outboxItem(message, now.getTime()),
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ]);
  if (!done) return settled(caller, id, 'approved', deps);
  return { ...t, status: 'approved', decidedAt: at, decidedBy: caller.userId };
}

/** A reason is required; rejecting a rejected timesheet changes nothing, an approved one cannot be. */
export async function rejectTimesheet(caller: Caller, id: string, reason: string, deps: Deps): Promise<Timesheet> {
  const t = await ownTimesheet(caller, id, deps);
  if (t.status === 'rejected') return t;
  if (t.status !== 'submitted') throw new ConflictError('INVALID_STATE', `The timesheet was ${t.status}`);
  const at = deps.clock.now().toISOString();
  const done = await deps.timesheets.decide([
    deps.timesheets.decisionUpdate(t, 'rejected', at, caller.userId, reason),
    audit(deps, t, at, caller.userId, 'timesheet-rejected', { reason }),
  ]);
  if (!done) return settled(caller, id, 'rejected', deps);
  return { ...t, status: 'rejected', decidedAt: at, decidedBy: caller.userId, rejectReason: reason };
}

/** Someone decided between our read and our write: the same decision is fine, another is a conflict. */
async function settled(caller: Caller, id: string, wanted: 'approved' | 'rejected', deps: Deps): Promise<Timesheet> {
  const now = found(await deps.timesheets.get(caller.orgId, id), caller, 'timesheet', id);
  const same =
    wanted === 'approved' ? now.status === 'approved' || now.status === 'exported' : now.status === 'rejected';
  if (same) return now;
  throw new ConflictError('INVALID_STATE', `The timesheet was ${now.status}`);
}

export interface ListTimesheetsQuery {
  status?: TimesheetStatus;
  practiceId?: string;
  clinicianId?: string;
  /** UTC instants, inclusive: timesheets whose shift was booked to start in between. */
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** By the booked start (`shiftStart`), or the claimed start of a timesheet written before it was kept. */
function rangeFilter(from: string | undefined, to: string | undefined): Partition['filter'] {
  const bound = (op: string, value: string) =>
    `(#shiftStart ${op} ${value} OR (attribute_not_exists(#shiftStart) AND #start ${op} ${value}))`;
  const parts: string[] = [];
  const values: Record<string, unknown> = {};
  if (from) {
    parts.push(bound('>=', ':rangeFrom'));
    values[':rangeFrom'] = from;
  }
  if (to) {
    parts.push(bound('<=', ':rangeTo'));
    values[':rangeTo'] = to;
  }
  if (!parts.length) return undefined;
  return { expression: parts.join(' AND '), names: { '#shiftStart': 'shiftStart', '#start': 'start' }, values };
}

export async function listTimesheets(caller: Caller, query: ListTimesheetsQuery, deps: Deps): Promise<Page<Timesheet>> {
  if (query.from && query.to && query.from > query.to) return { items: [] };
  const range = rangeFilter(query.from, query.to);
  const partitions = timesheetPartitions(caller, query);
  if (!partitions.length) return { items: [] };
  return deps.timesheets.list(range ? partitions.map((p) => ({ ...p, filter: and(p.filter, range) })) : partitions, {
    limit: query.limit,
    cursor: query.cursor,
  });
}

function statusFilter(status: TimesheetStatus | undefined): Partition['filter'] {
  return status
    ? { expression: '#status = :status', names: { '#status': 'status' }, values: { ':status': status } }
    : undefined;
}

/**
 * A clinician sees their own, a manager their practices' (one practice after
 * another), HR and admins the organisation's: by status from the status
 * partitions, else by practice or clinician when named, else every status in turn.
 */
function timesheetPartitions(caller: Caller, query: ListTimesheetsQuery): Partition[] {
  const { orgId } = caller;
  const byClinician = (clinicianId: string): Partition => ({
    index: 'GSI1',
    partition: keys.timesheetsOfClinicianIndex(orgId, clinicianId),
    filter: statusFilter(query.status),
  });
  const byPractice = (practiceId: string): Partition => ({
    index: 'GSI2',
    partition: keys.timesheetsOfPracticeIndex(orgId, practiceId),
    filter: statusFilter(query.status),
  });
  const byStatus = (status: TimesheetStatus, filter?: Partition['filter']): Partition => ({
    index: 'GSI3',
    partition: keys.timesheetsInStatusIndex(orgId, status),
    filter,
  });

  if (caller.role === 'clinician') {
    if (!caller.clinicianId) return [];
    return [byClinician(caller.clinicianId)];
  }
  if (caller.role === 'manager') {
    if (query.practiceId) assertRunsPractice(caller, query.practiceId);
    const practiceIds = query.practiceId ? [query.practiceId] : caller.practiceIds;
    let partitions = practiceIds.map(byPractice);
    if (query.clinicianId) {
      const clinician = { expression: 'clinicianId = :cid', values: { ':cid': query.clinicianId } };
      partitions = partitions.map((p) => ({ ...p, filter: and(p.filter, clinician) }));
    }
    return partitions;
  }
  // HR and admins.
  if (query.clinicianId) {
    const p = byClinician(query.clinicianId);
    return [query.practiceId ? { ...p, filter: and(p.filter, practiceFilter(query.practiceId)) } : p];
  }
  if (query.practiceId) return [byPractice(query.practiceId)];
  if (query.status) return [byStatus(query.status)];
  return TIMESHEET_STATUSES.map((s) => byStatus(s));
}

function practiceFilter(practiceId: string): NonNullable<Partition['filter']> {
  return { expression: 'practiceId = :pid', values: { ':pid': practiceId } };
}

function and(a: Partition['filter'], b: NonNullable<Partition['filter']>): Partition['filter'] {
  if (!a) return b;
  return {
    expression: `(${a.expression}) AND (${b.expression})`,
    names: { ...(a.names ?? {}), ...(b.names ?? {}) },
    values: { ...(a.values ?? {}), ...(b.values ?? {}) },
  };
}
