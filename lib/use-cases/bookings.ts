import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import type { DocumentType } from '../domain/documents';
import { assessEligibility, timeOffTouching } from '../domain/eligibility';
import { ConflictError, ForbiddenError, NotFoundError, OfferExpiredError } from '../domain/errors';
import { offerState } from '../domain/offers';
import { shiftPayPence } from '../domain/pay';
import type {
  BookedInterval,
  Booking,
  ExclusionReason,
  Offer,
  OfferSummary,
  OutboxMessage,
  Practice,
  Shift,
  TimeOff,
} from '../domain/types';
import { countMetric, METRIC, timeToFillMetric } from '../metrics';
import { shiftDetails, toClinician } from '../notify/messages';
import { reminderMessage, type SmsText } from '../notify/templates';
import type { Booked } from '../store/outbox';
import { AGAIN, type RetryPolicy, retry } from '../store/retry';
import { getShifts } from '../store/shifts';
import { assertRunsPractice, found } from './access';

/**
 * How a booking change that lost a race with another change of the same
 * shift, booking or diary tries again: it reads afresh and re-checks the
 * rules, a few times, with a short jittered pause (`random` is the caller's).
 */
export const bookingRetry = (random: () => number): RetryPolicy => ({ attempts: 9, baseMs: 10, capMs: 1000, random });

/** Thrown when every try lost a race: the client may simply send the request again. */
export function stillMoving(): ConflictError {
  return new ConflictError('INVALID_STATE', 'The booking was changed by someone else meanwhile; try again');
}
const REMINDER_HOURS_BEFORE = 24;
/**
 * A diary keeps bookings that ended within the last 29 days. Matching reads
 * only diaries, and a shift still to be offered starts after the diary's last
 * write, so this covers all it looks back on: rest and weekly hours (a week
 * and a day) and the fair spread's four weeks of recent hours, with a day over.
 */
const DIARY_KEEP_MS = 29 * 86_400_000;

const HARD_RULES: readonly ExclusionReason[] = ['ROLE', 'SKILLS', 'COMPLIANCE', 'BLOCKED', 'DISABLED', 'IR35'];
export const DIARY_RULES: readonly ExclusionReason[] = ['CLASH', 'REST', 'WEEKLY_HOURS', 'TRAVEL'];

export function pruned(bookings: readonly BookedInterval[], now: Date): BookedInterval[] {
  return bookings.filter((b) => Date.parse(b.end) > now.getTime() - DIARY_KEEP_MS);
}

function timeOffClash(away: readonly TimeOff[]): ConflictError {
  return new ConflictError('CLASH', 'You have time off during this shift', {
    reasons: ['AVAILABILITY'],
    timeOff: away.map((t) => ({ id: t.id, from: t.from, to: t.to })),
  });
}

export interface AcceptOptions {
  /**
   * Booked from the open shifts the clinician could work (`takeShift`, which ran matching's rules first): their own
   * choice of this shift now outweighs an offer of it they declined, or that was withdrawn, earlier in the round.
   */
  take?: boolean;
  /** Booked by a text: the reply to that text is the clinician's confirmation, written in the same transaction. */
  smsReply?: {
    id: string;
    /** The organisation the text's replies are kept in, which for someone in several banks need not be the booking's. */
    orgId: string;
    to: string;
    text: (
      shift: Pick<Shift, 'role' | 'start' | 'end' | 'hourlyRatePence'>,
      practice: Pick<Practice, 'name'>,
    ) => SmsText;
  };
}

type AcceptShift = Pick<
  Shift,
  'id' | 'orgId' | 'practiceId' | 'role' | 'skills' | 'start' | 'end' | 'hourlyRatePence' | 'status' | 'round'
> &
  Partial<Pick<Shift, 'postedAt'>>;
type AcceptPractice = Pick<Practice, 'id' | 'name' | 'email' | 'address'> &
  Partial<Pick<Practice, 'lat' | 'lon' | 'requirements'>>;

/** The shift and practice as the offer recorded them; taken to be open until the transaction says otherwise. */
function fromSummary(offer: Offer, summary: OfferSummary): { shift: AcceptShift; practice: AcceptPractice } {
  return {
    shift: {
      id: offer.shiftId,
      orgId: offer.orgId,
      practiceId: summary.practiceId,
      role: summary.role,
      skills: summary.skills,
      start: summary.start,
      end: summary.end,
      hourlyRatePence: summary.hourlyRatePence,
      status: 'open',
      round: offer.round,
      postedAt: summary.postedAt,
    },
    practice: {
      id: summary.practiceId,
      name: summary.practiceName,
      email: summary.practiceEmail,
      address: summary.practiceAddress,
      lat: summary.lat,
      lon: summary.lon,
      requirements: summary.practiceRequirements,
    },
  };
}

