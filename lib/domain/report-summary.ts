import { stringify } from 'csv-stringify/sync';
import { formatPence } from './payroll-csv';
import { addDays, londonDate, minutesBetween } from './time';
import type { Shift, Timesheet } from './types';

export type ReportShift = Pick<
  Shift,
  'id' | 'practiceId' | 'start' | 'end' | 'breakMinutes' | 'hourlyRatePence' | 'status' | 'postedAt' | 'filledAt'
>;
export type ReportTimesheet = Pick<Timesheet, 'shiftId' | 'status' | 'grossPence' | 'totalPence'> &
  Partial<Pick<Timesheet, 'id'>>;

export type ReportGrouping = 'week' | 'month';

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
  /** With `groupBy`: one entry per week (its London Monday) or month (`2026-11`) of the period, empty ones too. */
  series?: (FillCounts & { period: string; spendPence: number })[];
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
  groupBy?: ReportGrouping;
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
 * What a timesheet adds to spend: what it pays (gross pay, mileage and
 * expenses) once approved or exported; nothing before, since nothing is owed
 * until the practice approves what was worked. A late cancellation's fee is
 * such a timesheet too, on a shift that was cancelled or filled again.
 */
export function paidPence(timesheet: ReportTimesheet): number {
  if (timesheet.status === 'approved' || timesheet.status === 'exported') {
    return timesheet.totalPence ?? timesheet.grossPence;
  }
  return 0;
}

/** The periods of `from`..`to` by week (London Mondays) or month, in order. */
export function periodsOf(from: string, to: string, groupBy: ReportGrouping): string[] {
  const out: string[] = [];
  if (groupBy === 'week') {
    for (let w = weekStartOf(from); w <= to; w = addDays(w, 7)) out.push(w);
    return out;
  }
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); ) {
    out.push(m);
    const [y, mo] = m.split('-').map(Number) as [number, number];
    m = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
  }
  return out;
}

const periodOf = (date: string, groupBy: ReportGrouping) => (groupBy === 'week' ? weekStartOf(date) : date.slice(0, 7));

/**
 * The fill and spend summary of a period. A cancelled shift is withdrawn
 * demand: it counts in `shiftsCancelled`, not in `shiftsPosted`, so the fill
 * rate is filled over shifts still wanted. Minutes to fill run from posting
 * to the (latest) booking.
 */
export function summarise(input: SummaryInput): Summary {
  const inScope = new Set(input.practices.map((p) => p.id));
  const shifts = input.shifts.filter((s) => inScope.has(s.practiceId));
  // Every paid timesheet of a shift counts: the work, and any fee for a booking the practice cancelled late.
  // Each once: read by status, one moving from approved to exported as it is read can be in both lists.
  const byId = new Map<string, ReportTimesheet>();
  input.timesheets.forEach((t, i) => {
    const key = t.id ?? `#${i}`;
    if (!byId.has(key) || t.status === 'exported') byId.set(key, t);
  });
  const paidOf = new Map<string, number>();
  for (const t of byId.values()) paidOf.set(t.shiftId, (paidOf.get(t.shiftId) ?? 0) + paidPence(t));

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
      spendPence: list.reduce((sum, s) => sum + (paidOf.get(s.id) ?? 0), 0),
    };
  };

  const byPracticeId = new Map<string, ReportShift[]>();
  for (const s of shifts) byPracticeId.set(s.practiceId, [...(byPracticeId.get(s.practiceId) ?? []), s]);
  const byWeekStart = new Map<string, ReportShift[]>();
  for (let w = weekStartOf(input.from); w <= input.to; w = addDays(w, 7)) {
    byWeekStart.set(w, []);
  }
  for (const s of shifts) byWeekStart.get(weekStartOf(londonDate(s.start)))?.push(s);

  const series = (groupBy: ReportGrouping) => {
    const byPeriod = new Map(periodsOf(input.from, input.to, groupBy).map((p) => [p, [] as ReportShift[]]));
    for (const s of shifts) byPeriod.get(periodOf(londonDate(s.start), groupBy))?.push(s);
    return [...byPeriod].map(([period, list]) => {
      const { shiftsPosted, shiftsFilled, fillRate, spendPence } = tally(list);
      return { period, shiftsPosted, shiftsFilled, fillRate, spendPence };
    });
  };

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
    ...(input.groupBy ? { series: series(input.groupBy) } : {}),
  };
}

