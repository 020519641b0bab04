import type { DocumentType } from './document-types';
import { distanceKm, driveMinutes, travelRadiusKm } from './geo';
import { type ComplianceGaps, complianceGaps, complianceState, type EvidenceHolder } from './requirements';
import { clockDate, instantMs, type LondonClock, londonClock, londonMidnightMs } from './time';
import {
  type AvailabilityWindow,
  type BookedInterval,
  type Clinician,
  EXCLUSION_REASONS,
  type ExclusionReason,
  type GeoPoint,
  type Role,
  type Shift,
  type Site,
  type TimeOff,
  WEEKDAYS,
  type Weekday,
} from './types';

/**
 * Who may be offered a shift, and why not. Every rule here is pure and works
 * on UTC instants and London dates; an accept runs {@link assessEligibility}
 * again on the diary it read just before its transaction, so that offering
 * and booking judge a clinician's diary by the same rules.
 *
 * Reading of dates: a compliance date (`trainingExpires`, `indemnityExpires`,
 * `registration.expires`, `rightToWorkExpires`, and a DBS check's third
 * anniversary) is the first London day the item is no longer valid. A shift
 * may be worked when every such date falls after the shift's last London day,
 * the day of its final minute (a shift ending at 00:00 ends the day before).
 * The DBS check is judged the same way, so an overnight shift that runs into
 * the third anniversary is refused.
 */

export const MIN_REST_HOURS = 11;
export const DEFAULT_MAX_WEEKLY_HOURS = 48;
export { DBS_VALID_YEARS, dbsLapses, NEVER_BOOKABLE } from './requirements';

const MINUTE = 60_000;
const REST_MS = MIN_REST_HOURS * 60 * MINUTE;
/** The longest a working day may span and still leave eleven hours' rest in its twenty-four. */
const WORKING_DAY_MS = (24 - MIN_REST_HOURS) * 60 * MINUTE;
const DAY_MINUTES = 24 * 60;

/** A half-open interval of UTC instants, `[start, end)`. */
export interface Span {
  start: string;
  end: string;
}

export interface ShiftSpan extends Span {
  id: string;
}

export type EligibilityClinician = Pick<
  Clinician,
  | 'roles'
  | 'skills'
  | 'home'
  | 'maxTravelKm'
  | 'registration'
  | 'compliance'
  | 'blockedPracticeIds'
  | 'availability'
  | 'maxWeeklyHours'
  | 'status'
  | 'timeOff'
> &
  Partial<Pick<Clinician, 'employment' | 'ir35' | 'evidence' | 'joinedByInvite'>>;

export interface EligibilityInput {
  clinician: EligibilityClinician;
  shift: Pick<Shift, 'id' | 'role' | 'skills' | 'start' | 'end' | 'practiceId'>;
  /** `requirements`: the practice's own document types, required of everyone who works there. */
  practice: GeoPoint & { id: string; requirements?: readonly DocumentType[] };
  /** The clinician's confirmed bookings near the shift, in any order. */
  bookings: readonly BookedInterval[];
}

interface Verdict {
  /** Every rule the clinician fails, unique, in the order of {@link EXCLUSION_REASONS}. */
  reasons: ExclusionReason[];
  /** With `COMPLIANCE`: the document types missing, and those lapsed by the shift's last day. */
  compliance?: ComplianceGaps;
}

/** Home to practice, unrounded: always for the eligible; absent for an applicant who has given no home (`DISTANCE`). */
export type Eligibility =
  | (Verdict & { eligible: true; distanceKm: number })
  | (Verdict & { eligible: false; distanceKm?: number });

