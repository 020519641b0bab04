import Holidays from 'date-holidays';

/*
 * England and Wales bank holidays, as gov.uk lists them, from date-holidays'
 * offline rules (no network, no yearly data refresh to forget).
 *
 * date-holidays reports a fixed-date holiday that falls at a weekend on its own
 * date *and* its substitute weekday (Boxing Day 2026 comes back as Saturday 26
 * and Monday 28 December). gov.uk lists only the substitute, and only the
 * substitute is a day off that pay rules care about, so weekend dates are
 * dropped: every England and Wales bank holiday is a weekday by construction
 * (Good Friday, Mondays, and substitutes for the fixed dates).
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

let calendar: Holidays | undefined;
const byYear = new Map<number, ReadonlySet<string>>();

// Constructing the calendar compiles the country's rules: defer that to the first
// question so a Lambda that never asks does not pay for it at cold start.
function englandAndWales(): Holidays {
  calendar ??= new Holidays('GB', 'ENG', { types: ['public'] });
  return calendar;
}

function isWeekday(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return day !== 0 && day !== 6;
}

function holidaysOf(year: number): ReadonlySet<string> {
  let set = byYear.get(year);
  if (!set) {
    set = new Set(
      englandAndWales()
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        // `date` is London wall clock, "2026-12-28 00:00:00".
        .map((h) => h.date.slice(0, 10))
        .filter(isWeekday),
    );
    byYear.set(year, set);
  }
  return set;
}

/** England and Wales bank holidays in a calendar year, London dates in order. */
export function bankHolidaysIn(year: number): string[] {
  if (!Number.isInteger(year)) throw new RangeError(`not a year: ${year}`);
  return [...holidaysOf(year)].sort();
}

/**
 * Whether a London calendar date (`2026-12-28`) is an England and Wales bank
 * holiday. Throws RangeError for anything that is not a `yyyy-mm-dd` date, so a
 * caller passing an instant by mistake fails loudly instead of never uplifting.
 */
export function isBankHoliday(londonDate: string): boolean {
  const match = DATE_RE.exec(londonDate);
  if (!match) throw new RangeError(`not a yyyy-mm-dd date: ${londonDate}`);
  return holidaysOf(Number(match[1])).has(londonDate);
}
