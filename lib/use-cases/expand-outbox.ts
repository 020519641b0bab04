import type { ReadingDeps } from '../deps';
import { ConflictError } from '../domain/errors';
import { offerState } from '../domain/offers';
import type { OutboxMessage, Practice, Shift } from '../domain/types';
import { shiftDetails, toClinician, toPractice } from '../notify/messages';
import { PartlyExpanded } from '../notify/relay';
import {
  bookingConfirmedClinicianMessage,
  bookingConfirmedPracticeMessage,
  rateRaisedMessage,
  shiftCancelledMessage,
  shiftFilledMessage,
} from '../notify/templates';
import type { Booked, OutboxRecord } from '../store/outbox';
import { settleBooking } from './bookings';
import { releaseOffer } from './offers';

/**
 * Turns an outbox record into the messages to publish. A plain record is one
 * message. A fan-out record ("now filled", "shift cancelled") becomes one
 * message per clinician still holding a live offer of the shift, whose offer
 * is withdrawn as they are told; each message's id is derived from the
 * record's, so a replay finds them already sent. A booking's record also
 * stands for its confirmations, written out here, and for the work the
 * booking left for afterwards (`settleBooking`).
 */
export async function expandOutbox(
  record: OutboxRecord,
  deps: Pick<
    ReadingDeps,
    'clock' | 'newId' | 'practices' | 'clinicians' | 'shifts' | 'offers' | 'bookings' | 'scheduler'
  >,
): Promise<OutboxMessage[]> {
  if (!record.fanOut) return [record];
  let unsettled: unknown;
  if (record.booked) await settleBooking(record.orgId, record.booked, deps).catch((error) => (unsettled = error));
  const messages: OutboxMessage[] = [];
  // A booking cancelled before its record was relayed stands for nothing more: its cancellation told both sides,
  // and the shift is open again, so neither "booked" nor "now filled" is true any longer.
  const cancelled =
    record.booked && (await deps.bookings.get(record.orgId, record.booked.bookingId))?.status !== 'confirmed';
  const shift = cancelled ? undefined : await deps.shifts.get(record.orgId, record.fanOut.shiftId, true);
  const practice = shift && (await deps.practices.get(record.orgId, shift.practiceId));
  if (shift && practice) {
    if (record.booked) messages.push(...(await confirmations(record, record.booked, shift, practice, deps)));
    messages.push(...(await fanOutMessages(record, shift, practice, deps)));
  }
  // The confirmations must not wait on, say, a reminder that could not be scheduled: they go now, the record is retried.
  if (unsettled) throw new PartlyExpanded(messages, unsettled);
  return messages;
}

/** "Booked" to the clinician (unless they booked by text, whose reply says so) and to the practice's rota inbox. */
async function confirmations(
  record: OutboxRecord,
  booked: Booked,
  shift: Shift,
  practice: Practice,
  deps: Pick<ReadingDeps, 'clinicians'>,
): Promise<OutboxMessage[]> {
  const clinician = await deps.clinicians.get(record.orgId, booked.clinicianId);
  const details = shiftDetails(shift, practice);
  const base = (to: string) => ({ orgId: record.orgId, id: `${record.id}:${to}`, createdAt: record.createdAt });
  return [
    ...(clinician && booked.via !== 'sms'
      ? [
          toClinician(
            base('clinician'),
            'booking-confirmed',
            clinician,
            bookingConfirmedClinicianMessage({ ...details, address: practice.address }),
          ),
        ]
      : []),
    ...toPractice(
      base('practice'),
      'booking-confirmed',
      practice,
      bookingConfirmedPracticeMessage({ ...details, clinicianName: clinician?.name ?? 'A bank clinician' }),
    ),
  ];
}

async function fanOutMessages(
  record: OutboxRecord & { fanOut: NonNullable<OutboxRecord['fanOut']> },
  shift: Shift,
  practice: Practice,
  deps: Pick<ReadingDeps, 'clock' | 'newId' | 'clinicians' | 'offers'>,
): Promise<OutboxMessage[]> {
  const { shiftId, exceptClinicianIds, kind, round } = record.fanOut;
  // Withdrawn ones too, but only those this record withdrew: a replay after a failed publish must still reach them,
  // while a clinician told "now filled" by an earlier record is not told again when the shift is then cancelled.
  const offers = (await deps.offers.ofShift(record.orgId, shiftId)).filter(
    (o) =>
      (o.status === 'live' || (o.status === 'withdrawn' && o.withdrawnBy === record.id)) &&
      (o.round ?? 1) === round &&
      !exceptClinicianIds.includes(o.clinicianId),
  );
  const clinicians = new Map(
    (
      await deps.clinicians.getMany(
        record.orgId,
        offers.map((o) => o.clinicianId),
      )
    ).map((c) => [c.id, c]),
  );
  const details = shiftDetails(shift, practice);
  const messages: OutboxMessage[] = [];
  for (const offer of offers) {
    const clinician = clinicians.get(offer.clinicianId);
    // Withdrawn because they left the bank: nothing more is sent to them.
    if (!clinician || clinician.status === 'disabled') continue;
    if (kind === 'rate-raised') {
      // Only offers still open to them: the rate is news to nobody whose offer has ended.
      if (offer.status !== 'live' || offerState(offer, shift, deps.clock.now()) !== 'live') continue;
      // An accept reads the offer's copy of the shift: it must quote (and confirm) the rate now offered.
      if (offer.summary && offer.summary.hourlyRatePence < shift.hourlyRatePence) {
        await deps.offers.raiseQuotedRate(offer, shift.hourlyRatePence);
      }
      messages.push(
        toClinician(
          { orgId: record.orgId, id: `${record.id}:${offer.clinicianId}`, createdAt: record.createdAt },
          kind,
          clinician,
          rateRaisedMessage({ ...details, code: offer.code }),
        ),
      );
      continue;
    }
    if (offer.status === 'live') {
      const moved = await releaseOffer(offer, 'withdrawn', 'system', deps, record.id).then(
        () => false,
        // Declined, expired or withdrawn by another record meanwhile: whatever moved it told them, not this.
        // Any other failure leaves it live, and they are told all the same.
        (error: unknown) => error instanceof ConflictError,
      );
      if (moved) continue;
    }
    const text =
      kind === 'shift-filled'
        ? shiftFilledMessage({ ...details, code: offer.code })
        : shiftCancelledMessage({ ...details, code: offer.code, reason: shift.cancelReason });
    messages.push(
      toClinician(
        { orgId: record.orgId, id: `${record.id}:${offer.clinicianId}`, createdAt: record.createdAt },
        kind,
        clinician,
        text,
      ),
    );
  }
  return messages;
}
