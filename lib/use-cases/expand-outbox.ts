import type { Deps } from '../deps';
import type { OutboxMessage } from '../domain/types';
import { shiftDetails, toClinician } from '../notify/messages';
import { shiftCancelledMessage, shiftFilledMessage } from '../notify/templates';
import type { OutboxRecord } from '../store/outbox';
import { settleBooking } from './bookings';
import { releaseOffer } from './offers';

/**
 * Turns an outbox record into the messages to publish. A plain record is one
 * message. A fan-out record ("now filled", "shift cancelled") becomes one
 * message per clinician still holding a live offer of the shift, whose offer
 * is withdrawn as they are told; each message's id is derived from the
 * record's, so a replay finds them already sent. A booking's record also
 * carries its confirmations, written out in full, and the work the booking
 * left for afterwards (`settleBooking`), done before anything is sent.
 */
export async function expandOutbox(record: OutboxRecord, deps: Deps): Promise<OutboxMessage[]> {
  if (!record.fanOut) return [record];
  if (record.booked) await settleBooking(record.orgId, record.booked, deps);
  const carried = record.messages ?? [];
  const { shiftId, exceptClinicianIds, kind, round } = record.fanOut;
  const shift = await deps.shifts.get(record.orgId, shiftId, true);
  if (!shift) return carried;
  const practice = await deps.practices.get(record.orgId, shift.practiceId);
  if (!practice) return carried;
  // Withdrawn ones too: a replay after a failed publish must still reach those this record withdrew.
  const offers = (await deps.offers.ofShift(record.orgId, shiftId)).filter(
    (o) =>
      (o.status === 'live' || o.status === 'withdrawn') &&
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
  const messages: OutboxMessage[] = [...carried];
  for (const offer of offers) {
    const clinician = clinicians.get(offer.clinicianId);
    if (!clinician) continue;
    if (offer.status === 'live') await releaseOffer(offer, 'withdrawn', 'system', deps).catch(() => undefined);
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