export function assessEligibility(input: EligibilityInput): Eligibility {
  const { clinician: c, shift, practice, bookings } = input;
  const facts = shiftFacts(shift.start, shift.end);
  const failed = new Set<ExclusionReason>();

  if (!c.roles.includes(shift.role)) failed.add('ROLE');
  if (!shift.skills.every((skill) => c.skills.includes(skill))) failed.add('SKILLS');
  const distance = c.home ? distanceKm(c.home, practice) : undefined;
  if (distance === undefined || distance > travelRadiusKm(c.maxTravelKm)) failed.add('DISTANCE');
  const state = complianceState(c, { role: shift.role, practiceRequirements: practice.requirements });
  const compliant = facts.lastDay < state.bookableUntil;
  if (!compliant) failed.add('COMPLIANCE');
  if (!availableFor(c.availability, facts) || timeOffTouchingDays(c.timeOff, facts).length) failed.add('AVAILABILITY');
  for (const reason of conflictsFor(facts, others(shift.id, bookings), c.maxWeeklyHours)) failed.add(reason);
  if (c.blockedPracticeIds.includes(shift.practiceId)) failed.add('BLOCKED');
  if (c.status === 'disabled') failed.add('DISABLED');
  if (c.status === 'applicant') failed.add('APPLICANT');
  const site = { practiceId: practice.id, lat: practice.lat, lon: practice.lon };
  if (travelMs(facts, site, shift.id, bookings)) failed.add('TRAVEL');
  if (needsIr35(c, shift.practiceId)) failed.add('IR35');

  const reasons = EXCLUSION_REASONS.filter((r) => failed.has(r));
  const gaps = compliant ? {} : { compliance: complianceGaps(state, facts.lastDay) };
  // Eligible means within reach, so there is a distance.
  if (reasons.length === 0 && distance !== undefined) return { eligible: true, reasons, distanceKm: distance, ...gaps };
  return { eligible: false, reasons, ...(distance === undefined ? {} : { distanceKm: distance }), ...gaps };
}

/**
 * Off-payroll working: a practice engaging a limited-company clinician must
 * determine whether the engagement falls inside IR35 before the first
 * booking, so until it has recorded one (either way) it may not book them.
 */
export function needsIr35(c: Partial<Pick<Clinician, 'employment' | 'ir35'>>, practiceId: string): boolean {
  return c.employment === 'limited-company' && !c.ir35?.[practiceId];
}

// ---------------------------------------------------------------- compliance

/**
 * The first London date on which the clinician can no longer work: the
 * earliest date a required document lapses (see `requirements.ts`), or
 * {@link NEVER_BOOKABLE}, which sorts before every real date, when one is
 * missing. For a clinician created with v1's dates that is the earliest of
 * the recorded training, indemnity, registration and right-to-work expiry
 * dates and the DBS check's third anniversary; a DBS check, mandatory
 * training and the right to work are required. Indemnity counts when
 * recorded but is not required: NHS work in GP practices in England is
 * covered by the state scheme (CNSGP), and staff without their own cover
 * (HCAs, health coaches) have no date to record.
 */
export function bookableUntil(
  c: EvidenceHolder,
  options: { role?: Role; practiceRequirements?: readonly DocumentType[] } = {},
): string {
  return complianceState(c, options).bookableUntil;
}

// -------------------------------------------------------------- availability

/**
 * Whether a shift lies inside the clinician's weekly availability (London wall
 * clock). Absent availability means any time. Each London day the shift
 * touches must have its part of the shift inside one window of that weekday;
 * windows of the same day that overlap or touch count as one
 * (08:00-12:00 and 12:00-18:00 cover 10:00-14:00). A window whose `to` is not
 * after its `from` is ignored: a night is two windows, 20:00-24:00 and
 * 00:00-08:00 on the next day.
 */
export function isAvailable(availability: readonly AvailabilityWindow[] | undefined, shift: Span): boolean {
  return availableFor(availability, shiftFacts(shift.start, shift.end));
}

function availableFor(availability: readonly AvailabilityWindow[] | undefined, facts: ShiftFacts): boolean {
  if (availability === undefined) return true;
  const byDay = mergedWindows(availability);
  return facts.parts.every((part) =>
    (byDay.get(part.day) ?? []).some(([from, to]) => from <= part.fromMinute && part.toMinute <= to),
  );
}

function mergedWindows(availability: readonly AvailabilityWindow[]): Map<Weekday, Array<[number, number]>> {
  const byDay = new Map<Weekday, Array<[number, number]>>();
  for (const w of availability) {
    const from = clockMinutes(w.from);
    const to = clockMinutes(w.to);
    if (from === undefined || to === undefined || to <= from) continue;
    const list = byDay.get(w.day) ?? [];
    list.push([from, to]);
    byDay.set(w.day, list);
  }
  for (const [day, list] of byDay) {
    list.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number]> = [];
    for (const [from, to] of list) {
      const last = merged.at(-1);
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else merged.push([from, to]);
    }
    byDay.set(day, merged);
  }
  return byDay;
}

