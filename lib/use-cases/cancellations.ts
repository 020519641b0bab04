import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '../deps';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import type { Booking, Clinician, OutboxMessage, Shift, Timesheet } from '../domain/types';
import type { Caller } from '../http/caller';
import { logger } from '../logger';
import { shiftDetails, toClinician, toPractice } from '../notify/messages';
import {
  bookingCancelledClinicianMessage,
  bookingCancelledPracticeMessage,
  formatPence,
  shiftCancelledMessage,
} from '../notify/templates';
import { keys } from '../store/keys';
import { type CancellationTerms, cancellationTerms } from '../store/organisations';
import { outboxItem } from '../store/outbox';
import { cancellationCodes } from '../store/records';
import { auditItem } from '../store/shifts';
import { timesheetItem } from '../store/timesheets';
import { assertRunsPractice, found } from './access';
import { diaryPut, isRetryable, MAX_ATTEMPTS, pause, pruned, type TransactItem } from './bookings';
import { OFFERS_PER_REQUEST, runWave } from './offers';

/** A confirmed booking becomes cancelled, only if it is still confirmed. */
function cancelBookingUpdate(
  table: string,
  orgId: string,
  bookingId: string,
  change: { at: string; by: string; reason: string; late?: boolean; feeTimesheetId?: string },
): TransactItem {
  const late = change.late === undefined ? {} : { ':late': change.late };
  const fee = change.feeTimesheetId === undefined ? {} : { ':fee': change.feeTimesheetId };
  return {
    Update: {
      TableName: table,
      Key: keys.booking(orgId, bookingId),
      UpdateExpression: `SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by, cancelReason = :reason${change.late === undefined ? '' : ', late = :late'}${change.feeTimesheetId === undefined ? '' : ', timesheetId = :fee'}`,
      ConditionExpression: '#status = :confirmed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':confirmed': 'confirmed',
        ':at': change.at,
        ':by': change.by,
        ':reason': change.reason,
        ...late,
        ...fee,
      },
    },
  };
}

/**
 * Commits a cancellation's transaction. When something moved underneath it
 * (a condition failed, DynamoDB reported a conflict or throttled) the caller
 * reads again and rebuilds it, a bounded number of times.
 */
async function commitOrRetry(items: TransactItem[], attempt: number, deps: Deps): Promise<'done' | 'retry'> {
  try {
    await deps.db.send(new TransactWriteCommand({ TransactItems: items }));
    return 'done';
  } catch (error) {
    const codes = cancellationCodes(error);
    if ((codes?.some((c) => c === 'ConditionalCheckFailed') || isRetryable(error)) && attempt < MAX_ATTEMPTS) {
      await pause(10 * 2 ** attempt + Math.random() * 10);
      return 'retry';
    }
    throw error;
  }
}

function cancelledBy(caller: Caller, booking: Booking): 'clinician' | 'practice' {
  return caller.role === 'clinician' && caller.clinicianId === booking.clinicianId ? 'clinician' : 'practice';
}

/**
 * A booking is cancelled: the shift reopens for a new round of offers (never
 * again to a clinician who cancelled it), the other side is told, and a
 * clinician's cancellation inside the organisation's late window (the one
 * that makes a practice pay a fee) counts against their reliability.
 */
