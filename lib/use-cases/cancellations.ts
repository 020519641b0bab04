import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, NotFoundError } from '../domain/errors';
import { cancellationFee } from '../domain/pay';
import { cancellationFeeTimesheet } from '../domain/timesheet-rules';
import type { Booking, Clinician, OutboxMessage, Shift, Timesheet } from '../domain/types';
import { logger } from '../logger';
import { shiftDetails, toClinician, toPractice } from '../notify/messages';
import {
  bookingCancelledClinicianMessage,
  bookingCancelledPracticeMessage,
  formatPence,
  shiftCancelledMessage,
} from '../notify/templates';
import { type CancellationTerms, cancellationTerms } from '../store/organisations';
import type { OutboxRecord } from '../store/outbox';
import { AGAIN, retry } from '../store/retry';
import type { CancelShiftInput } from '../store/shifts';
import { assertRunsPractice, found } from './access';
import { bookingRetry, pruned, stillMoving } from './bookings';
import { OFFERS_PER_REQUEST, type OfferingDeps, runWave } from './offers';

function cancelledBy(caller: Caller, booking: Booking): 'clinician' | 'practice' {
  return caller.role === 'clinician' && caller.clinicianId === booking.clinicianId ? 'clinician' : 'practice';
}

/**
 * A booking is cancelled: the shift reopens for a new round of offers (never
 * again to a clinician who cancelled it), the other side is told, and a
 * clinician's cancellation inside the organisation's late window (the one
 * that makes a practice pay a fee) counts against their reliability. The
 * practice cancelling the booking inside that window owes the clinician the
 * fee, as when it cancels the shift: the fee's timesheet is written in the
 * same transaction, and both sides are told of it. Unlike the shift's cancel
 * it asks for no `acknowledgeLateFee`: this route's `{reason}` → 200 is v1's,
 * which the contract's v1.1 left as it was.
 */
export async function cancelBooking(
  caller: Caller,
  bookingId: string,
  reason: string,
  deps: OfferingDeps & Pick<Deps, 'db' | 'table' | 'scheduler'>,
): Promise<Booking> {
  // Something moved between the reads and the write (the booking, its shift, the diary): read again and rebuild.
  return retry(
    bookingRetry(deps.random),
    async () => {
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
        cancellationTerms(deps.db, deps.table, caller.orgId),
      ]);
      if (!shift || !clinician || !practice) throw new NotFoundError(`No booking ${bookingId}`);
      const late =
        by === 'clinician' && Date.parse(booking.start) - now.getTime() < terms.lateCancellationHours * 3_600_000;
      const fee = by === 'practice' ? lateCancellationFee(shift, now, terms) : undefined;
      const at = now.toISOString();
      const owed =
        fee && fee.feePence > 0 && shift.booking?.id === booking.id
          ? feeTimesheet({ ...shift, booking: shift.booking }, clinician, terms, at, caller.userId)
          : undefined;
      const feePence = owed ? { feePence: owed.grossPence } : {};
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
                bookingCancelledClinicianMessage({ ...details, cancelledBy: by, reason, ...feePence }),
              ),
              ...toPractice(
                base(),
                'booking-cancelled',
                practice,
                bookingCancelledPracticeMessage({
                  ...details,
                  clinicianName: clinician.name,
                  cancelledBy: by,
                  reason,
                  ...feePence,
                }),
              ),
            ];
      const outcome = await deps.bookings.cancel({
        booking,
        change: { at, by: caller.userId, reason, late },
        reopen: {
          shift,
          round,
          excludedClinicianIds:
            by === 'clinician'
              ? [...new Set([...(shift.excludedClinicianIds ?? []), booking.clinicianId])]
              : (shift.excludedClinicianIds ?? []),
        },
        diary: {
          bookings: pruned(diary.bookings, now).filter((b) => b.bookingId !== booking.id),
          version: diary.version,
        },
        audit: { id: deps.newId(), actor: caller.userId, detail: { bookingId: booking.id, by, late, reason } },
        messages,
        countLate: late,
        ...(owed ? { fee: { timesheet: owed, auditId: deps.newId() } } : {}),
        nowMs: now.getTime(),
      });
      if (outcome.kind === 'moved') return AGAIN;
      await deps.scheduler
        .cancel({ kind: 'reminder', orgId: booking.orgId, bookingId: booking.id })
        .catch((error: Error) => {
          logger.warn('Could not cancel the reminder; it will find the booking cancelled', { error: error.message });
        });
      await reoffer(shift.orgId, shift.id, deps);
      return {
        ...booking,
        status: 'cancelled' as const,
        cancelledAt: at,
        cancelledBy: caller.userId,
        cancelReason: reason,
        ...(owed ? { timesheetId: owed.id } : {}),
      };
    },
    stillMoving,
  );
}

