import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { computePay } from '../domain/pay';
import {
  AUTO_APPROVE_AFTER_MS,
  amendmentIssues,
  approvableOnTrust,
  claimIssues,
  type Expense,
  extrasPence,
  mileagePence,
  type Times,
  variance,
} from '../domain/timesheet-rules';
import type { NotificationKind, Timesheet, TimesheetStatus } from '../domain/types';
import { shiftDetails, toClinician } from '../notify/messages';
import {
  type EmailText,
  type ShiftRef,
  type SmsText,
  timesheetApprovedMessage,
  timesheetQueriedMessage,
  timesheetRejectedMessage,
} from '../notify/templates';
import * as keys from '../store/keys';
import { INDEX } from '../store/keys';
import type { Page } from '../store/page';
import { type Partition, TIMESHEET_STATUSES, type TimesheetWrite } from '../store/timesheets';
import { assertRunsPractice, found } from './access';

/** Who approves on trust, in the audit and in `decidedBy`. */
export const SYSTEM_ACTOR = 'system';

export interface TimesheetInput {
  start?: string;
  end?: string;
  breakMinutes?: number;
  note?: string;
  mileageMiles?: number;
  expenses?: Expense[];
}

export interface AmendmentInput {
  start?: string;
  end?: string;
  breakMinutes?: number;
  note?: string;
}

function audit(
  deps: Pick<Deps, 'newId' | 'timesheets'>,
  t: Timesheet,
  at: string,
  actor: string,
  action: string,
  detail: Record<string, unknown>,
) {
  return deps.timesheets.auditWrite(t, {
    id: deps.newId(),
    at,
    actor,
    action,
    detail: { timesheetId: t.id, ...detail },
  });
}

const timesOf = (t: Times): Times => ({ start: t.start, end: t.end, breakMinutes: t.breakMinutes });

/** Pay, variance and total for `times` against the booking: the booked date alone decides the bank holiday. */
function priced(
  booked: Times,
  times: Times,
  extras: { mileageMiles?: number; expenses?: readonly Expense[] },
  hourlyRatePence: number,
  uplift: number,
) {
  const pay = computePay({ ...times, hourlyRatePence, bankHolidayUplift: uplift, bookedStart: booked.start });
  const mileage = extras.mileageMiles === undefined ? undefined : mileagePence(extras.mileageMiles);
  return {
    ...timesOf(times),
    ...pay,
    variance: variance(booked, times, hourlyRatePence, uplift),
    mileagePence: mileage,
    totalPence: pay.grossPence + extrasPence(extras),
  };
}

/**
 * Approval on trust, 72 hours after a submission, if the claim is within the
 * organisation's tolerance and claims no extras. Exported for the demo seed,
 * whose submitted timesheets are written whole rather than submitted.
 */
export async function scheduleAutoApproval(
  t: Timesheet,
  submittedAt: string,
  revision: number,
  deps: Pick<Deps, 'timesheets' | 'scheduler'>,
): Promise<void> {
  const booked = t.booked;
  if (!booked || !approvableOnTrust(booked, t, await deps.timesheets.autoApproveMinutes(t.orgId))) return;
  await deps.scheduler.schedule(new Date(Date.parse(submittedAt) + AUTO_APPROVE_AFTER_MS), {
    kind: 'timesheet-auto-approve',
    orgId: t.orgId,
    timesheetId: t.id,
    revision,
  });
}

/**
 * The booked clinician records what they worked, once it has ended: the
 * booked times and the shift's break unless they say otherwise, within the
 * claim's bounds (timesheet-rules). Pay is fixed now (the organisation's
 * uplift when the booked day is a bank holiday) and is what the manager
 * approves and payroll pays.
 */
