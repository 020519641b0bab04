import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, NotFoundError, OfferExpiredError } from '../domain/errors';
import { nextWave, offerState } from '../domain/offers';
import { shiftPayPence } from '../domain/pay';
import { pickOfferCode } from '../domain/sms';
import type { Booking, Clinician, Offer, Practice, Shift } from '../domain/types';
import { shiftDetails, toClinician } from '../notify/messages';
import { offerMessage } from '../notify/templates';
import type { NewOffer } from '../store/offers';
import { type PageRequest, pageInMemory } from '../store/page';
import { chunks } from '../store/records';
import { AGAIN, type RetryPolicy, retry } from '../store/retry';
import { assertRunsPractice, found } from './access';
import { acceptOffer, bookingRetry, DIARY_RULES, stillMoving } from './bookings';
import { judge, matchShift } from './matching';

/** What matching clinicians to a shift and offering it to them reads and writes. */
export type OfferingDeps = Pick<
  ReadingDeps,
  'clock' | 'newId' | 'practices' | 'clinicians' | 'shifts' | 'offers' | 'bookings' | 'random'
>;

/** Four items an offer (offer, once-per-round guard, code guard, outbox), a shift check and an audit entry: under the 100-item limit. */
const OFFERS_PER_TRANSACTION = 24;
/** A batch is tried again for a code clash (fresh codes drawn) or a transaction it met in passing. */
const offerRetry = (random: () => number): RetryPolicy => ({ attempts: 6, baseMs: 20, capMs: 1000, random });

/**
 * Writes offers of a shift to clinicians, each with its text or email in the
 * outbox, in transactions that hold only while the shift is open. A clinician
 * already offered this round is skipped; a code clash picks a new code.
 */
export async function writeOffers(
  shift: Shift,
  practice: Practice,
  clinicians: readonly Clinician[],
  wave: number,
  actor: string,
  deps: Pick<Deps, 'clock' | 'newId' | 'offers' | 'random'>,
  /** `false` writes the offers without their texts: a bulk post tells each clinician once, in one summary. */
  notify = true,
): Promise<Offer[]> {
  const written: Offer[] = [];
  const round = shift.round ?? 1;
  const details = shiftDetails(shift, practice);
  for (const chunk of chunks(clinicians, OFFERS_PER_TRANSACTION)) {
    let pending = [...chunk];
    const closed = await retry(offerRetry(deps.random), async () => {
      const now = deps.clock.now();
      const createdAt = now.toISOString();
      const batch = pending.map((clinician): NewOffer => {
        const offer: Offer = {
          orgId: shift.orgId,
          id: deps.newId(),
          shiftId: shift.id,
          clinicianId: clinician.id,
          code: pickOfferCode(new Set(), deps.random),
          status: 'live',
          wave,
          round,
          createdAt,
          expiresAt: shift.start,
          summary: {
            practiceId: practice.id,
            practiceName: practice.name,
            practiceEmail: practice.email,
            practiceAddress: practice.address,
            lat: practice.lat,
            lon: practice.lon,
            practiceRequirements: practice.requirements ?? [],
            role: shift.role,
            skills: shift.skills,
            start: shift.start,
            end: shift.end,
            hourlyRatePence: shift.hourlyRatePence,
            postedAt: shift.postedAt,
          },
        };
        const message = notify
          ? toClinician(
              { orgId: shift.orgId, id: deps.newId(), createdAt },
              'offer',
              clinician,
              offerMessage({ ...details, code: offer.code }),
            )
          : undefined;
        return { offer, message };
      });
      const outcome = await deps.offers.write(
        { orgId: shift.orgId, id: shift.id, round },
        batch,
        { id: deps.newId(), at: createdAt, actor, detail: { wave, round, clinicianIds: pending.map((c) => c.id) } },
        now.getTime(),
      );
      if (outcome.kind === 'written') {
        written.push(...batch.map((b) => b.offer));
        return false;
      }
      // The shift filled, closed or reopened meanwhile: nothing more to offer.
      if (outcome.kind === 'shift-closed') return true;
      // Drop clinicians already offered this round; everyone else is tried again (codes are drawn afresh).
      const already = new Set(outcome.offeredAlready);
      pending = pending.filter((c) => !already.has(c.id));
      return pending.length ? AGAIN : false;
    });
    if (closed) return written;
  }
  return written;
}

async function offeredThisRound(shift: Shift, deps: Pick<Deps, 'offers'>): Promise<Set<string>> {
  const offers = await deps.offers.ofShift(shift.orgId, shift.id);
  const round = shift.round ?? 1;
  return new Set(offers.filter((o) => (o.round ?? 1) === round).map((o) => o.clinicianId));
}