/** A practice's running totals for one London date, as the report totals keep them. */
export interface DayTotals {
  practiceId: string;
  /** London date. */
  date: string;
  /** Shifts of the day still wanted (cancelled ones are not). */
  posted: number;
  filled: number;
  cancelled: number;
  /** Approved and exported timesheets of the day's shifts. */
  spendPence: number;
  /** Minutes from posting to booking of each filled shift of the day: medians cannot be added up. */
  minutesToFill: readonly number[];
}

export interface TotalsSummaryInput {
  /** London dates, inclusive. */
  from: string;
  to: string;
  /** Day totals of the period; those of other dates and practices are left out. */
  days: readonly DayTotals[];
  /** The practices reported on, each listed even with no shifts. */
  practices: readonly { id: string; name: string }[];
  groupBy?: ReportGrouping;
}

/**
 * The same summary as `summarise`, from running day totals instead of the
 * records: counts and spend add up; the median is taken over every day's
 * minutes-to-fill values together.
 */
export function summariseTotals(input: TotalsSummaryInput): Summary {
  const inScope = new Set(input.practices.map((p) => p.id));
  const days = input.days.filter((d) => inScope.has(d.practiceId) && d.date >= input.from && d.date <= input.to);

  const tally = (list: readonly DayTotals[]) => {
    let posted = 0;
    let filled = 0;
    let spendPence = 0;
    const minutes: number[] = [];
    for (const d of list) {
      posted += d.posted;
      filled += d.filled;
      spendPence += d.spendPence;
      minutes.push(...d.minutesToFill);
    }
    return {
      shiftsPosted: posted,
      shiftsFilled: filled,
      fillRate: rate(filled, posted),
      medianMinutesToFill: median(minutes),
      spendPence,
    };
  };
  const grouped = (keysInOrder: readonly string[], keyOf: (d: DayTotals) => string) => {
    const by = new Map(keysInOrder.map((k) => [k, [] as DayTotals[]]));
    for (const d of days) by.get(keyOf(d))?.push(d);
    return [...by];
  };

  const weeks: string[] = [];
  for (let w = weekStartOf(input.from); w <= input.to; w = addDays(w, 7)) weeks.push(w);
  const total = tally(days);
  return {
    from: input.from,
    to: input.to,
    ...total,
    shiftsCancelled: days.reduce((sum, d) => sum + d.cancelled, 0),
    byPractice: [...input.practices]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) => ({ practiceId: p.id, name: p.name, ...tally(days.filter((d) => d.practiceId === p.id)) })),
    byWeek: grouped(weeks, (d) => weekStartOf(d.date)).map(([weekStart, list]) => {
      const { shiftsPosted, shiftsFilled, fillRate } = tally(list);
      return { weekStart, shiftsPosted, shiftsFilled, fillRate };
    }),
    ...(input.groupBy
      ? {
          series: grouped(periodsOf(input.from, input.to, input.groupBy), (d) => periodOf(d.date, input.groupBy!)).map(
            ([period, list]) => {
              const { shiftsPosted, shiftsFilled, fillRate, spendPence } = tally(list);
              return { period, shiftsPosted, shiftsFilled, fillRate, spendPence };
            },
          ),
        }
      : {}),
  };
}

export const SUMMARY_CSV_COLUMNS = ['period', 'shifts_posted', 'shifts_filled', 'fill_rate', 'spend'] as const;

/** The summary's series as CSV, one row per period and a last one for the whole (`from..to`); money in pounds. */
export function summaryCsv(summary: Summary): string {
  const row = (period: string, r: FillCounts & { spendPence: number }) => [
    period,
    String(r.shiftsPosted),
    String(r.shiftsFilled),
    r.fillRate.toFixed(3),
    formatPence(r.spendPence),
  ];
  return stringify(
    [...(summary.series ?? []).map((p) => row(p.period, p)), row(`${summary.from}..${summary.to}`, summary)],
    { header: true, columns: [...SUMMARY_CSV_COLUMNS], record_delimiter: '\r\n' },
  );
}