export async function submitTimesheet(
  caller: Caller,
  bookingId: string,
  input: TimesheetInput,
  deps: Pick<ReadingDeps, 'clock' | 'newId' | 'clinicians' | 'shifts' | 'bookings' | 'timesheets' | 'scheduler'>,
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

  const booked: Times = { start: booking.start, end: booking.end, breakMinutes: shift.breakMinutes };
  const claim: Times = {
    start: input.start ?? booked.start,
    end: input.end ?? booked.end,
    breakMinutes: input.breakMinutes ?? booked.breakMinutes,
  };
  const issues = claimIssues(booked, claim, now);
  if (issues.length) throw new ValidationError('The timesheet is not valid', issues);

  const at = now.toISOString();
  const timesheet: Timesheet = {
    orgId: caller.orgId,
    id: deps.newId(),
    bookingId: booking.id,
    shiftId: shift.id,
    clinicianId: booking.clinicianId,
    practiceId: booking.practiceId,
    shiftStart: booking.start,
    booked,
    hourlyRatePence: shift.hourlyRatePence,
    ...priced(booked, claim, input, shift.hourlyRatePence, uplift),
    ...(input.note === undefined ? {} : { note: input.note }),
    ...(input.mileageMiles === undefined ? {} : { mileageMiles: input.mileageMiles }),
    ...(input.expenses === undefined ? {} : { expenses: input.expenses }),
    // Fixed at submission: whether payroll pays it or it is invoiced follows from this (keys.timesheetsInStatus).
    employment: clinician.employment,
    lineType: 'shift',
    status: 'submitted',
    submittedAt: at,
    revision: 0,
  };
  if (timesheet.mileagePence === undefined) delete timesheet.mileagePence;
  // Before the write: a schedule left by a write that failed finds no timesheet at its revision and does nothing.
  await scheduleAutoApproval(timesheet, at, 0, deps);
  await deps.timesheets.create(timesheet, [
    audit(deps, timesheet, at, caller.userId, 'timesheet-submitted', {
      ...claim,
      paidMinutes: timesheet.paidMinutes,
      grossPence: timesheet.grossPence,
      totalPence: timesheet.totalPence,
    }),
  ]);
  return timesheet;
}

/**
 * The clinician puts their claim right while the practice has not approved
 * it: submitted, queried or rejected, it is submitted again with the new
 * times (and the extras it names), within the same bounds as a claim.
 */
export async function amendTimesheet(
  caller: Caller,
  id: string,
  input: TimesheetInput & Times,
  deps: Pick<Deps, 'clock' | 'newId' | 'timesheets' | 'scheduler'>,
) {
  const t = found(await deps.timesheets.get(caller.orgId, id), caller, 'timesheet', id);
  if (!caller.clinicianId || caller.clinicianId !== t.clinicianId) {
    throw new ForbiddenError('Only the clinician who submitted a timesheet may change it');
  }
  if (!AMENDABLE.includes(t.status)) throw new ConflictError('INVALID_STATE', `The timesheet was ${t.status}`);
  const booked = t.booked!;
  const claim = timesOf(input);
  const now = deps.clock.now();
  const issues = claimIssues(booked, claim, now);
  if (issues.length) throw new ValidationError('The timesheet is not valid', issues);
  const uplift = await deps.timesheets.bankHolidayUplift(caller.orgId);
  const extras = {
    mileageMiles: input.mileageMiles ?? t.mileageMiles,
    expenses: input.expenses ?? t.expenses,
  };
  const at = now.toISOString();
  const revision = (t.revision ?? 0) + 1;
  const next: Timesheet = {
    ...t,
    ...priced(booked, claim, extras, t.hourlyRatePence, uplift),
    ...extras,
    ...(input.note === undefined ? {} : { note: input.note }),
    status: 'submitted',
    resubmittedAt: at,
    revision,
  };
  delete next.decidedAt;
  delete next.decidedBy;
  if (next.mileagePence === undefined) delete next.mileagePence;
  // Trust is for a claim the practice has not questioned: once queried or rejected, a person decides.
  if (t.status === 'submitted' && !t.queriedAt && !t.rejectReason) await scheduleAutoApproval(next, at, revision, deps);
  const done = await deps.timesheets.decide([
    deps.timesheets.transition(
      t,
      AMENDABLE,
      'submitted',
      {
        start: next.start,
        end: next.end,
        breakMinutes: next.breakMinutes,
        paidMinutes: next.paidMinutes,
        bankHoliday: next.bankHoliday,
        grossPence: next.grossPence,
        variance: next.variance,
        totalPence: next.totalPence,
        mileageMiles: next.mileageMiles,
        mileagePence: next.mileagePence,
        expenses: next.expenses,
        note: next.note,
        resubmittedAt: at,
      },
      ['decidedAt', 'decidedBy'],
    ),
    audit(deps, t, at, caller.userId, 'timesheet-amended', { from: timesOf(t), to: claim, status: t.status }),
  ]);
  if (!done) {
    const current = found(await deps.timesheets.get(caller.orgId, id), caller, 'timesheet', id);
    throw new ConflictError('INVALID_STATE', `The timesheet was ${current.status} meanwhile; look again`);
  }
  return next;
}

