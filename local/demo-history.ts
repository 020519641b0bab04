/**
 * The demo's history: the last eight weeks of the Somerset group's shifts
 * (posted, filled, cancelled, left unfilled), their bookings and timesheets
 * in every state, and the open gaps and bookings of the next two weeks, so
 * every board, report and chart has something to show at first start.
 *
 * Pure and deterministic for a given `now` (its own PRNG stream, so the bank
 * itself is not disturbed), and placed relative to `now`: whatever the
 * runtime's clock says, the past is past, the gaps are still ahead, and a
 * timesheet still waiting for a decision was submitted within the 72 hours
 * after which it would have been approved on trust.
 *
 * The records are what the real write paths leave behind: pay priced as a
 * submission prices it, bookings carrying their timesheet's id, a filled
 * shift naming its booking. The timesheets of the oldest four weeks are left
 * approved: the seed runs the real payroll export over them, which claims
 * them (exported, with its claim records) and writes the CSV.
 */
import { DateTime } from 'luxon';
import { computePay } from '../lib/domain/pay';
import { mileagePence, variance } from '../lib/domain/timesheet-rules';
import type {
  BookedInterval,
  Booking,
  Clinician,
  Practice,
  Shift,
  ShiftTemplate,
  Timesheet,
  TimesheetStatus,
} from '../lib/domain/types';

/** A booking as stored: its item also carries the id of the timesheet submitted for it. */
export interface DemoBooking extends Booking {
  timesheetId?: string;
}

export interface DemoHistory {
  shifts: Shift[];
  bookings: DemoBooking[];
  timesheets: Timesheet[];
  /** Each booked clinician's diary as the booking writes would have left it (bookings near now). */
  diaries: { orgId: string; clinicianId: string; bookings: BookedInterval[] }[];
  /** Which session of which template on which London date each shift was posted for (the bulk post's guard). */
  templateSessions: { orgId: string; templateId: string; date: string; session: number; shiftId: string }[];
  /** The payroll export HR ran this morning: London dates, inclusive; the seed runs it. */
  payrollExport: { orgId: string; id: string; from: string; to: string; createdBy: string };
}

export interface HistoryInput {
  orgId: string;
  practices: readonly Practice[];
  clinicians: readonly Clinician[];
  templates: readonly ShiftTemplate[];
  /** Practice id to the id of the manager who runs it (who posts and decides). */
  managerOf: Readonly<Record<string, string>>;
  hrUserId: string;
  bankHolidayUplift: number;
}

export const HISTORY_WEEKS = 8;
export const FUTURE_DAYS = 14;
/** Approval on trust comes 72 hours after a submission: anything still submitted is younger. */
const TRUST_MS = 72 * 3_600_000;
/** How long a booking stays in the diary after it ends (lib/use-cases/bookings: DIARY_KEEP_MS). */
const DIARY_KEEP_MS = 8 * 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

/** How often each kind of template is posted on a weekday, per practice. */
const POSTING_CHANCE: Record<string, number> = { 'GP day': 0.14, 'Nurse clinic': 0.12, 'Extended access evening': 0.1 };

const CANCEL_REASONS = [
  'Practice closed for staff training',
  'Covered by a salaried GP after all',
  'Clinic merged with the neighbouring site',
  'Duplicate posting',
];
const QUERY_NOTES = [
  'The clinic finished at the booked time: please check your end time',
  'Can you confirm the mileage? The home visit was in town',
  'Our rota shows a 30 minute break: please add it',
];
const REJECT_REASONS = [
  'This session was cancelled on the morning and not worked',
  'Claimed twice: the other timesheet for this day has been approved',
];
const LATE_NOTES = ['Stayed on to finish the list', 'Two urgent extras at the end of the session'];

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HISTORY_SEED = 0x48_49_53_54; // "HIST"