/**
 * One wave of the cascade: the best-ranked eligible clinicians not yet
 * offered, and the next wave scheduled while anyone eligible is left.
 */
export async function runWave(
  orgId: string,
  shiftId: string,
  wave: number,
  deps: OfferingDeps & Pick<Deps, 'scheduler'>,
  options: {
    maxOffers?: number;
    notify?: boolean;
    /** Takes the wave still to run instead of scheduling it: a bulk post runs its shifts' waves together. */
    defer?: (at: Date, wave: number) => void;
  } = {},
): Promise<Offer[]> {
  const shift = await deps.shifts.get(orgId, shiftId, true);
  const now = deps.clock.now();
  if (shift?.status !== 'open' || Date.parse(shift.start) <= now.getTime()) return [];
  const practice = await deps.practices.get(orgId, shift.practiceId);
  if (!practice) return [];
  const [match, offered] = await Promise.all([
    matchShift(shift, deps, practice, { explain: false }),
    offeredThisRound(shift, deps),
  ]);
  const excluded = new Set(shift.excludedClinicianIds ?? []);
  const pool = match.candidates.filter((c) => !offered.has(c.clinicianId) && !excluded.has(c.clinicianId));
  const chosen = nextWave(pool, wave, shift.cascadeMinutes);
  // A request offers what it can well within its time; the scheduler finishes a large wave straight after.
  const inRequest =
    options.maxOffers !== undefined && chosen.length > options.maxOffers ? chosen.slice(0, options.maxOffers) : chosen;
  const clinicians = await deps.clinicians.getMany(
    orgId,
    inRequest.map((c) => c.clinicianId),
  );
  const offers = await writeOffers(shift, practice, clinicians, wave, 'system', deps, options.notify ?? true);
  const later = (at: Date, w: number) =>
    options.defer ? options.defer(at, w) : deps.scheduler.schedule(at, { kind: 'wave', orgId, shiftId, wave: w });
  if (inRequest.length < chosen.length) {
    await later(now, wave);
    return offers;
  }
  const next = new Date(now.getTime() + shift.cascadeMinutes * 60_000);
  if (pool.length > chosen.length && shift.cascadeMinutes > 0 && next.getTime() < Date.parse(shift.start)) {
    await later(next, wave + 1);
  }
  return offers;
}

/** Offers a request writes itself before handing the rest of a wave to the scheduler: two transactions. */
export const OFFERS_PER_REQUEST = 2 * OFFERS_PER_TRANSACTION;

/** A manager offers the shift to named clinicians (each must be eligible) or to everyone eligible at once. */
export async function offerShift(
  caller: Caller,
  shiftId: string,
  body: { clinicianIds?: string[]; all?: boolean },
  deps: OfferingDeps,
): Promise<Offer[]> {
  const shift = found(await deps.shifts.get(caller.orgId, shiftId, true), caller, 'shift', shiftId);
  assertRunsPractice(caller, shift.practiceId);
  if (shift.status !== 'open') throw new ConflictError('SHIFT_UNAVAILABLE', `The shift is ${shift.status}`);
  const practice = found(
    await deps.practices.get(caller.orgId, shift.practiceId),
    caller,
    'practice',
    shift.practiceId,
  );
  const offered = await offeredThisRound(shift, deps);

  if (body.all) {
    const match = await matchShift(shift, deps, practice, { explain: false });
    const ids = match.candidates.map((c) => c.clinicianId).filter((id) => !offered.has(id));
    const clinicians = await deps.clinicians.getMany(caller.orgId, ids);
    return writeOffers(shift, practice, clinicians, 0, caller.userId, deps);
  }

  const ids = [...new Set(body.clinicianIds ?? [])];
  const clinicians = await deps.clinicians.getMany(caller.orgId, ids);
  const missing = ids.filter((id) => !clinicians.some((c) => c.id === id));
  if (missing.length) throw new NotFoundError(`No clinician ${missing.join(', ')}`);
  const verdict = await judge(shift, practice, clinicians, deps, { explain: true });
  if (verdict.excluded.length) {
    throw new ConflictError(
      'NOT_ELIGIBLE',
      'Some clinicians cannot work this shift',
      verdict.excluded.map((e) => ({ clinicianId: e.clinicianId, reasons: e.reasons, ...e.details })),
    );
  }
  const fresh = clinicians.filter((c) => !offered.has(c.id));
  const written = await writeOffers(shift, practice, fresh, 0, caller.userId, deps);
  // Offers made before (a retried request) are part of the answer too.
  const existing = (await deps.offers.ofShift(caller.orgId, shiftId)).filter(
    (o) => ids.includes(o.clinicianId) && (o.round ?? 1) === (shift.round ?? 1) && !written.some((w) => w.id === o.id),
  );
  return [...written, ...existing];
}