/** The shift as it is now: open (and in the offer's round), or the reason nobody can book it. */
async function currentShift(
  caller: Caller,
  offer: Offer,
  deps: Pick<Deps, 'practices' | 'shifts'>,
): Promise<{ shift: AcceptShift; practice: AcceptPractice }> {
  const shift = await deps.shifts.get(caller.orgId, offer.shiftId, true);
  if (!shift) throw new NotFoundError(`No offer ${offer.id}`);
  if (shift.status !== 'open' || (offer.round ?? 1) !== (shift.round ?? 1)) {
    throw new ConflictError(
      'SHIFT_UNAVAILABLE',
      shift.status === 'cancelled' ? 'The shift was cancelled' : 'Someone else has booked this shift',
    );
  }
  const practice = await deps.practices.get(caller.orgId, shift.practiceId);
  if (!practice) throw new NotFoundError(`No practice ${shift.practiceId}`);
  return { shift, practice: { ...practice, requirements: practice.requirements ?? [] } };
}

/** The practice's place and its own required documents, read again only for an offer from before they were copied. */
async function siteOf(
  caller: Caller,
  practice: AcceptPractice,
  deps: Pick<Deps, 'practices'>,
): Promise<{ lat: number; lon: number; requirements: DocumentType[] }> {
  if (practice.lat !== undefined && practice.lon !== undefined && practice.requirements !== undefined) {
    return { lat: practice.lat, lon: practice.lon, requirements: practice.requirements };
  }
  const stored = await deps.practices.get(caller.orgId, practice.id);
  if (!stored) throw new NotFoundError(`No practice ${practice.id}`);
  return { lat: stored.lat, lon: stored.lon, requirements: stored.requirements ?? [] };
}

async function existingBooking(
  orgId: string,
  bookingId: string | undefined,
  deps: Pick<Deps, 'bookings'>,
): Promise<Booking | undefined> {
  return bookingId ? deps.bookings.get(orgId, bookingId) : undefined;
}

/**
 * First accept wins. One transaction moves the shift from open to filled only
 * if still open and in the offer's round, and the clinician's diary only if
 * unchanged since it was read (so no clash, short rest or weekly excess can
 * slip in between); and it writes the booking, whose INSERT on the stream is
 * also its outbox record (`bookingOutboxRecord`): from it the relay writes out
 * both confirmations and the "now filled" notice and finishes the booking
 * (`settleBooking`: the offer marked accepted, the audit line, the freed reply
 * code, the reminder). Three items, the ones the booking rules need: the shift
 * is the one guard against a second winner, so the offer need not change with
 * it (its status, expiry and round are checked as read; a declined, expired or
 * withdrawn offer is refused before the transaction, and a decline moves the
 * diary on, so one landing in between fails the transaction and the offer is
 * read again). No booking is stored
 * without its confirmations nor confirmed without being stored. A booking by
 * text adds a fourth, the reply to that text under the text's own id, so that
 * a redelivery of the text finds it answered. A retry of the same accept
 * returns the same booking, found in the diary until the offer is marked.
 */