function kmBetween(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** The first London date a clinician's compliance no longer holds (DBS lasts three years). */
function lapsesOn(c: Clinician): string {
  const dates = [
    c.compliance.dbsCheckedOn && DateTime.fromISO(c.compliance.dbsCheckedOn).plus({ years: 3 }).toISODate()!,
    c.compliance.trainingExpires,
    c.compliance.indemnityExpires,
    c.compliance.rightToWorkExpires,
    c.registration?.expires,
  ].filter((d): d is string => Boolean(d));
  return dates.sort()[0] ?? '9999-12-31';
}

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function buildHistory(input: HistoryInput, now: Date): DemoHistory {
  const random = mulberry32(HISTORY_SEED);
  const chance = (p: number) => random() < p;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const nowMs = now.getTime();
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
  const monday = today.minus({ days: today.weekday - 1 });
  const first = monday.minus({ weeks: HISTORY_WEEKS });
  const last = today.plus({ days: FUTURE_DAYS - 1 });
  // The four oldest weeks are the period of the export HR ran this morning.
  const exportFrom = first.toISODate()!;
  const exportTo = monday
    .minus({ weeks: HISTORY_WEEKS / 2 })
    .minus({ days: 1 })
    .toISODate()!;

  const practices = new Map(input.practices.map((p) => [p.id, p]));
  const clinicians = new Map(input.clinicians.map((c) => [c.id, c]));
  // Who could work at each practice in each role: within their travel, not blocked there.
  const reachable = new Map<string, Clinician[]>();
  const candidates = (practice: Practice, role: string) => {
    const key = `${practice.id}|${role}`;
    let found = reachable.get(key);
    if (!found) {
      found = input.clinicians.filter(
        (c) =>
          c.roles[0] === role &&
          !c.blockedPracticeIds.includes(practice.id) &&
          c.home !== undefined &&
          kmBetween(c.home, practice) <= c.maxTravelKm,
      );
      reachable.set(key, found);
    }
    return found;
  };
  const busy = new Set<string>();
  const lapses = new Map(input.clinicians.map((c) => [c.id, lapsesOn(c)]));

  const shifts: Shift[] = [];
  const bookings: DemoBooking[] = [];
  const timesheets: Timesheet[] = [];
  const templateSessions: DemoHistory['templateSessions'] = [];
  let n = 0;

  for (let day = first; day <= last; day = day.plus({ days: 1 })) {
    if (day.weekday > 5) continue;
    const date = day.toISODate()!;
    for (const template of input.templates) {
      const practice = practices.get(template.practiceId);
      if (!practice || !chance(POSTING_CHANCE[template.name] ?? 0.1)) continue;
      const poster = input.managerOf[practice.id] ?? 'demo';
      for (const [index, session] of template.sessions.entries()) {
        const start = DateTime.fromISO(`${date}T${session.from}`, { zone: 'Europe/London' });
        const end = DateTime.fromISO(`${date}T${session.to}`, { zone: 'Europe/London' });
        const startMs = start.toMillis();
        const endMs = end.toMillis();
        // Posted one to three weeks ahead, never after now.
        const postedMs = Math.min(startMs - between(3, 21) * 86_400_000 + between(8, 17) * HOUR, nowMs - HOUR);
        n++;
        const shift: Shift = {
          orgId: input.orgId,
          id: `shf-demo-${pad(n, 4)}`,
          practiceId: practice.id,
          role: template.role,
          skills: [...template.skills],
          start: start.toUTC().toISO()!,
          end: end.toUTC().toISO()!,
          breakMinutes: session.breakMinutes,
          hourlyRatePence: template.hourlyRatePence,
          ...(template.notes === undefined ? {} : { notes: template.notes }),
          cascadeMinutes: template.cascadeMinutes,
          status: 'open',
          postedAt: iso(postedMs),
          postedBy: poster,
          templateId: template.id,
          round: 1,
        };
        shifts.push(shift);
        templateSessions.push({ orgId: input.orgId, templateId: template.id, date, session: index, shiftId: shift.id });

        const past = startMs <= nowMs;
        const fate = random();
        if (fate < 0.06) {
          shift.status = 'cancelled';
          shift.cancelledAt = iso(Math.min(nowMs, postedMs + Math.floor(random() * (startMs - postedMs))));
          shift.cancelReason = pick(CANCEL_REASONS);
          continue;
        }
        // Most of the past was filled; about half the next fortnight is still a gap.
        if (fate > (past ? 0.86 : 0.5)) continue;
        const who = candidates(practice, template.role).filter(
          (c) => lapses.get(c.id)! > date && !busy.has(`${c.id}|${date}`),
        );
        if (!who.length) continue;
        const clinician = pick(who);
        busy.add(`${clinician.id}|${date}`);
        const bookedMs = Math.min(postedMs + between(10, 600) * MINUTE, nowMs - MINUTE, startMs - HOUR);
        const booking: DemoBooking = {
          orgId: input.orgId,
          id: `bkg-demo-${pad(n, 4)}`,
          shiftId: shift.id,
          clinicianId: clinician.id,
          practiceId: practice.id,
          status: 'confirmed',
          bookedAt: iso(Math.max(bookedMs, postedMs)),
          start: shift.start,
          end: shift.end,
        };
        bookings.push(booking);
        shift.status = 'filled';
        shift.booking = { id: booking.id, clinicianId: clinician.id };
        shift.filledAt = booking.bookedAt;

        // A shift ending just now has no timesheet yet: nobody claims a minute after the end.
        if (endMs > nowMs - 5 * MINUTE) continue;
        const status = timesheetFate(date, endMs);
        if (!status) continue;
        const timesheet = priceTimesheet(shift, booking, clinician, status, endMs);
        booking.timesheetId = timesheet.id;
        timesheets.push(timesheet);
      }
    }
  }

  /** What became of a worked shift's timesheet, by how long ago it was worked; undefined: none submitted yet. */
  function timesheetFate(date: string, endMs: number): TimesheetStatus | undefined {
    if (date <= exportTo) return chance(0.05) ? 'rejected' : 'approved';
    if (nowMs - endMs > 6 * 86_400_000) {
      const r = random();
      return r < 0.08 ? 'rejected' : r < 0.16 ? 'queried' : 'approved';
    }
    const r = random();
    return r < 0.2 ? undefined : r < 0.6 ? 'submitted' : r < 0.8 ? 'queried' : 'approved';
  }

  function priceTimesheet(
    shift: Shift,
    booking: Booking,
    clinician: Clinician,
    status: TimesheetStatus,
    endMs: number,
  ): Timesheet {
    const booked = { start: shift.start, end: shift.end, breakMinutes: shift.breakMinutes };
    // Some stay on past the booked end and say why; a query is usually about those.
    const late = endMs + 46 * MINUTE < nowMs && (status === 'queried' ? chance(0.7) : chance(0.1));
    const claim = late ? { ...booked, end: iso(endMs + between(1, 3) * 15 * MINUTE) } : booked;
    const miles = chance(0.15) ? between(4, 30) : undefined;
    const pay = computePay({
      ...claim,
      hourlyRatePence: shift.hourlyRatePence,
      bankHolidayUplift: input.bankHolidayUplift,
      bookedStart: booked.start,
    });
    const mileage = miles === undefined ? undefined : mileagePence(miles);
    const claimEndMs = Date.parse(claim.end);
    // Still waiting for a decision: submitted within the last 72 hours (older ones were approved on trust).
    const submittedMs =
      status === 'submitted'
        ? Math.max(claimEndMs, nowMs - TRUST_MS + HOUR) + Math.floor(random() * Math.min(HOUR, nowMs - claimEndMs))
        : claimEndMs + between(1, 30) * HOUR;
    const submittedAt = iso(Math.min(submittedMs, nowMs - MINUTE));
    const decidedMs = Math.min(Date.parse(submittedAt) + between(2, 40) * HOUR, nowMs - MINUTE);
    const decider = input.managerOf[shift.practiceId] ?? 'demo';
    const timesheet: Timesheet = {
      orgId: input.orgId,
      id: `tms-demo-${shift.id.slice('shf-demo-'.length)}`,
      bookingId: booking.id,
      shiftId: shift.id,
      clinicianId: clinician.id,
      practiceId: shift.practiceId,
      shiftStart: shift.start,
      booked,
      hourlyRatePence: shift.hourlyRatePence,
      ...claim,
      ...pay,
      variance: variance(booked, claim, shift.hourlyRatePence, input.bankHolidayUplift),
      ...(late ? { note: pick(LATE_NOTES) } : {}),
      ...(miles === undefined ? {} : { mileageMiles: miles, mileagePence: mileage }),
      totalPence: pay.grossPence + (mileage ?? 0),
      employment: clinician.employment,
      status,
      submittedAt,
      revision: status === 'submitted' ? 0 : 1,
    };
    if (status === 'approved' || status === 'rejected') {
      timesheet.decidedAt = iso(decidedMs);
      timesheet.decidedBy = decider;
    }
    if (status === 'rejected') timesheet.rejectReason = pick(REJECT_REASONS);
    if (status === 'queried') {
      timesheet.queryNote = pick(QUERY_NOTES);
      timesheet.queriedAt = iso(decidedMs);
      timesheet.queriedBy = decider;
    }
    return timesheet;
  }

  const diaries = new Map<string, BookedInterval[]>();
  for (const b of bookings) {
    if (Date.parse(b.end) <= nowMs - DIARY_KEEP_MS) continue;
    const practice = practices.get(b.practiceId)!;
    const entry: BookedInterval = {
      bookingId: b.id,
      shiftId: b.shiftId,
      start: b.start,
      end: b.end,
      site: { practiceId: practice.id, lat: practice.lat, lon: practice.lon },
    };
    diaries.set(b.clinicianId, [...(diaries.get(b.clinicianId) ?? []), entry]);
  }

  return {
    shifts,
    bookings,
    timesheets,
    diaries: [...diaries].map(([clinicianId, entries]) => ({
      orgId: clinicians.get(clinicianId)!.orgId,
      clinicianId,
      bookings: entries,
    })),
    templateSessions,
    payrollExport: {
      orgId: input.orgId,
      id: 'exp-demo-0001',
      from: exportFrom,
      to: exportTo,
      createdBy: input.hrUserId,
    },
  };
}