/**
 * A page of the caller's live offers with their shifts, soonest shift first.
 * The list is derived (the live offers, their shifts, whether each is still
 * live by its shift), so it is built whole and paged in memory by the shift's
 * start, then the offer's id.
 */
export async function listMyOffers(
  caller: Caller,
  page: PageRequest,
  deps: Pick<Deps, 'clock' | 'practices' | 'shifts' | 'offers' | 'timesheets'>,
) {
  if (!caller.clinicianId) return { items: [], nextCursor: undefined };
  const now = deps.clock.now();
  const offers = await deps.offers.liveOf(caller.orgId, caller.clinicianId);
  const shifts = await deps.shifts.getMany(
    caller.orgId,
    offers.map((o) => o.shiftId),
  );
  const [practiceList, uplift] = await Promise.all([
    // The offered shifts' practices only: the organisation's list grows with the bank, the answer does not.
    deps.practices.getMany(
      caller.orgId,
      [...shifts.values()].map((s) => s.practiceId),
    ),
    deps.timesheets.bankHolidayUplift(caller.orgId),
  ]);
  const practices = new Map(practiceList.map((p) => [p.id, p]));
  const live = offers.flatMap((offer) => {
    const shift = shifts.get(offer.shiftId);
    if (!shift || offerState(offer, shift, now) !== 'live') return [];
    const practice = practices.get(shift.practiceId);
    return [
      {
        ...offer,
        shift: { ...shift, practiceName: practice?.name, practice, totalPence: shiftPayPence(shift, uplift) },
      },
    ];
  });
  const order = {
    list: `${caller.orgId}#CLIN#${caller.clinicianId}#OFFERS`,
    fields: ['start', 'id'],
    place: (o: (typeof live)[number]) => [o.shift.start, o.id],
  };
  return pageInMemory(live, order, page);
}

/** The offered clinician, and only they, may act on an offer. */
export async function ownOffer(caller: Caller, offerId: string, deps: Pick<Deps, 'offers'>): Promise<Offer> {
  const offer = found(await deps.offers.get(caller.orgId, offerId), caller, 'offer', offerId);
  if (offer.clinicianId !== caller.clinicianId) throw new ForbiddenError('This offer was made to someone else');
  return offer;
}

export async function declineOffer(
  caller: Caller,
  offerId: string,
  deps: Pick<Deps, 'clock' | 'newId' | 'shifts' | 'offers' | 'bookings' | 'random'>,
): Promise<Offer> {
  return retry(
    bookingRetry(deps.random),
    async () => {
      const offer = await ownOffer(caller, offerId, deps);
      if (offer.status === 'declined') return offer;
      if (offer.status === 'accepted')
        throw new ConflictError('INVALID_STATE', 'You have booked this shift; cancel the booking instead');
      const [shift, diary] = await Promise.all([
        deps.shifts.get(caller.orgId, offer.shiftId, true),
        deps.bookings.diary(caller.orgId, offer.clinicianId),
      ]);
      // Booked, but the relay has not marked the offer yet.
      const bookedByThem = shift?.status === 'filled' && shift.booking?.clinicianId === offer.clinicianId;
      if (bookedByThem && (offer.round ?? 1) === (shift.round ?? 1))
        throw new ConflictError('INVALID_STATE', 'You have booked this shift; cancel the booking instead');
      if (!shift || offerState(offer, shift, deps.clock.now()) !== 'live') {
        throw new OfferExpiredError('This offer has ended');
      }
      // The accept does not touch the offer, only the shift and the clinician's diary: moving the diary on makes an
      // accept that read this offer as live fail its write and read again (finding it declined), and an accept that
      // wrote first makes this fail and read again (finding the shift theirs). Either way one of the two stands.
      const at = deps.clock.now().toISOString();
      const outcome = await deps.offers.release(offer, {
        status: 'declined',
        at,
        auditId: deps.newId(),
        actor: caller.userId,
        diary,
      });
      // As the record now stands, so a repeat (which reads it back) answers the same.
      if (outcome.kind === 'released') return { ...offer, status: 'declined', decidedAt: at };
      if (outcome.kind === 'diary-moved') return AGAIN;
      return settledAs(offer, 'declined', deps);
    },
    stillMoving,
  );
}

/** An offer that moved before this change of it: the same change made already stands, anything else conflicts. */
async function settledAs(
  offer: Offer,
  status: Offer['status'],
  deps: Pick<Deps, 'offers'>,
  withdrawnBy?: string,
): Promise<Offer> {
  const now = await deps.offers.get(offer.orgId, offer.id);
  if (now?.status === status && (!withdrawnBy || now.withdrawnBy === withdrawnBy)) return now;
  throw new ConflictError('INVALID_STATE', `The offer is ${now?.status ?? 'gone'}`);
}