/** `HH:mm` to minutes after midnight; `24:00` is the end of the day. */
function clockMinutes(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (Number(m[2]) > 59 || minutes > DAY_MINUTES) return undefined;
  return minutes;
}

// ------------------------------------------------------------------ time off

/**
 * The periods of time off a span touches: any London day the span covers,
 * from its first minute's day to its last minute's (a shift ending at 00:00
 * touches only the day before), falls within `from`..`to` of one.
 */
export function timeOffTouching<T extends Pick<TimeOff, 'from' | 'to'>>(
  timeOff: readonly T[] | undefined,
  span: Span,
): T[] {
  return timeOff?.length ? timeOffTouchingDays(timeOff, shiftFacts(span.start, span.end)) : [];
}

function timeOffTouchingDays<T extends Pick<TimeOff, 'from' | 'to'>>(
  timeOff: readonly T[] | undefined,
  facts: ShiftFacts,
): T[] {
  if (!timeOff?.length) return [];
  return timeOff.filter((t) => t.from <= facts.lastDay && facts.firstDay <= t.to);
}

// ------------------------------------------------------------------ schedule

/** Half-open intervals: one ending as the other starts do not overlap. */
export function overlaps(a: Span, b: Span): boolean {
  return Date.parse(a.start) < Date.parse(b.end) && Date.parse(b.start) < Date.parse(a.end);
}

/** Some booking other than this shift's own overlaps it. */
export function clashes(shift: ShiftSpan, bookings: readonly BookedInterval[]): boolean {
  return clashesMs(shiftFacts(shift.start, shift.end), others(shift.id, bookings));
}

/**
 * The shift and the bookings less than eleven hours from it (and from each
 * other) make a working day spanning more than thirteen hours, which leaves no
 * eleven hours' rest in its twenty-four. See `restViolationMs`.
 */
export function restViolation(shift: ShiftSpan, bookings: readonly BookedInterval[]): boolean {
  return restViolationMs(shiftFacts(shift.start, shift.end), others(shift.id, bookings));
}

/** The London ISO week (Monday 00:00 to the next Monday 00:00, London time) holding an instant, as UTC instants. */
export function londonWeek(instant: string): Span {
  const monday = mondayOf(londonClock(instantMs(instant)));
  return { start: new Date(monday).toISOString(), end: new Date(dayAfter(monday, 7)).toISOString() };
}

/** Real elapsed minutes of the intervals that fall inside the week, each clipped to it. */
export function weeklyMinutes(week: Span, intervals: readonly Span[]): number {
  const w = { s: Date.parse(week.start), e: Date.parse(week.end) };
  return clippedMs(w, intervals.map(toMs)) / MINUTE;
}

/** The weekly cap in hours: the clinician's own, or 48 when unset. */
export function weeklyCapHours(maxWeeklyHours: number | undefined): number {
  return maxWeeklyHours && maxWeeklyHours > 0 ? maxWeeklyHours : DEFAULT_MAX_WEEKLY_HOURS;
}

/**
 * Booking the shift would take some London week over the cap. Each week the
 * shift touches is judged with the shift and the bookings clipped to it, so a
 * night from Sunday into Monday counts in both weeks, by the hours in each.
 * Bookings for the same shift are left out.
 */
export function weeklyHoursExceeded(
  shift: ShiftSpan,
  bookings: readonly BookedInterval[],
  maxWeeklyHours: number | undefined,
): boolean {
  return weeklyExceededMs(shiftFacts(shift.start, shift.end), others(shift.id, bookings), maxWeeklyHours);
}

/**
 * The diary rules alone (CLASH, REST, WEEKLY_HOURS, in that order), as
 * {@link assessEligibility} judges them: for a caller that has a diary but
 * no clinician or site to judge (travel needs both).
 */
