import type { Deps } from '../deps';
import { assessEligibility } from '../domain/eligibility';
import { type CandidateInput, type RankedCandidate, rankCandidates } from '../domain/ranking';
import { addMinutes } from '../domain/time';
import type { BookedInterval, ExclusionReason, Practice, Shift } from '../domain/types';
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
    list.push({ bookingId: b.bookingId, shiftId: b.shiftId, start: b.start, end: b.end });
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

/**
 * Who can work a shift, best first, and why everyone else near it cannot.
 * Reads the practice, the practice's one location cell for the role, and one
 * window of the organisation's bookings: three queries whatever the bank's size.
 */
export async function matchShift(shift: Shift, deps: Deps, practice?: Practice): Promise<MatchResult> {
  let requests = 0;
  if (!practice) {
    practice = await deps.practices.get(shift.orgId, shift.practiceId);
    requests++;
    if (!practice) return { candidates: [], excluded: [], requests };
  }
  const [cell, window] = await Promise.all([
    deps.clinicians.inCell(shift.orgId, shift.role, practice),
    deps.bookings.inWindow(
      shift.orgId,
      addMinutes(shift.start, -(FAIR_SPREAD_DAYS * DAY_MINUTES + DAY_MINUTES)),
      addMinutes(shift.end, WEEK_MINUTES),
    ),
  ]);
  requests += cell.requests + window.requests;
  const bookings = window.bookings.map((b) => ({ ...b, bookingId: b.id }));
  return { ...evaluate(shift, practice, cell.clinicians, bookings), requests };
}

/** The manager's view: every candidate best first (and whether already offered), everyone excluded with every reason. */
export async function shiftMatches(caller: Caller, shiftId: string, deps: Deps) {
  const shift = found(await deps.shifts.get(caller.orgId, shiftId), caller, 'shift', shiftId);
  assertRunsPractice(caller, shift.practiceId);
  const [match, offers] = await Promise.all([matchShift(shift, deps), deps.offers.ofShift(caller.orgId, shiftId)]);
  const offered = new Set(offers.filter((o) => (o.round ?? 1) === (shift.round ?? 1)).map((o) => o.clinicianId));
  return {
    candidates: match.candidates.map((c) => ({ ...c, offered: offered.has(c.clinicianId) })),
    excluded: match.excluded,
  };
}
