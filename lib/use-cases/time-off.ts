import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { timeOffTouching } from '../domain/eligibility';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { londonDate } from '../domain/time';
import type { Clinician, TimeOff } from '../domain/types';
import { logger } from '../logger';
import type { CreateTimeOffBody } from '../schemas/time-off';
import { type Page, type PageRequest, pageInMemory } from '../store/page';
import { AGAIN, type RetryPolicy, retry } from '../store/retry';
import { found } from './access';
import { releaseOffer } from './offers';

/** Periods of time off a clinician may hold at once (current and future; past ones are dropped). */
export const MAX_TIME_OFF_PERIODS = 100;
/** The profile and diary move together only if neither changed since read: read again a few times. */
const timeOffRetry = (random: () => number): RetryPolicy => ({ attempts: 7, baseMs: 10, capMs: 1000, random });
const changedMeanwhile = () =>
  new ConflictError('INVALID_STATE', 'The clinician was changed by someone else; try again');

async function ownProfile(caller: Caller, clinicianId: string, deps: Pick<Deps, 'clinicians'>) {
  const clinician = found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  if (caller.role === 'clinician' && caller.clinicianId !== clinicianId) {
    throw new ForbiddenError('A clinician may manage only their own time off');
  }
  return clinician;
}

const byFrom = (a: TimeOff, b: TimeOff) => a.from.localeCompare(b.from) || a.id.localeCompare(b.id);

/** Current and future time off, soonest first. */
/** A page of the clinician's current and future time off, soonest first: held in the profile, paged in memory. */
export async function listTimeOff(
  caller: Caller,
  clinicianId: string,
  page: PageRequest,
  deps: Pick<Deps, 'clock' | 'clinicians'>,
): Promise<Page<TimeOff>> {
  const clinician = await ownProfile(caller, clinicianId, deps);
  const today = londonDate(deps.clock.now());
  const current = (clinician.timeOff ?? []).filter((t) => t.to >= today);
  const order = {
    list: `${caller.orgId}#CLIN#${clinicianId}#TIME-OFF`,
    fields: ['from', 'id'],
    place: (t: TimeOff) => [t.from, t.id],
  };
  return pageInMemory(current, order, page);
}

/**
 * Books time off. A confirmed booking inside it answers 409 CLASH (cancel it
 * first). The profile (which matching copies to the location index) and the
 * diary move together, so no accept that read the clinician before can book
 * inside it afterwards. Live offers of shifts inside it are then withdrawn.
 */
export async function addTimeOff(
  caller: Caller,
  clinicianId: string,
  body: CreateTimeOffBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'clinicians' | 'shifts' | 'offers' | 'bookings' | 'random'>,
): Promise<TimeOff> {
  return retry(
    timeOffRetry(deps.random),
    async () => {
      const clinician = await ownProfile(caller, clinicianId, deps);
      const diary = await deps.bookings.diary(caller.orgId, clinicianId);
      const now = deps.clock.now();
      const today = londonDate(now);
      if (body.to < today) {
        throw new ValidationError('Time off cannot end in the past', [
          { path: 'body.to', message: 'must be today or later' },
        ]);
      }
      const entry: TimeOff = {
        id: deps.newId(),
        from: body.from,
        to: body.to,
        ...(body.reason ? { reason: body.reason } : {}),
        createdAt: now.toISOString(),
      };
      const booked = diary.bookings.filter((b) => timeOffTouching([entry], b).length > 0);
      if (booked.length) {
        throw new ConflictError('CLASH', 'You are booked during this time off: cancel the booking first', {
          bookings: booked.map((b) => ({ bookingId: b.bookingId, shiftId: b.shiftId, start: b.start, end: b.end })),
        });
      }
      const kept = (clinician.timeOff ?? []).filter((t) => t.to >= today);
      if (kept.length >= MAX_TIME_OFF_PERIODS) {
        throw new ValidationError('Too much time off held', [
          { path: 'body', message: `at most ${MAX_TIME_OFF_PERIODS} periods of time off ahead; remove one first` },
        ]);
      }
      const written = await deps.clinicians.setTimeOff(
        clinician,
        [...kept, entry].sort(byFrom),
        diary,
        now.toISOString(),
      );
      if (!written) return AGAIN;
      await withdrawOffersInside(clinician, entry, caller.userId, deps);
      return entry;
    },
    changedMeanwhile,
  );
}

/**
 * Live offers of shifts touching the time off are withdrawn. A failure here
 * leaves the time off standing (an accept of such an offer is refused with
 * CLASH anyway), so it is logged rather than thrown.
 */
async function withdrawOffersInside(
  clinician: Clinician,
  entry: TimeOff,
  actor: string,
  deps: Pick<Deps, 'clock' | 'newId' | 'shifts' | 'offers'>,
) {
  const live = await deps.offers.liveOf(clinician.orgId, clinician.id);
  for (const offer of live) {
    const span: { start: string; end: string } | undefined =
      offer.summary ?? (await deps.shifts.get(clinician.orgId, offer.shiftId));
    if (!span || !timeOffTouching([entry], span).length) continue;
    try {
      await releaseOffer(offer, 'withdrawn', actor, deps);
    } catch (error) {
      logger.warn('Could not withdraw an offer inside new time off', { offerId: offer.id, error: String(error) });
    }
  }
}

/** Removes a period of time off; another clinician's or an unknown one answers 404. */
export async function removeTimeOff(
  caller: Caller,
  clinicianId: string,
  timeOffId: string,
  deps: Pick<Deps, 'clock' | 'clinicians' | 'bookings' | 'random'>,
): Promise<TimeOff> {
  return retry(
    timeOffRetry(deps.random),
    async () => {
      const clinician = await ownProfile(caller, clinicianId, deps);
      const entry = clinician.timeOff?.find((t) => t.id === timeOffId);
      if (!entry) throw new NotFoundError(`No time off ${timeOffId}`);
      const diary = await deps.bookings.diary(caller.orgId, clinicianId);
      const rest = (clinician.timeOff ?? []).filter((t) => t.id !== timeOffId);
      if (await deps.clinicians.setTimeOff(clinician, rest, diary, deps.clock.now().toISOString())) return entry;
      return AGAIN;
    },
    changedMeanwhile,
  );
}