export function scheduleConflicts(
  shift: ShiftSpan,
  bookings: readonly BookedInterval[],
  maxWeeklyHours: number | undefined,
): ExclusionReason[] {
  return conflictsFor(shiftFacts(shift.start, shift.end), others(shift.id, bookings), maxWeeklyHours);
}

function conflictsFor(facts: ShiftFacts, booked: readonly Ms[], maxWeeklyHours: number | undefined): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  if (clashesMs(facts, booked)) reasons.push('CLASH');
  if (restViolationMs(facts, booked)) reasons.push('REST');
  if (weeklyExceededMs(facts, booked, maxWeeklyHours)) reasons.push('WEEKLY_HOURS');
  return reasons;
}

/** An interval in epoch milliseconds: matching judges thousands of diaries, so each instant is parsed once. */
interface Ms {
  s: number;
  e: number;
}

function toMs(span: Span): Ms {
  return { s: Date.parse(span.start), e: Date.parse(span.end) };
}

/** The bookings that count against a shift: all but its own, which a re-check of the same booking must not trip on. */
function others(shiftId: string, bookings: readonly BookedInterval[]): Ms[] {
  const out: Ms[] = [];
  for (const b of bookings) if (b.shiftId !== shiftId) out.push(toMs(b));
  return out;
}

function clashesMs(f: ShiftFacts, booked: readonly Ms[]): boolean {
  return booked.some((b) => b.s < f.e && f.s < b.e);
}

/**
 * Eleven hours' rest between working days (Working Time Regulations). Shifts
 * less than eleven hours apart make one working day, as a GP's morning and
 * afternoon sessions do; that day must still leave eleven hours' rest in its
 * twenty-four, so from its first start to its last end it may span at most
 * thirteen hours. A shift on its own is never a rest problem, however long.
 */
function restViolationMs(f: ShiftFacts, booked: readonly Ms[]): boolean {
  let s = f.s;
  let e = f.e;
  let joined = false;
  // Grow the working day by every booking within eleven hours of it, until none is left to join.
  for (let grew = true; grew; ) {
    grew = false;
    for (const b of booked) {
      if (b.e > s - REST_MS && b.s < e + REST_MS) {
        joined = true;
        if (b.s < s) [s, grew] = [b.s, true];
        if (b.e > e) [e, grew] = [b.e, true];
      }
    }
  }
  return joined && e - s > WORKING_DAY_MS;
}

function weeklyExceededMs(f: ShiftFacts, booked: readonly Ms[], maxWeeklyHours: number | undefined): boolean {
  const capMs = weeklyCapHours(maxWeeklyHours) * 60 * MINUTE;
  return f.weeks.some((week) => clippedMs(week, [f]) + clippedMs(week, booked) > capMs);
}

function clippedMs(week: Ms, intervals: readonly Ms[]): number {
  let ms = 0;
  for (const i of intervals) {
    const from = Math.max(week.s, i.s);
    const to = Math.min(week.e, i.e);
    if (to > from) ms += to - from;
  }
  return ms;
}

// -------------------------------------------------------------------- travel

/**
 * TRAVEL: the clinician is booked at another site on the shift's London day
 * (both start that day) and the time between the two is shorter than the
 * drive between the sites ({@link driveMinutes}: great-circle km at 40 km/h,
 * rounded up to 5 minutes). Overlapping shifts are a CLASH, not this; two
 * shifts at the same practice never are; a booking whose site is not known
 * (an entry older than the rule) cannot be judged and does not count.
 */
export function travelConflict(shift: ShiftSpan, site: Site, bookings: readonly BookedInterval[]): boolean {
  return travelMs(shiftFacts(shift.start, shift.end), site, shift.id, bookings);
}

function travelMs(f: ShiftFacts, site: Site, shiftId: string, bookings: readonly BookedInterval[]): boolean {
  for (const b of bookings) {
    if (!b.site || b.shiftId === shiftId || b.site.practiceId === site.practiceId) continue;
    const s = Date.parse(b.start);
    const e = Date.parse(b.end);
    const gap = s >= f.e ? s - f.e : f.s >= e ? f.s - e : undefined;
    if (gap === undefined || gap >= driveMinutes(site, b.site) * MINUTE) continue;
    if (clockDate(londonClock(s)) === f.firstDay) return true;
  }
  return false;
}