export async function cancelBooking(caller: Caller, bookingId: string, reason: string, deps: Deps): Promise<Booking> {
  for (let attempt = 0; ; attempt++) {
    const booking = found(await deps.bookings.get(caller.orgId, bookingId), caller, 'booking', bookingId);
    if (caller.role === 'clinician') {
      if (caller.clinicianId !== booking.clinicianId) throw new ForbiddenError('This booking is someone else’s');
    } else {
      assertRunsPractice(caller, booking.practiceId);
    }
    if (booking.status === 'cancelled') return booking;
    const now = deps.clock.now();
    if (Date.parse(booking.start) <= now.getTime()) {
      throw new ConflictError('INVALID_STATE', 'The shift has started; it can no longer be cancelled');
    }
    const by = cancelledBy(caller, booking);
    const [shift, clinician, practice, diary, terms] = await Promise.all([
      deps.shifts.get(caller.orgId, booking.shiftId, true),
      deps.clinicians.get(caller.orgId, booking.clinicianId),
      deps.practices.get(caller.orgId, booking.practiceId),
      deps.bookings.diary(caller.orgId, booking.clinicianId),
      by === 'clinician' ? cancellationTerms(deps.db, deps.table, caller.orgId) : undefined,
    ]);
    if (!shift || !clinician || !practice) throw new NotFoundError(`No booking ${bookingId}`);
    const late =
      terms !== undefined && Date.parse(booking.start) - now.getTime() < terms.lateCancellationHours * 3_600_000;
    const at = now.toISOString();
    const round = (shift.round ?? 1) + 1;
    const details = shiftDetails(shift, practice);
    const base = () => ({ orgId: caller.orgId, id: deps.newId(), createdAt: at });
    const messages: OutboxMessage[] =
      by === 'clinician'
        ? [
            ...toPractice(
              base(),
              'booking-cancelled',
              practice,
              bookingCancelledPracticeMessage({ ...details, clinicianName: clinician.name, cancelledBy: by, reason }),
            ),
            toClinician(
              base(),
              'booking-cancelled',
              clinician,
              bookingCancelledClinicianMessage({ ...details, cancelledBy: by, reason }),
            ),
          ]
        : [
            toClinician(
              base(),
              'booking-cancelled',
              clinician,
              bookingCancelledClinicianMessage({ ...details, cancelledBy: by, reason }),
            ),
            ...toPractice(
              base(),
              'booking-cancelled',
              practice,
              bookingCancelledPracticeMessage({ ...details, clinicianName: clinician.name, cancelledBy: by, reason }),
            ),
          ];
    const items: TransactItem[] = [
      cancelBookingUpdate(deps.table, booking.orgId, booking.id, { at, by: caller.userId, reason, late }),
      {
        Update: {
          TableName: deps.table,
          Key: keys.shift(shift.orgId, shift.id),
          UpdateExpression:
            'SET #status = :open, round = :round, GSI3PK = :gpk, GSI3SK = :gsk, excludedClinicianIds = :excluded REMOVE booking, filledAt',
          ConditionExpression: '#status = :filled AND booking.id = :bid',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':open': 'open',
            ':filled': 'filled',
            ':bid': booking.id,
            ':round': round,
            ':excluded':
              by === 'clinician'
                ? [...new Set([...(shift.excludedClinicianIds ?? []), booking.clinicianId])]
                : (shift.excludedClinicianIds ?? []),
            ...(() => {
              const k = keys.openShifts(shift.orgId, shift.start, shift.id);
              return { ':gpk': k.GSI3PK, ':gsk': k.GSI3SK };
            })(),
          },
        },
      },
      diaryPut(
        caller.orgId,
        booking.clinicianId,
        pruned(diary.bookings, now).filter((b) => b.bookingId !== booking.id),
        diary.version,
        deps.table,
      ),
      {
        Put: {
          TableName: deps.table,
          Item: auditItem(shift.orgId, shift.id, {
            id: deps.newId(),
            at,
            actor: caller.userId,
            action: 'booking-cancelled',
            detail: { bookingId: booking.id, by, late, reason },
          }),
        },
      },
      ...messages.map((m): TransactItem => ({ Put: { TableName: deps.table, Item: outboxItem(m, now.getTime()) } })),
    ];
    if (late) {
      // Bumping the version too makes a concurrent profile edit (read before this) fail rather than undo the count.
      items.push({
        Update: {
          TableName: deps.table,
          Key: keys.clinician(clinician.orgId, clinician.id),
          UpdateExpression: 'ADD lateCancellations :one, version :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      });
    }
    if ((await commitOrRetry(items, attempt, deps)) === 'retry') continue;
    await deps.scheduler
      .cancel({ kind: 'reminder', orgId: booking.orgId, bookingId: booking.id })
      .catch((error: Error) => {
        logger.warn('Could not cancel the reminder; it will find the booking cancelled', { error: error.message });
      });
    await reoffer(shift.orgId, shift.id, deps);
    return { ...booking, status: 'cancelled', cancelledAt: at, cancelledBy: caller.userId, cancelReason: reason };
  }
}

async function reoffer(orgId: string, shiftId: string, deps: Deps): Promise<void> {
  try {
    await runWave(orgId, shiftId, 1, deps, { maxOffers: OFFERS_PER_REQUEST });
  } catch (error) {
    logger.error('Re-offering failed; scheduled a retry', error as Error);
    await deps.scheduler.schedule(deps.clock.now(), { kind: 'wave', orgId, shiftId, wave: 1 });
  }
}

/**
 * A late cancellation of a filled shift by the practice: what it costs, or
 * undefined when it is not late.
 */
export function lateCancellationFee(
  shift: Pick<Shift, 'start' | 'hourlyRatePence'>,
  now: Date,
  terms: CancellationTerms,
): { feePence: number; hours: number; lateCancellationHours: number; feeHours: number } | undefined {
  const hours = (Date.parse(shift.start) - now.getTime()) / 3_600_000;
  if (hours >= terms.lateCancellationHours) return undefined;
  return {
    feePence: Math.round(terms.lateCancellationFeeHours * shift.hourlyRatePence),
    hours: Math.floor(hours * 10) / 10,
    lateCancellationHours: terms.lateCancellationHours,
    feeHours: terms.lateCancellationFeeHours,
  };
}

/**
 * The fee owed for a late cancellation, as a timesheet of its own: approved
 * when it is made, so it sits in the payable index and payroll (or the
 * invoice run) pays it once, like any approved line.
 */
function feeTimesheet(
  shift: Shift & { booking: NonNullable<Shift['booking']> },
  clinician: Clinician,
  fee: { feePence: number; feeHours: number },
  at: string,
  by: string,
  id: string,
): Timesheet {
  const minutes = Math.round(fee.feeHours * 60);
  const times = {
    start: shift.start,
    end: new Date(Date.parse(shift.start) + minutes * 60_000).toISOString(),
    breakMinutes: 0,
  };
  return {
    orgId: shift.orgId,
    id,
    bookingId: shift.booking.id,
    shiftId: shift.id,
    clinicianId: clinician.id,
    practiceId: shift.practiceId,
    ...times,
    shiftStart: shift.start,
    booked: times,
    variance: { minutes: 0, pence: 0 },
    paidMinutes: minutes,
    hourlyRatePence: shift.hourlyRatePence,
    bankHoliday: false,
    grossPence: fee.feePence,
    totalPence: fee.feePence,
    employment: clinician.employment,
    status: 'approved',
    submittedAt: at,
    decidedAt: at,
    decidedBy: by,
    revision: 0,
    lineType: 'cancellation-fee',
  };
}

/**
 * A manager cancels a shift: its booking (if any) ends and the booked
 * clinician and every offeree are told. A filled shift cancelled inside the
 * organisation's late window needs `acknowledgeLateFee`, and owes the booked
 * clinician the fee, written in the same transaction.
 */
export async function cancelShift(
  caller: Caller,
  shiftId: string,
  reason: string,
  deps: Deps,
  options: { acknowledgeLateFee?: boolean } = {},
): Promise<Shift> {
  for (let attempt = 0; ; attempt++) {
    const shift = found(await deps.shifts.get(caller.orgId, shiftId, true), caller, 'shift', shiftId);
    assertRunsPractice(caller, shift.practiceId);
    if (shift.status === 'cancelled') return shift;
    const now = deps.clock.now();
    if (Date.parse(shift.start) <= now.getTime()) throw new ConflictError('INVALID_STATE', 'The shift has started');
    const practice = await deps.practices.get(caller.orgId, shift.practiceId);
    if (!practice) throw new NotFoundError(`No practice ${shift.practiceId}`);
    const at = now.toISOString();
    const base = () => ({ orgId: caller.orgId, id: deps.newId(), createdAt: at });
    const items: TransactItem[] = [
      {
        Update: {
          TableName: deps.table,
          Key: keys.shift(shift.orgId, shift.id),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at, cancelReason = :reason REMOVE GSI3PK, GSI3SK',
          ConditionExpression: '#status = :was',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at, ':reason': reason, ':was': shift.status },
        },
      },
      {
        Put: {
          TableName: deps.table,
          Item: auditItem(shift.orgId, shift.id, {
            id: deps.newId(),
            at,
            actor: caller.userId,
            action: 'shift-cancelled',
            detail: { reason },
          }),
        },
      },
      {
        Put: {
          TableName: deps.table,
          Item: outboxItem(
            {
              ...base(),
              kind: 'shift-cancelled',
              fanOut: {
                kind: 'shift-cancelled',
                shiftId: shift.id,
                round: shift.round ?? 1,
                // The booked clinician is told below; until the relay settles their booking their offer still
                // reads live, and the fan-out would tell them again as an offeree.
                exceptClinicianIds: shift.status === 'filled' && shift.booking ? [shift.booking.clinicianId] : [],
              },
            },
            now.getTime(),
          ),
        },
      },
    ];
    let bookingId: string | undefined;
    if (shift.status === 'filled' && shift.booking) {
      bookingId = shift.booking.id;
      const [clinician, diary, terms] = await Promise.all([
        deps.clinicians.get(caller.orgId, shift.booking.clinicianId),
        deps.bookings.diary(caller.orgId, shift.booking.clinicianId),
        cancellationTerms(deps.db, deps.table, caller.orgId),
      ]);
      const fee = lateCancellationFee(shift, now, terms);
      if (fee && options.acknowledgeLateFee !== true) {
        throw new ConflictError(
          'LATE_CANCELLATION',
          `The shift starts within ${terms.lateCancellationHours} hours: cancelling it owes the clinician ${formatPence(fee.feePence)}; send acknowledgeLateFee: true to go ahead`,
          fee,
        );
      }
      if (clinician) {
        const owed =
          fee && fee.feePence > 0
            ? feeTimesheet({ ...shift, booking: shift.booking }, clinician, fee, at, caller.userId, deps.newId())
            : undefined;
        if (owed) {
          items.push(
            {
              Put: {
                TableName: deps.table,
                Item: timesheetItem(owed),
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
                  action: 'late-cancellation-fee',
                  detail: { timesheetId: owed.id, feePence: owed.grossPence, clinicianId: clinician.id },
                }),
              },
            },
          );
        }
        items.push(
          cancelBookingUpdate(deps.table, shift.orgId, shift.booking.id, {
            at,
            by: caller.userId,
            reason,
            ...(owed ? { feeTimesheetId: owed.id } : {}),
          }),
          diaryPut(
            caller.orgId,
            clinician.id,
            pruned(diary.bookings, now).filter((b) => b.bookingId !== bookingId),
            diary.version,
            deps.table,
          ),
          {
            Put: {
              TableName: deps.table,
              Item: outboxItem(
                toClinician(
                  base(),
                  'shift-cancelled',
                  clinician,
                  shiftCancelledMessage({
                    ...shiftDetails(shift, practice),
                    reason,
                    ...(owed ? { feePence: owed.grossPence } : {}),
                  }),
                ),
                now.getTime(),
              ),
            },
          },
        );
      }
    }
    if ((await commitOrRetry(items, attempt, deps)) === 'retry') continue;
    if (bookingId) {
      await deps.scheduler.cancel({ kind: 'reminder', orgId: shift.orgId, bookingId }).catch(() => undefined);
    }
    return { ...shift, status: 'cancelled', cancelledAt: at, cancelReason: reason };
  }
}
