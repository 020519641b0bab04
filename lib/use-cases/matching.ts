import type { Deps } from '../deps';
import { assessEligibility } from '../domain/eligibility';
import { NotFoundError } from '../domain/errors';
import { type CandidateInput, type RankedCandidate, rankCandidates } from '../domain/ranking';
import { addMinutes } from '../domain/time';
import type { BookedInterval, ExclusionReason, Practice, Shift, Site } from '../domain/types';
import type { Caller } from '../http/caller';
import type { ClinicianSummary } from '../store/clinicians';
import { assertRunsPractice, found } from './access';

const FAIR_SPREAD_DAYS = 28;
const DAY_MINUTES = 24 * 60;
/** Far enough either side of a shift for the rest rule and every London week it touches. */
const WEEK_MINUTES = 8 * DAY_MINUTES;

export interface Candidate extends RankedCandidate {
  reasons: ExclusionReason[];
}

export interface Excluded {
  clinicianId: string;
  name: string;
  distanceKm: number;
  reasons: ExclusionReason[];
}

export interface MatchResult {
  candidates: Candidate[];
  excluded: Excluded[];
  /** DynamoDB requests this match made (the benchmark reports them). */
  requests: number;
}

/** Groups the organisation's bookings by clinician, as each one's diary for the rules. */
function diaries(bookings: readonly (BookedInterval & { clinicianId: string })[]) {
  const byClinician = new Map<string, BookedInterval[]>();
  for (const b of bookings) {
    const list = byClinician.get(b.clinicianId) ?? [];
    byClinician.set(b.clinicianId, list);
    list.push({ bookingId: b.bookingId, shiftId: b.shiftId, start: b.start, end: b.end, site: b.site });
  }
  return byClinician;
}

function recentMinutes(bookings: readonly BookedInterval[], before: string): number {
  const from = Date.parse(addMinutes(before, -FAIR_SPREAD_DAYS * DAY_MINUTES));
  const to = Date.parse(before);
  let minutes = 0;
  for (const b of bookings) {
    const start = Math.max(Date.parse(b.start), from);
    const end = Math.min(Date.parse(b.end), to);
    if (end > start) minutes += (end - start) / 60_000;
  }
  return minutes;
}

/** Pure: the candidates and exclusions for a shift, given the clinicians near it and their bookings. */
export function evaluate(
  shift: Pick<Shift, 'id' | 'role' | 'skills' | 'start' | 'end' | 'practiceId'>,
  practice: Pick<Practice, 'id' | 'lat' | 'lon'>,
  clinicians: readonly ClinicianSummary[],
  bookings: readonly (BookedInterval & { clinicianId: string })[],
): { candidates: Candidate[]; excluded: Excluded[] } {
  const byClinician = diaries(bookings);
  const inputs: CandidateInput[] = [];
  const excluded: Excluded[] = [];
  for (const clinician of clinicians) {
    const diary = byClinician.get(clinician.id) ?? [];
    const verdict = assessEligibility({ clinician, shift, practice, bookings: diary });
    if (verdict.eligible) {
      inputs.push({ clinician, distanceKm: verdict.distanceKm, recentMinutes: recentMinutes(diary, shift.start) });
    } else {
      excluded.push({
        clinicianId: clinician.id,
        name: clinician.name,
        distanceKm: Math.round(verdict.distanceKm * 10) / 10,
        reasons: verdict.reasons,
      });
    }
  }
  const candidates = rankCandidates(inputs, { practiceId: shift.practiceId }).map((c) => ({ ...c, reasons: [] }));
  excluded.sort((a, b) => a.name.localeCompare(b.name) || a.clinicianId.localeCompare(b.clinicianId));
  return { candidates, excluded };
}

type WindowBooking = {
  id: string;
  shiftId: string;
  clinicianId: string;
  practiceId: string;
  start: string;
  end: string;
};

/**
 * The bookings as the rules read them, each with its practice's place when
 * the TRAVEL rule could need it: at another practice and starting within
 * two days of the shift (a London day is at most 25 hours). The
 * organisation's practices are read (one query) only when some booking is.
 */