const AMENDABLE: readonly TimesheetStatus[] = ['submitted', 'queried', 'rejected'];
const UNDECIDED: readonly TimesheetStatus[] = ['submitted', 'queried'];

async function ownTimesheet(caller: Caller, id: string, deps: Pick<Deps, 'timesheets'>): Promise<Timesheet> {
  const t = found(await deps.timesheets.get(caller.orgId, id), caller, 'timesheet', id);
  assertRunsPractice(caller, t.practiceId);
  return t;
}

/** One message to the timesheet's clinician about its shift (at the times it now carries). */
async function toItsClinician(
  t: Timesheet,
  kind: NotificationKind,
  render: (shift: ShiftRef) => SmsText & EmailText,
  at: Date,
  deps: Pick<ReadingDeps, 'newId' | 'practices' | 'clinicians' | 'shifts' | 'timesheets'>,
): Promise<TimesheetWrite> {
  const [shift, practice, clinician] = await Promise.all([
    deps.shifts.get(t.orgId, t.shiftId),
    deps.practices.get(t.orgId, t.practiceId),
    deps.clinicians.get(t.orgId, t.clinicianId),
  ]);
  if (!shift || !practice || !clinician) throw new NotFoundError(`No timesheet ${t.id}`);
  const message = toClinician(
    { orgId: t.orgId, id: deps.newId(), createdAt: at.toISOString() },
    kind,
    clinician,
    render(shiftDetails({ ...shift, start: t.start, end: t.end }, practice)),
  );
  return deps.timesheets.messageWrite(message, at.getTime());
}

/** What deciding on a timesheet needs, the text to its clinician included. */
export type DecisionDeps = Pick<ReadingDeps, 'clock' | 'newId' | 'practices' | 'clinicians' | 'shifts' | 'timesheets'>;

/**
 * Approval in one transaction: the timesheet (still undecided, at the
 * revision read) enters the payable index, with the audit entry and the
 * clinician's message. False when it had moved on.
 */
async function approve(t: Timesheet, actor: string, amendment: AmendmentInput | undefined, deps: DecisionDeps) {
  const now = deps.clock.now();
  const at = now.toISOString();
  let next: Timesheet = { ...t, status: 'approved', decidedAt: at, decidedBy: actor, revision: (t.revision ?? 0) + 1 };
  let set: Record<string, unknown> = { decidedAt: at, decidedBy: actor };
  if (amendment) {
    const booked = t.booked!;
    const to: Times = {
      start: amendment.start ?? t.start,
      end: amendment.end ?? t.end,
      breakMinutes: amendment.breakMinutes ?? t.breakMinutes,
    };
    const issues = amendmentIssues(booked, to);
    if (issues.length) throw new ValidationError('The amendment is not valid', issues);
    const uplift = await deps.timesheets.bankHolidayUplift(t.orgId);
    const record = { by: actor, at, note: amendment.note!, from: timesOf(t), to };
    const repriced = priced(booked, to, t, t.hourlyRatePence, uplift);
    delete (repriced as { mileagePence?: number }).mileagePence;
    next = { ...next, ...repriced, amendment: record };
    set = { ...set, ...repriced, amendment: record };
  }
  const done = await deps.timesheets.decide([
    deps.timesheets.transition(t, UNDECIDED, 'approved', set),
    audit(deps, t, at, actor, 'timesheet-approved', {
      grossPence: next.grossPence,
      totalPence: next.totalPence,
      ...(next.amendment
        ? { amendment: { note: next.amendment.note, from: next.amendment.from, to: next.amendment.to } }
        : {}),
    }),
    await toItsClinician(
      next,
      'timesheet-approved',
      (shift) => timesheetApprovedMessage({ ...shift, paidMinutes: next.paidMinutes, grossPence: next.grossPence }),
      now,
      deps,
    ),
  ]);
  return done ? next : undefined;
}

