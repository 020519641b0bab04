import { BANK_HOLIDAYS, FIRST_YEAR, LAST_YEAR } from './bank-holiday-table';

/*
 * England and Wales bank holidays, as gov.uk lists them: substitute weekdays
 * only, never the weekend date a fixed holiday fell on (see
 * scripts/bank-holidays.ts). The table is generated from date-holidays and a
 * unit test holds it equal to date-holidays for every year it covers; the
 * library itself stays out of the Lambdas (over 1 MB of rules and time zone
 * data for a few KB of dates).
 *
 * Outside the table's years the answer is unknown, not "no": pay refuses to
 * guess (a missed uplift underpays, a wrong one overpays), and shifts cannot be
 * posted that far ahead (BANK_HOLIDAYS_KNOWN_BEFORE).
 */

export { FIRST_YEAR as FIRST_BANK_HOLIDAY_YEAR, LAST_YEAR as LAST_BANK_HOLIDAY_YEAR };

/** Shifts must start before this London date, so that every timesheet for one falls inside the table. */
export const BANK_HOLIDAYS_KNOWN_BEFORE = `${LAST_YEAR}-01-01`;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const byYear = new Map<number, ReadonlySet<string>>();

function holidaysOf(year: number): ReadonlySet<string> {
  let set = byYear.get(year);
  if (!set) {
    const days = year >= FIRST_YEAR && year <= LAST_YEAR ? BANK_HOLIDAYS[year] : undefined;
    if (!days) {
      throw new RangeError(
        `England and Wales bank holidays are known for ${FIRST_YEAR}-${LAST_YEAR}, not ${year}: ` +
          'extend the table (scripts/bank-holidays.ts, npm run bank-holidays)',
      );
    }
    set = new Set(days.map((d) => `${year}-${d}`));
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
 * caller passing an instant by mistake fails loudly instead of never uplifting,
 * and for a year outside the table.
 */
export function isBankHoliday(londonDate: string): boolean {
  const match = DATE_RE.exec(londonDate);
  if (!match) throw new RangeError(`not a yyyy-mm-dd date: ${londonDate}`);
  return holidaysOf(Number(match[1])).has(londonDate);
}
