import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { assessEligibility } from '../domain/eligibility';
import { NotFoundError } from '../domain/errors';
import { type CandidateInput, type RankedCandidate, rankCandidates } from '../domain/ranking';
import type { ComplianceGaps } from '../domain/requirements';
import { addMinutes } from '../domain/time';
import type { BookedInterval, ExclusionReason, Practice, Shift } from '../domain/types';
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
  /** Absent for an applicant who has given no home yet. */
  distanceKm?: number;
  reasons: ExclusionReason[];
  /** With `COMPLIANCE`: the document types missing and those lapsed by the shift. */
  details?: ComplianceGaps;
}

export interface MatchResult {
  candidates: Candidate[];
  excluded: Excluded[];
  /** DynamoDB requests this match made (the benchmark reports them). */
  requests: number;
}

/** Groups the clinicians' bookings by clinician, as each one's diary for the rules. */
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
  practice: Pick<Practice, 'id' | 'lat' | 'lon' | 'requirements'>,
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
        ...(verdict.distanceKm === undefined ? {} : { distanceKm: Math.round(verdict.distanceKm * 10) / 10 }),
        reasons: verdict.reasons,
        ...(verdict.compliance ? { details: verdict.compliance } : {}),
      });
    }
  }
  const candidates = rankCandidates(inputs, { practiceId: shift.practiceId }).map((c) => ({ ...c, reasons: [] }));
  excluded.sort((a, b) => a.name.localeCompare(b.name) || a.clinicianId.localeCompare(b.clinicianId));
  return { candidates, excluded };
}

/** The span of bookings a match reads: the fair-spread look-back, and a week on for rest and weekly hours. */
function matchWindow(shift: Pick<Shift, 'start' | 'end'>) {
  return {
    from: Date.parse(addMinutes(shift.start, -(FAIR_SPREAD_DAYS * DAY_MINUTES + DAY_MINUTES))),
    to: Date.parse(addMinutes(shift.end, WEEK_MINUTES)),
  };
}

type Judged = Pick<Shift, 'id' | 'orgId' | 'role' | 'skills' | 'start' | 'end' | 'practiceId'>;

/**
 * The candidates and exclusions for a shift among these clinicians, reading
 * only their own diaries (each booking there carries its site for TRAVEL).
 * The diary rules (clash, rest, weekly hours, travel) can only exclude, so
 * without `explain` only the clinicians the static rules let through have
 * their diaries read, and the excluded carry their static reasons alone;
 * with it everyone's diary is read, for every reason. The diaries come in
 * BatchGetItem requests of 100, in parallel: the requests follow the
 * clinicians asked about, never the organisation's other bookings.
 */
export async function judge(
  shift: Judged,
  practice: Practice,
  clinicians: readonly ClinicianSummary[],
  deps: Pick<Deps, 'bookings'>,
  options: { explain: boolean },
): Promise<{ candidates: Candidate[]; excluded: Excluded[]; requests: number }> {
  const needed = options.explain
    ? clinicians
    : clinicians.filter((clinician) => assessEligibility({ clinician, shift, practice, bookings: [] }).eligible);
  const read = needed.length
    ? await deps.bookings.diaries(
        shift.orgId,
        needed.map((c) => c.id),
      )
    : { diaries: new Map<string, BookedInterval[]>(), requests: 0 };
  const span = matchWindow(shift);
  const bookings: (BookedInterval & { clinicianId: string })[] = [];
  for (const [clinicianId, diary] of read.diaries) {
    for (const b of diary) {
      const start = Date.parse(b.start);
      if (start >= span.from && start <= span.to) bookings.push({ ...b, clinicianId });
    }
  }
  return { ...evaluate(shift, practice, clinicians, bookings), requests: read.requests };
}

/**
 * Who can work a shift, best first, and why everyone else near it cannot.
 * Reads the practice, the practice's one location cell for the role, and the
 * diaries of the cell's clinicians (see {@link judge}): a few requests
 * whatever the bank's size and however busy the rest of the organisation.
 * Offering passes `explain: false`, reading only the diaries of clinicians
 * the static rules let through.
 */
export async function matchShift(
  shift: Shift,
  deps: Pick<ReadingDeps, 'practices' | 'clinicians' | 'bookings'>,
  practice?: Practice,
  options: { explain: boolean } = { explain: true },
): Promise<MatchResult> {
  let requests = 0;
  if (!practice) {
    practice = await deps.practices.get(shift.orgId, shift.practiceId);
    requests++;
    if (!practice) return { candidates: [], excluded: [], requests };
  }
  const cell = await deps.clinicians.inCell(shift.orgId, shift.role, practice);
  const judged = await judge(shift, practice, cell.clinicians, deps, options);
  return { ...judged, requests: requests + cell.requests + judged.requests };
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
  deps: Pick<ReadingDeps, 'practices' | 'clinicians' | 'shifts' | 'offers' | 'bookings'>,
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
    const one = await judge(shift, practice, [clinician], deps, { explain: true });
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