// ------------------------------------------------------------- shift facts

interface DayPart {
  day: Weekday;
  /** Wall-clock minutes after London midnight. */
  fromMinute: number;
  /** Wall-clock minutes after London midnight; 1440 when the part runs to midnight. */
  toMinute: number;
}

interface ShiftFacts extends Ms {
  /** London date the shift starts on. */
  firstDay: string;
  /** London date of the shift's final minute. */
  lastDay: string;
  parts: DayPart[];
  /** The London weeks the shift touches. */
  weeks: Ms[];
}

/**
 * Matching judges one shift against thousands of clinicians; the London
 * calendar facts of the shift are the costly part, so the last answer is kept.
 */
let cached: { key: string; facts: ShiftFacts } | undefined;

function shiftFacts(start: string, end: string): ShiftFacts {
  const key = `${start}|${end}`;
  if (cached?.key === key) return cached.facts;
  const facts = computeShiftFacts(start, end);
  cached = { key, facts };
  return facts;
}

/** The London midnight starting the day of a clock, in epoch milliseconds. */
function midnightOf(c: LondonClock): number {
  return londonMidnightMs(c.year, c.month, c.day);
}

/** The London midnight `days` days after the one at `midnightMs`. */
function dayAfter(midnightMs: number, days: number): number {
  const c = londonClock(midnightMs);
  return londonMidnightMs(c.year, c.month, c.day + days);
}

/** The London midnight starting the ISO week (from Monday) of a clock. */
function mondayOf(c: LondonClock): number {
  return londonMidnightMs(c.year, c.month, c.day - (c.weekday - 1));
}

function computeShiftFacts(start: string, end: string): ShiftFacts {
  const startMs = Date.parse(start);
  const endMs = Date.parse(end);
  const first = londonClock(instantMs(start));
  const lastDay = clockDate(londonClock(Math.max(startMs, endMs - 1)));

  const parts: DayPart[] = [];
  for (let day = midnightOf(first); day < endMs; day = dayAfter(day, 1)) {
    const nextDay = dayAfter(day, 1);
    const from = Math.max(startMs, day);
    const to = Math.min(endMs, nextDay);
    if (to <= from) continue;
    parts.push({ day: WEEKDAYS[londonClock(day).weekday - 1]!, ...wallRange(from, to, to === nextDay) });
  }

  const weeks: Ms[] = [];
  let monday = mondayOf(first);
  do {
    const next = dayAfter(monday, 7);
    weeks.push({ s: monday, e: next });
    monday = next;
  } while (monday < endMs);

  return { s: startMs, e: endMs, firstDay: clockDate(first), lastDay, parts, weeks };
}

/**
 * The wall-clock minutes a part of one London day covers. When the clocks go
 * back inside it, the repeated hour is covered too even if the part starts
 * inside it (01:30 BST to 01:10 GMT covers 01:00-02:00).
 */
function wallRange(fromMs: number, toMs: number, toMidnight: boolean): { fromMinute: number; toMinute: number } {
  const a = londonClock(fromMs);
  const b = londonClock(toMs);
  let fromMinute = a.hour * 60 + a.minute;
  let toMinute = toMidnight ? DAY_MINUTES : b.hour * 60 + b.minute + (b.second > 0 || b.millisecond > 0 ? 1 : 0);
  if (a.offsetMinutes > b.offsetMinutes) {
    // Find the instant the clocks went back: the first minute already on the later offset.
    let lo = fromMs;
    let hi = toMs;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.max(MINUTE, Math.floor((hi - lo) / 2 / MINUTE) * MINUTE);
      if (londonClock(mid).offsetMinutes === b.offsetMinutes) hi = mid;
      else lo = mid;
    }
    const after = londonClock(hi);
    const afterMinute = after.hour * 60 + after.minute;
    fromMinute = Math.min(fromMinute, afterMinute);
    toMinute = Math.max(toMinute, afterMinute + (a.offsetMinutes - b.offsetMinutes));
  }
  return { fromMinute, toMinute };
}