export async function acceptOffer(
  caller: Caller,
  offerId: string,
  deps: Pick<Deps, 'clock' | 'newId' | 'practices' | 'shifts' | 'bookings' | 'random'>,
  options: AcceptOptions = {},
): Promise<Booking> {
  let trustSummary = true;
  return retry(
    bookingRetry(deps.random),
    async () => {
      // One request for everything the checks need: the offer (with its copy of the shift and practice),
      // the clinician and their diary. The transaction below re-checks the shift itself.
      const read = await deps.bookings.forAccept(caller.orgId, offerId, caller.clinicianId);
      const offer = found(read.offer, caller, 'offer', offerId);
      if (offer.clinicianId !== caller.clinicianId) throw new ForbiddenError('This offer was made to someone else');
      const { clinician, diary } = read;
      if (!clinician) throw new NotFoundError(`No offer ${offerId}`);
      if (offer.status === 'accepted') {
        // A retry of an accept that won returns its booking; once that booking is cancelled, the offer is spent.
        const booking = await existingBooking(caller.orgId, offer.bookingId, deps);
        if (booking?.status === 'confirmed') return booking;
        throw new ConflictError('SHIFT_UNAVAILABLE', 'This booking was cancelled; the shift has been offered again');
      }
      // An accept that won before the relay marked the offer (this request retried, or the same offer accepted on
      // the web and by text) is in the clinician's diary: return its booking rather than call it a clash.
      const won = diary.bookings.find((b) => b.shiftId === offer.shiftId);
      if (won) {
        const booking = await existingBooking(caller.orgId, won.bookingId, deps);
        if (booking?.status === 'confirmed' && booking.offerId === offer.id) return booking;
      }
      const { shift, practice } =
        trustSummary && offer.summary ? fromSummary(offer, offer.summary) : await currentShift(caller, offer, deps);
      const now = deps.clock.now();
      const state = offerState(options.take ? { ...offer, status: 'live' } : offer, shift, now);
      // Time off is the clinician's own word that they cannot work then, unlike a weekly pattern: it binds. Adding
      // it withdraws the offer, so an accept of that offer hears why rather than "expired".
      const away = timeOffTouching(clinician.timeOff, shift);
      if (state !== 'live') {
        // A filled or cancelled shift answers SHIFT_UNAVAILABLE whatever became of the offer: ask the shift first.
        if (shift.status === 'open') await currentShift(caller, offer, deps);
        if (away.length) throw timeOffClash(away);
        throw new OfferExpiredError(state === 'declined' ? 'You declined this offer' : 'This offer has expired');
      }

      // Distance and availability were the clinician's to weigh when they chose to accept; the rest still bind,
      // the drive from another booking that day (TRAVEL) included, which needs the practice's place.
      const site = await siteOf(caller, practice, deps);
      const verdict = assessEligibility({
        clinician,
        shift,
        practice: { id: practice.id, ...site },
        bookings: diary.bookings,
      });
      const hard = verdict.reasons.filter((r) => HARD_RULES.includes(r));
      if (hard.length) {
        throw new ConflictError('NOT_ELIGIBLE', 'You can no longer work this shift', {
          reasons: hard,
          ...verdict.compliance,
        });
      }
      if (away.length) throw timeOffClash(away);
      const clash = verdict.reasons.filter((r) => DIARY_RULES.includes(r));
      if (clash.length) {
        throw new ConflictError(
          'CLASH',
          'This shift would overlap a booking, leave too little time to drive from another, cut your rest below 11 hours or take your week over your hours',
          { reasons: clash },
        );
      }

      const at = now.toISOString();
      const booking: Booking = {
        orgId: caller.orgId,
        id: deps.newId(),
        shiftId: shift.id,
        offerId: offer.id,
        clinicianId: clinician.id,
        practiceId: shift.practiceId,
        status: 'confirmed',
        bookedAt: at,
        start: shift.start,
        end: shift.end,
      };
      const interval: BookedInterval = {
        bookingId: booking.id,
        shiftId: shift.id,
        start: shift.start,
        end: shift.end,
        site: { practiceId: practice.id, ...site },
      };
      // A text's reply is a record of its own, keyed by the text: whatever else answers a redelivery of that text
      // (it finds no live offer, or the code freed) then finds it answered, as the reply put in inbound-sms expects.
      const smsReply: OutboxMessage | undefined = options.smsReply && {
        orgId: options.smsReply.orgId,
        id: options.smsReply.id,
        createdAt: at,
        kind: 'sms-reply',
        channel: 'sms',
        to: options.smsReply.to,
        body: options.smsReply.text(shift, practice).sms,
      };
      const outcome = await deps.bookings.book({
        booking,
        round: shift.round ?? 1,
        confirm: {
          code: offer.code,
          round: shift.round ?? 1,
          actor: caller.userId,
          via: options.smsReply ? 'sms' : 'web',
        },
        diary: { bookings: [...pruned(diary.bookings, now), interval], version: diary.version },
        smsReply,
        nowMs: now.getTime(),
      });
      switch (outcome.kind) {
        case 'shift-taken':
          // Lost the race, or this very accept already won on an earlier try: the next read (the diary, then the
          // shift) tells which.
          trustSummary = false;
          return AGAIN;
        case 'diary-moved':
          // Another of this clinician's bookings, or a decline: read again and re-check.
          return AGAIN;
        case 'text-answered':
          // An earlier delivery of this very text was answered otherwise (say, a clash since cleared): it stands.
          throw new ConflictError('ALREADY_EXISTS', 'This text has been answered already');
      }
      // Counted here, where the one winning transaction is known; a retry that finds its booking returns above.
      countMetric(METRIC.bookingMade);
      if (shift.postedAt) timeToFillMetric(shift.postedAt, at);
      return booking;
    },
    stillMoving,
  );
}