async function reoffer(orgId: string, shiftId: string, deps: OfferingDeps & Pick<Deps, 'scheduler'>): Promise<void> {
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
  const feeHours = feeHoursOf(terms);
  return {
    feePence: cancellationFee({
      shiftStart: shift.start,
      hourlyRatePence: shift.hourlyRatePence,
      feeHours,
      bankHolidayUplift: terms.bankHolidayUplift,
    }).grossPence,
    hours: Math.floor(hours * 10) / 10,
    lateCancellationHours: terms.lateCancellationHours,
    feeHours,
  };
}

/** The organisation's fee hours, at most a day's (the fee is priced to the whole minute). */
function feeHoursOf(terms: CancellationTerms): number {
  return Math.min(24, terms.lateCancellationFeeHours);
}

/** The fee owed for a late cancellation, as its own approved timesheet (lib/domain/timesheet-rules.ts), once per booking. */
function feeTimesheet(
  shift: Shift & { booking: NonNullable<Shift['booking']> },
  clinician: Clinician,
  terms: CancellationTerms,
  at: string,
  by: string,
): Timesheet {
  return cancellationFeeTimesheet({
    orgId: shift.orgId,
    bookingId: shift.booking.id,
    shiftId: shift.id,
    clinicianId: clinician.id,
    practiceId: shift.practiceId,
    employment: clinician.employment,
    shiftStart: shift.start,
    hourlyRatePence: shift.hourlyRatePence,
    feeHours: feeHoursOf(terms),
    bankHolidayUplift: terms.bankHolidayUplift,
    at,
    by,
  });
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
  deps: Pick<
    Deps,
    | 'db'
    | 'table'
    | 'clock'
    | 'newId'
    | 'practices'
    | 'clinicians'
    | 'shifts'
    | 'bookings'
    | 'escalations'
    | 'random'
    | 'scheduler'
  >,
  options: { acknowledgeLateFee?: boolean } = {},
): Promise<Shift> {
  const cancelled = await retry(
    bookingRetry(deps.random),
    async () => {
      const shift = found(await deps.shifts.get(caller.orgId, shiftId, true), caller, 'shift', shiftId);
      assertRunsPractice(caller, shift.practiceId);
      if (shift.status === 'cancelled') return shift;
      const now = deps.clock.now();
      if (Date.parse(shift.start) <= now.getTime()) throw new ConflictError('INVALID_STATE', 'The shift has started');
      const practice = await deps.practices.get(caller.orgId, shift.practiceId);
      if (!practice) throw new NotFoundError(`No practice ${shift.practiceId}`);
      const at = now.toISOString();
      const base = () => ({ orgId: caller.orgId, id: deps.newId(), createdAt: at });
      const fanOut: OutboxRecord = {
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
      };
      const auditId = deps.newId();
      let booked: CancelShiftInput['booked'];
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
              ? feeTimesheet({ ...shift, booking: shift.booking }, clinician, terms, at, caller.userId)
              : undefined;
          booked = {
            bookingId,
            clinicianId: clinician.id,
            diary: {
              bookings: pruned(diary.bookings, now).filter((b) => b.bookingId !== bookingId),
              version: diary.version,
            },
            message: toClinician(
              base(),
              'shift-cancelled',
              clinician,
              shiftCancelledMessage({
                ...shiftDetails(shift, practice),
                reason,
                ...(owed ? { feePence: owed.grossPence } : {}),
              }),
            ),
            ...(owed ? { fee: { timesheet: owed, auditId: deps.newId() } } : {}),
          };
        }
      }
      const outcome = await deps.shifts.cancel({
        shift,
        at,
        reason,
        actor: caller.userId,
        auditId,
        fanOut,
        booked,
        nowMs: now.getTime(),
      });
      if (outcome.kind === 'moved') return AGAIN;
      if (bookingId) {
        await deps.scheduler.cancel({ kind: 'reminder', orgId: shift.orgId, bookingId }).catch(() => undefined);
      }
      return { ...shift, status: 'cancelled' as const, cancelledAt: at, cancelReason: reason };
    },
    stillMoving,
  );
  await closePendingRaise(caller, cancelled, deps);
  return cancelled;
}

/**
 * A raise of a cancelled shift waiting for an admin is turned down, so it
 * leaves their queue (approving it would be refused anyway). After the
 * cancellation and apart from it: should this fail, the admin can still
 * reject it by hand.
 */
async function closePendingRaise(
  caller: Caller,
  shift: Shift,
  deps: Pick<Deps, 'clock' | 'newId' | 'escalations'>,
): Promise<void> {
  try {
    const pending = await deps.escalations.pendingOf(shift.orgId, shift.id);
    if (!pending) return;
    await deps.escalations.reject(
      {
        escalation: pending,
        status: 'rejected',
        by: caller.userId,
        at: shift.cancelledAt ?? deps.clock.now().toISOString(),
        reason: 'The shift was cancelled',
      },
      deps.newId(),
    );
  } catch (error) {
    logger.warn('Could not close the pending raise of a cancelled shift', {
      shiftId: shift.id,
      error: (error as Error).message,
    });
  }
}