/** Moves a live offer to a final status and frees its code, unless something else moved it first. */
export async function releaseOffer(
  offer: Offer,
  status: 'declined' | 'expired' | 'withdrawn',
  actor: string,
  deps: Pick<Deps, 'clock' | 'newId' | 'offers'>,
  /** The fan-out record that withdraws it and tells its clinician why: no other fan-out tells them again. */
  withdrawnBy?: string,
): Promise<Offer> {
  const outcome = await deps.offers.release(offer, {
    status,
    at: deps.clock.now().toISOString(),
    auditId: deps.newId(),
    actor,
    withdrawnBy,
  });
  if (outcome.kind !== 'released') return settledAs(offer, status, deps, withdrawnBy);
  return { ...offer, status, ...(withdrawnBy ? { withdrawnBy } : {}) };
}

/**
 * A clinician books an open shift from those they could work, whether or not
 * a wave has reached them. Matching's rules are run for them alone (distance
 * and availability included, unlike an accept, since nobody weighed them for
 * this shift); then the booking goes through their offer of the shift, the
 * one they hold this round or one written now without a text, and the very
 * accept an offer's acceptance runs: so an accept and a take race on the one
 * shift condition, and everyone else holding a live offer is told it is filled.
 */
export async function takeShift(caller: Caller, shiftId: string, deps: OfferingDeps): Promise<Booking> {
  const shift = found(await deps.shifts.get(caller.orgId, shiftId, true), caller, 'shift', shiftId);
  if (!caller.clinicianId) throw new ForbiddenError('Only a clinician of the bank can book a shift');
  if (shift.status === 'filled' && shift.booking?.clinicianId === caller.clinicianId) {
    // The same request sent again after it booked.
    const booking = await deps.bookings.get(caller.orgId, shift.booking.id);
    if (booking?.status === 'confirmed') return booking;
  }
  if (shift.status !== 'open') {
    throw new ConflictError(
      'SHIFT_UNAVAILABLE',
      shift.status === 'cancelled' ? 'The shift was cancelled' : 'Someone else has booked this shift',
    );
  }
  if (shift.excludedClinicianIds?.includes(caller.clinicianId)) {
    // As its new offers pass them by: the practice is finding someone else.
    throw new ConflictError('SHIFT_UNAVAILABLE', 'You cancelled this shift; the practice is offering it to others');
  }
  const started = () => new ConflictError('SHIFT_UNAVAILABLE', 'The shift has started');
  if (Date.parse(shift.start) <= deps.clock.now().getTime()) throw started();
  const [clinician, practice] = await Promise.all([
    deps.clinicians.get(caller.orgId, caller.clinicianId),
    deps.practices.get(caller.orgId, shift.practiceId),
  ]);
  if (!clinician) throw new NotFoundError('No clinician record for this sign-in');
  if (!practice) throw new NotFoundError(`No shift ${shiftId}`);

  const refused = (await judge(shift, practice, [clinician], deps, { explain: true })).excluded[0];
  if (refused) {
    if (refused.reasons.every((r) => DIARY_RULES.includes(r))) {
      throw new ConflictError(
        'CLASH',
        'This shift would overlap a booking, leave too little time to drive from another, cut your rest below 11 hours or take your week over your hours',
        { reasons: refused.reasons },
      );
    }
    throw new ConflictError('NOT_ELIGIBLE', 'You cannot work this shift', {
      reasons: refused.reasons,
      ...refused.details,
    });
  }

  const round = shift.round ?? 1;
  const heldNow = async () =>
    (await deps.offers.ofShift(caller.orgId, shift.id)).find(
      (o) => o.clinicianId === clinician.id && (o.round ?? 1) === round,
    );
  const held = await heldNow();
  // No text for an offer the clinician is taking up this moment; another take of theirs may have written it first.
  const offer =
    held ?? (await writeOffers(shift, practice, [clinician], 0, caller.userId, deps, false))[0] ?? (await heldNow());
  if (!offer) throw new ConflictError('SHIFT_UNAVAILABLE', 'Someone else has booked this shift');
  try {
    return await acceptOffer(caller, offer.id, deps, { take: true });
  } catch (error) {
    // An offer written for this take that did not book is ended quietly: nobody is told "now filled" of a shift
    // they were never offered, and it does not linger among their offers.
    if (!held) await releaseOffer(offer, 'withdrawn', caller.userId, deps).catch(() => undefined);
    if (error instanceof OfferExpiredError) throw started();
    throw error;
  }
}