/**
 * The practice's manager (or an admin) approves a submitted or queried
 * timesheet, as it stands or amended (with a note, kept in the audit: who,
 * when, from and to): it enters the payable index, and the clinician is told,
 * in one transaction. Approving an approved (or already exported) timesheet
 * changes nothing; amending one is refused (409).
 */
export async function approveTimesheet(
  caller: Caller,
  id: string,
  deps: DecisionDeps,
  amendment?: AmendmentInput,
): Promise<Timesheet> {
  const t = await ownTimesheet(caller, id, deps);
  const amends =
    amendment && (amendment.start !== undefined || amendment.end !== undefined || amendment.breakMinutes !== undefined);
  if (t.status === 'approved' || t.status === 'exported') return approvedAlready(t, amends ? amendment : undefined);
  if (!UNDECIDED.includes(t.status)) throw new ConflictError('INVALID_STATE', `The timesheet was ${t.status}`);
  if (amends && !amendment.note) {
    throw new ValidationError('Say why the times are amended', [{ path: 'body.note', message: 'is required' }]);
  }
  const done = await approve(t, caller.userId, amends ? amendment : undefined, deps);
  if (done) return done;
  const now = await settled(caller, id, 'approved', deps);
  return approvedAlready(now, amends ? amendment : undefined);
}

/**
 * An approval that finds the timesheet approved already: the same answer
 * when it asks for what stands (a retry, or a plain approve), but an
 * amendment the approved times do not carry is refused, never dropped with
 * a 200 (the clinician would be paid the times it meant to correct).
 */
function approvedAlready(t: Timesheet, amendment: AmendmentInput | undefined): Timesheet {
  const same = (a: string | undefined, b: string) => a === undefined || Date.parse(a) === Date.parse(b);
  if (
    amendment &&
    !(
      same(amendment.start, t.start) &&
      same(amendment.end, t.end) &&
      (amendment.breakMinutes === undefined || amendment.breakMinutes === t.breakMinutes)
    )
  ) {
    throw new ConflictError(
      'INVALID_STATE',
      `The timesheet was ${t.status} as it stood; an approved timesheet's times cannot be amended`,
    );
  }
  return t;
}

/**
 * Approval on trust, run by the scheduler 72 hours after a submission: only
 * the revision that scheduled it, still submitted, never queried or
 * rejected, within the organisation's tolerance of the booking and with no
 * mileage or expenses. Running
 * twice approves once: the second finds it approved.
 */
export async function autoApproveTimesheet(
  orgId: string,
  id: string,
  revision: number,
  deps: DecisionDeps,
): Promise<void> {
  const t = await deps.timesheets.get(orgId, id);
  if (t?.status !== 'submitted' || (t.revision ?? 0) !== revision || t.queriedAt || t.rejectReason) return;
  const due = Date.parse(t.resubmittedAt ?? t.submittedAt) + AUTO_APPROVE_AFTER_MS;
  if (deps.clock.now().getTime() < due) return;
  if (!t.booked || !approvableOnTrust(t.booked, t, await deps.timesheets.autoApproveMinutes(orgId))) return;
  await approve(t, SYSTEM_ACTOR, undefined, deps);
}

