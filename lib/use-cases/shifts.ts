import type { Deps, ReadingDeps } from '../deps';
import { BANK_HOLIDAYS_KNOWN_BEFORE } from '../domain/bank-holidays';
import type { Caller } from '../domain/caller';
import { assessEligibility } from '../domain/eligibility';
import { ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { londonDate } from '../domain/time';
import type { Offer, Practice, Shift } from '../domain/types';
import { logger } from '../logger';
import type { CreateShiftBody } from '../schemas/shift';
import type { Page, PageRequest } from '../store/page';
import type { ShiftFilter } from '../store/shifts';
import { assertRunsPractice, found } from './access';
import { OFFERS_PER_REQUEST, type OfferingDeps, runWave } from './offers';

/** Posts a shift and sends its first wave of offers. */
export async function postShift(
  caller: Caller,
  body: CreateShiftBody,
  deps: OfferingDeps & Pick<Deps, 'scheduler'>,
): Promise<{ shift: Shift; offers: Offer[] }> {
  const shift = await createShift(caller, body, deps);
  try {
    return { shift, offers: await runWave(shift.orgId, shift.id, 1, deps, { maxOffers: OFFERS_PER_REQUEST }) };
  } catch (error) {
    // The shift is stored; the scheduler makes sure its first wave still goes out.
    logger.error('First wave failed; scheduled a retry', error as Error);
    await deps.scheduler.schedule(deps.clock.now(), { kind: 'wave', orgId: shift.orgId, shiftId: shift.id, wave: 1 });
    return { shift, offers: [] };
  }
}

/** What a shift must be to be posted (or previewed): the caller's practice, in the future, one pay can price. */
export async function checkNewShift(
  caller: Caller,
  body: CreateShiftBody,
  deps: Pick<Deps, 'clock' | 'practices'>,
): Promise<Practice> {
  const practice = found(await deps.practices.get(caller.orgId, body.practiceId), caller, 'practice', body.practiceId);
  assertRunsPractice(caller, practice.id);
  const now = deps.clock.now();
  if (Date.parse(body.start) <= now.getTime()) {
    throw new ValidationError('The shift must start in the future', [
      { path: 'body.start', message: 'must be in the future' },
    ]);
  }
  // Pay knows bank holidays only so far ahead; a shift it could not price is refused now, not at its timesheet.
  if (londonDate(body.start) >= BANK_HOLIDAYS_KNOWN_BEFORE) {
    throw new ValidationError('The shift starts too far ahead', [
      { path: 'body.start', message: `must be before ${BANK_HOLIDAYS_KNOWN_BEFORE}` },
    ]);
  }
  return practice;
}

export async function createShift(
  caller: Caller,
  body: CreateShiftBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'practices' | 'shifts'>,
): Promise<Shift> {
  await checkNewShift(caller, body, deps);
  const now = deps.clock.now();
  const shift: Shift = {
    ...body,
    orgId: caller.orgId,
    id: deps.newId(),
    status: 'open',
    round: 1,
    postedAt: now.toISOString(),
    postedBy: caller.userId,
  };
  await deps.shifts.create(shift, { id: deps.newId(), actor: caller.userId });
  return shift;
}

export async function getShift(caller: Caller, id: string, deps: Pick<Deps, 'shifts'>): Promise<Shift> {
  return found(await deps.shifts.get(caller.orgId, id), caller, 'shift', id);
}

export async function listShifts(
  caller: Caller,
  filter: ShiftFilter,
  page: PageRequest,
  deps: Pick<ReadingDeps, 'clock' | 'practices' | 'clinicians' | 'shifts' | 'bookings'>,
): Promise<Page<Shift>> {
  if (caller.role === 'clinician') {
    // A clinician sees the open shifts they could work.
    if (filter.status && filter.status !== 'open') {
      throw new ForbiddenError('A clinician sees open shifts only');
    }
    const clinician = caller.clinicianId ? await deps.clinicians.get(caller.orgId, caller.clinicianId) : undefined;
    if (!clinician) throw new NotFoundError('No clinician record for this sign-in');
    const now = deps.clock.now().toISOString();
    const from = filter.from && filter.from > now ? filter.from : now;
    const [result, diary, practices] = await Promise.all([
      deps.shifts.list(caller.orgId, { ...filter, status: 'open', from }, page),
      deps.bookings.diary(caller.orgId, clinician.id),
      deps.practices.list(caller.orgId),
    ]);
    const byId = new Map(practices.map((p) => [p.id, p]));
    return {
      ...result,
      items: result.items.filter((shift) => {
        // One they cancelled is being offered to others.
        if (shift.excludedClinicianIds?.includes(clinician.id)) return false;
        const practice = byId.get(shift.practiceId);
        return practice && assessEligibility({ clinician, shift, practice, bookings: diary.bookings }).eligible;
      }),
    };
  }
  return deps.shifts.list(caller.orgId, filter, page);
}