/**
 * What the relay does for a booking's outbox record before it sends the
 * confirmations: marks the offer accepted, writes the shift's "booked" audit
 * line, frees the offer's reply code and schedules the reminder. Safe to
 * repeat: the offer's marks are the booking's, the audit line's id is the
 * booking's, the code is freed only if still this offer's, and a schedule is
 * named after its job. A failure throws, so the stream retries the record.
 */
export async function settleBooking(
  orgId: string,
  booked: Booked,
  deps: Pick<Deps, 'bookings' | 'scheduler'>,
): Promise<void> {
  // The accept left the offer as it was (the shift alone decides the winner); it is marked here.
  await deps.bookings.settle(orgId, booked);
  // Judged against the moment of booking, not of relaying: a relay running late still schedules a reminder
  // that has come due, and the scheduler runs it at once (sendReminder still checks the shift is ahead).
  const at = new Date(Date.parse(booked.start) - REMINDER_HOURS_BEFORE * 3_600_000);
  if (at.getTime() > Date.parse(booked.at)) {
    await deps.scheduler.schedule(at, { kind: 'reminder', orgId, bookingId: booked.bookingId });
  }
}

/** The text the day before: sent once (its outbox id is the booking's), and only for a booking still confirmed. */
export async function sendReminder(
  orgId: string,
  bookingId: string,
  deps: Pick<ReadingDeps, 'clock' | 'practices' | 'clinicians' | 'shifts' | 'outbox' | 'bookings'>,
): Promise<void> {
  const booking = await deps.bookings.get(orgId, bookingId);
  if (booking?.status !== 'confirmed' || Date.parse(booking.start) <= deps.clock.now().getTime()) return;
  const [shift, clinician, practice] = await Promise.all([
    deps.shifts.get(orgId, booking.shiftId),
    deps.clinicians.get(orgId, booking.clinicianId),
    deps.practices.get(orgId, booking.practiceId),
  ]);
  // A clinician who has left the bank is texted nothing more; the admin re-offers their bookings.
  if (!shift || !clinician || !practice || clinician.status === 'disabled') return;
  const now = deps.clock.now();
  const message = toClinician(
    { orgId, id: `reminder-${booking.id}`, createdAt: now.toISOString() },
    'reminder',
    clinician,
    reminderMessage({ ...shiftDetails(shift, practice), address: practice.address }),
  );
  await deps.outbox.putOnce(message, now.getTime());
}

/** For each booking: its shift's practice (address, phone, arrival notes), rate, break and total pay as booked. */
export async function bookingDetails(
  orgId: string,
  bookings: readonly Booking[],
  deps: Pick<Deps, 'db' | 'table' | 'practices' | 'timesheets'>,
): Promise<Map<string, { practice?: Practice; shift: Shift; totalPence: number }>> {
  if (!bookings.length) return new Map();
  const [shifts, practiceList, uplift] = await Promise.all([
    getShifts(
      deps.db,
      deps.table,
      orgId,
      bookings.map((b) => b.shiftId),
    ),
    deps.practices.list(orgId),
    deps.timesheets.bankHolidayUplift(orgId),
  ]);
  const practices = new Map(practiceList.map((p) => [p.id, p]));
  const out = new Map<string, { practice?: Practice; shift: Shift; totalPence: number }>();
  for (const b of bookings) {
    const shift = shifts.get(b.shiftId);
    if (!shift) continue;
    out.set(b.id, { practice: practices.get(b.practiceId), shift, totalPence: shiftPayPence(shift, uplift) });
  }
  return out;
}

export async function listBookings(
  caller: Caller,
  query: { from?: string; to?: string; practiceId?: string; clinicianId?: string; limit: number; cursor?: string },
  deps: Pick<Deps, 'bookings'>,
) {
  const page = { limit: query.limit, cursor: query.cursor };
  const range = { from: query.from, to: query.to };
  if (caller.role === 'clinician') {
    if (!caller.clinicianId) return { items: [] };
    return deps.bookings.list(caller.orgId, { clinicianId: caller.clinicianId }, range, page);
  }
  if (caller.role === 'manager') {
    const practiceId = query.practiceId ?? caller.practiceIds[0];
    if (!practiceId) return { items: [] };
    assertRunsPractice(caller, practiceId);
    return deps.bookings.list(caller.orgId, { practiceId }, range, page);
  }
  return deps.bookings.list(
    caller.orgId,
    { practiceId: query.practiceId, clinicianId: query.clinicianId },
    range,
    page,
  );
}
