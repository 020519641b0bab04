import { computePay } from './pay';
import { addDays, londonDate, minutesBetween } from './time';
import type { Shift, Timesheet } from './types';

export type ReportShift = Pick<
  Shift,
  'id' | 'practiceId' | 'start' | 'end' | 'breakMinutes' | 'hourlyRatePence' | 'status' | 'postedAt' | 'filledAt'
>;
export type ReportTimesheet = Pick<Timesheet, 'shiftId' | 'status' | 'grossPence'>;

export interface FillCounts {
  shiftsPosted: number;
  shiftsFilled: number;
  fillRate: number;
}

export interface PracticeSummary extends FillCounts {
  practiceId: string;
  name: string;
  medianMinutesToFill: number | null;
  spendPence: number;
}

export interface Summary extends FillCounts {
  from: string;
  to: string;
  shiftsCancelled: number;
  medianMinutesToFill: number | null;
  spendPence: number;
  byPractice: PracticeSummary[];
  byWeek: (FillCounts & { weekStart: string })[];
}

export interface SummaryInput {
  /** London dates, inclusive. */
  from: string;
  to: string;
  /** Shifts starting in the period. */
  shifts: readonly ReportShift[];
  /** Timesheets of those shifts (others are ignored). */
  timesheets: readonly ReportTimesheet[];
  /** The practices reported on, each listed even with no shifts; shifts of others are left out. */
  practices: readonly { id: string; name: string }[];
  bankHolidayUplift: number;
}

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const rate = (filled: number, posted: number) => (posted ? Math.round((filled / posted) * 1000) / 1000 : 0);

/** The London Monday of the week a date falls in. */
export function weekStartOf(date: string): string {
  // A calendar reckoning: which day a date is needs no zone.
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}

/**
 * What a shift costs, as the records stand: an approved or exported
 * timesheet's gross pay; nothing for a rejected one (nothing will be paid on
 * it); otherwise (no timesheet yet, or one awaiting a decision) the booked
 * hours at the shift's rate, with the bank-holiday uplift, as computePay
 * would pay them. Only filled shifts cost anything.
 */
export function shiftSpend(shift: ReportShift, timesheet: ReportTimesheet | undefined, uplift: number): number {
  if (shift.status !== 'filled') return 0;
  if (timesheet?.status === 'approved' || timesheet?.status === 'exported') return timesheet.grossPence;
  if (timesheet?.status === 'rejected') return 0;
  return computePay({
    start: shift.start,
    end: shift.end,
    breakMinutes: shift.breakMinutes,
    hourlyRatePence: shift.hourlyRatePence,
    bankHolidayUplift: uplift,
  }).grossPence;
}

/**
 * The fill and spend summary of a period. A cancelled shift is withdrawn
 * demand: it counts in `shiftsCancelled`, not in `shiftsPosted`, so the fill
 * rate is filled over shifts still wanted. Minutes to fill run from posting
 * to the (latest) booking.
 */
export function summarise(input: SummaryInput): Summary {
  const inScope = new Set(input.practices.map((p) => p.id));
  const shifts = input.shifts.filter((s) => inScope.has(s.practiceId));
  const timesheetOf = new Map<string, ReportTimesheet>();
  for (const t of input.timesheets) {
    // A shift has at most one timesheet that counts; a paid one wins over anything else.
    const had = timesheetOf.get(t.shiftId);
    if (!had || t.status === 'approved' || t.status === 'exported') timesheetOf.set(t.shiftId, t);
  }

  const tally = (list: readonly ReportShift[]) => {
    const live = list.filter((s) => s.status !== 'cancelled');
    const filled = live.filter((s) => s.status === 'filled');
    return {
      shiftsPosted: live.length,
      shiftsFilled: filled.length,
      fillRate: rate(filled.length, live.length),
      medianMinutesToFill: median(
        filled.filter((s) => s.filledAt).map((s) => Math.max(0, minutesBetween(s.postedAt, s.filledAt!))),
      ),
      spendPence: filled.reduce((sum, s) => sum + shiftSpend(s, timesheetOf.get(s.id), input.bankHolidayUplift), 0),
    };
  };

  const byPracticeId = new Map<string, ReportShift[]>();
  for (const s of shifts) byPracticeId.set(s.practiceId, [...(byPracticeId.get(s.practiceId) ?? []), s]);
  const byWeekStart = new Map<string, ReportShift[]>();
  for (let w = weekStartOf(input.from); w <= input.to; w = addDays(w, 7)) {
    byWeekStart.set(w, []);
  }
  for (const s of shifts) byWeekStart.get(weekStartOf(londonDate(s.start)))?.push(s);

  const total = tally(shifts);
  return {
    from: input.from,
    to: input.to,
    ...total,
    shiftsCancelled: shifts.length - total.shiftsPosted,
    byPractice: [...input.practices]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ practiceId: p.id, name: p.name, ...tally(byPracticeId.get(p.id) ?? []) })),
    byWeek: [...byWeekStart].map(([weekStart, list]) => {
      const { shiftsPosted, shiftsFilled, fillRate } = tally(list);
      return { weekStart, shiftsPosted, shiftsFilled, fillRate };
    }),
  };
}