/** The practice asks the clinician to look again, saying what about; the clinician is told. */
export async function queryTimesheet(caller: Caller, id: string, note: string, deps: DecisionDeps): Promise<Timesheet> {
  const t = await ownTimesheet(caller, id, deps);
  if (t.status === 'queried' && t.queryNote === note) return t;
  if (t.status !== 'submitted') throw new ConflictError('INVALID_STATE', `The timesheet was ${t.status}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  const next: Timesheet = {
    ...t,
    status: 'queried',
    queryNote: note,
    queriedAt: at,
    queriedBy: caller.userId,
    revision: (t.revision ?? 0) + 1,
  };
  const done = await deps.timesheets.decide([
    deps.timesheets.transition(t, ['submitted'], 'queried', {
      queryNote: note,
      queriedAt: at,
      queriedBy: caller.userId,
    }),
    audit(deps, t, at, caller.userId, 'timesheet-queried', { note }),
    await toItsClinician(next, 'timesheet-queried', (shift) => timesheetQueriedMessage({ ...shift, note }), now, deps),
  ]);
  if (done) return next;
  const current = found(await deps.timesheets.get(caller.orgId, id), caller, 'timesheet', id);
  if (current.status === 'queried' && current.queryNote === note) return current;
  throw new ConflictError('INVALID_STATE', `The timesheet was ${current.status}`);
}

/**
 * A reason is required, and reaches the clinician, who may correct the
 * timesheet and submit it again. Rejecting a rejected timesheet changes
 * nothing; an approved one cannot be.
 */
export async function rejectTimesheet(
  caller: Caller,
  id: string,
  reason: string,
  deps: DecisionDeps,
): Promise<Timesheet> {
  const t = await ownTimesheet(caller, id, deps);
  if (t.status === 'rejected') return t;
  if (!UNDECIDED.includes(t.status)) throw new ConflictError('INVALID_STATE', `The timesheet was ${t.status}`);
  const now = deps.clock.now();
  const at = now.toISOString();
  const next: Timesheet = {
    ...t,
    status: 'rejected',
    decidedAt: at,
    decidedBy: caller.userId,
    rejectReason: reason,
    revision: (t.revision ?? 0) + 1,
  };
  const done = await deps.timesheets.decide([
    deps.timesheets.transition(t, UNDECIDED, 'rejected', {
      decidedAt: at,
      decidedBy: caller.userId,
      rejectReason: reason,
    }),
    audit(deps, t, at, caller.userId, 'timesheet-rejected', { reason }),
    await toItsClinician(
      next,
      'timesheet-rejected',
      (shift) => timesheetRejectedMessage({ ...shift, reason }),
      now,
      deps,
    ),
  ]);
  if (!done) return settled(caller, id, 'rejected', deps);
  return next;
}

/** Someone decided between our read and our write: the same decision is fine, another is a conflict. */
async function settled(
  caller: Caller,
  id: string,
  wanted: 'approved' | 'rejected',
  deps: Pick<Deps, 'timesheets'>,
): Promise<Timesheet> {
  const now = found(await deps.timesheets.get(caller.orgId, id), caller, 'timesheet', id);
  const same =
    wanted === 'approved' ? now.status === 'approved' || now.status === 'exported' : now.status === 'rejected';
  if (same) return now;
  throw new ConflictError('INVALID_STATE', `The timesheet was ${now.status}; look again`);
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

export async function listTimesheets(
  caller: Caller,
  query: ListTimesheetsQuery,
  deps: Pick<Deps, 'timesheets'>,
): Promise<Page<Timesheet>> {
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
    index: INDEX.timesheetsByClinician,
    partition: keys.timesheetsOfClinicianPartition(orgId, clinicianId),
    filter: statusFilter(query.status),
  });
  const byPractice = (practiceId: string): Partition => ({
    index: INDEX.timesheetsByPractice,
    partition: keys.timesheetsOfPracticePartition(orgId, practiceId),
    filter: statusFilter(query.status),
  });
  const byStatus = (status: TimesheetStatus, filter?: Partition['filter']): Partition[] =>
    keys
      .timesheetsInStatusPartitions(orgId, status)
      .map((partition) => ({ index: INDEX.timesheetsByStatus, partition, filter }));

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
  if (query.status) return byStatus(query.status);
  return TIMESHEET_STATUSES.flatMap((s) => byStatus(s));
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