export async function withSites(
  shift: Pick<Shift, 'orgId' | 'start'>,
  practice: Practice,
  bookings: readonly WindowBooking[],
  deps: Deps,
): Promise<{ bookings: (BookedInterval & { clinicianId: string })[]; requests: number }> {
  const near = (b: WindowBooking) =>
    b.practiceId !== practice.id && Math.abs(Date.parse(b.start) - Date.parse(shift.start)) < DAY_MINUTES * 60_000 * 2;
  const needed = bookings.some(near);
  const sites = new Map<string, Site>([
    [practice.id, { practiceId: practice.id, lat: practice.lat, lon: practice.lon }],
  ]);
  if (needed) {
    for (const p of await deps.practices.list(shift.orgId))
      sites.set(p.id, { practiceId: p.id, lat: p.lat, lon: p.lon });
  }
  return {
    bookings: bookings.map((b) => ({
      bookingId: b.id,
      shiftId: b.shiftId,
      clinicianId: b.clinicianId,
      start: b.start,
      end: b.end,
      site: sites.get(b.practiceId),
    })),
    requests: needed ? 1 : 0,
  };
}

/** The span of bookings a match reads: the fair-spread look-back, and a week on for rest and weekly hours. */
function matchWindow(shift: Pick<Shift, 'start' | 'end'>) {
  return {
    from: addMinutes(shift.start, -(FAIR_SPREAD_DAYS * DAY_MINUTES + DAY_MINUTES)),
    to: addMinutes(shift.end, WEEK_MINUTES),
  };
}

/**
 * Who can work a shift, best first, and why everyone else near it cannot.
 * Reads the practice, the practice's one location cell for the role, and one
 * window of the organisation's bookings: three queries whatever the bank's
 * size, and the practices' places when someone is booked elsewhere that day.
 */
export async function matchShift(shift: Shift, deps: Deps, practice?: Practice): Promise<MatchResult> {
  let requests = 0;
  if (!practice) {
    practice = await deps.practices.get(shift.orgId, shift.practiceId);
    requests++;
    if (!practice) return { candidates: [], excluded: [], requests };
  }
  const span = matchWindow(shift);
  const [cell, window] = await Promise.all([
    deps.clinicians.inCell(shift.orgId, shift.role, practice),
    deps.bookings.inWindow(shift.orgId, span.from, span.to),
  ]);
  const sited = await withSites(shift, practice, window.bookings, deps);
  requests += cell.requests + window.requests + sited.requests;
  return { ...evaluate(shift, practice, cell.clinicians, sited.bookings), requests };
}

/**
 * The manager's view: every candidate best first (and whether already
 * offered), everyone the location index reads excluded with every reason,
 * and `beyondTravel`, how many more of the role's clinicians are out of
 * range. With `clinicianId`, that one clinician of the organisation alone,
 * however far away, with every reason.
 */
export async function shiftMatches(
  caller: Caller,
  shiftId: string,
  deps: Deps,
  options: { clinicianId?: string } = {},
) {
  const shift = found(await deps.shifts.get(caller.orgId, shiftId), caller, 'shift', shiftId);
  assertRunsPractice(caller, shift.practiceId);
  const offeredIds = async () => {
    const offers = await deps.offers.ofShift(caller.orgId, shiftId);
    return new Set(offers.filter((o) => (o.round ?? 1) === (shift.round ?? 1)).map((o) => o.clinicianId));
  };
  if (options.clinicianId) {
    const [clinician, practice, offered] = await Promise.all([
      deps.clinicians.get(caller.orgId, options.clinicianId),
      deps.practices.get(caller.orgId, shift.practiceId),
      offeredIds(),
    ]);
    if (!clinician) throw new NotFoundError(`No clinician ${options.clinicianId}`);
    if (!practice) throw new NotFoundError(`No practice ${shift.practiceId}`);
    const bookings = await clinicianBookings(caller.orgId, clinician.id, matchWindow(shift), deps);
    const sited = await withSites(shift, practice, bookings, deps);
    const one = evaluate(shift, practice, [clinician], sited.bookings);
    return {
      candidates: one.candidates.map((c) => ({ ...c, offered: offered.has(c.clinicianId) })),
      excluded: one.excluded,
    };
  }
  const [match, offered, bank] = await Promise.all([
    matchShift(shift, deps),
    offeredIds(),
    deps.clinicians.countWithRole(caller.orgId, shift.role),
  ]);
  const read = match.candidates.length + match.excluded.length;
  return {
    candidates: match.candidates.map((c) => ({ ...c, offered: offered.has(c.clinicianId) })),
    excluded: match.excluded,
    beyondTravel: Math.max(0, bank.count - read),
  };
}

/** One clinician's confirmed bookings starting in the window, from their own index. */
async function clinicianBookings(
  orgId: string,
  clinicianId: string,
  range: { from: string; to: string },
  deps: Deps,
): Promise<WindowBooking[]> {
  const out: WindowBooking[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.bookings.list(orgId, { clinicianId }, range, { limit: 200, cursor });
    for (const b of page.items) if (b.status === 'confirmed') out.push(b);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}
