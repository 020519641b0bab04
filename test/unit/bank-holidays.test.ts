import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANK_HOLIDAYS } from '../../lib/domain/bank-holiday-table';
import {
  BANK_HOLIDAYS_KNOWN_BEFORE,
  bankHolidaysIn,
  FIRST_BANK_HOLIDAY_YEAR,
  isBankHoliday,
  LAST_BANK_HOLIDAY_YEAR,
} from '../../lib/domain/bank-holidays';
import { FIRST_YEAR, fromDateHolidays, LAST_YEAR, renderTable, TABLE_PATH } from '../../scripts/bank-holidays';

// gov.uk, England and Wales (also in shared/DOMAIN.md).
const GOV_UK_2026 = [
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
];
const GOV_UK_2027 = [
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];

describe('isBankHoliday', () => {
  it.each([...GOV_UK_2026, ...GOV_UK_2027])('knows %s is a bank holiday', (date) => {
    expect(isBankHoliday(date)).toBe(true);
  });

  it.each([
    ['2026-12-26', 'Boxing Day on a Saturday: the day off is Monday 28th'],
    ['2027-12-25', 'Christmas Day on a Saturday: the day off is Monday 27th'],
    ['2027-12-26', 'Boxing Day on a Sunday: the day off is Tuesday 28th'],
    ['2026-04-05', 'Easter Sunday is an observance, not a bank holiday'],
    ['2026-03-15', "Mother's Day is an observance"],
    ['2026-03-17', "St Patrick's Day is a bank holiday in Northern Ireland only"],
    ['2026-08-03', 'the first Monday of August is a bank holiday in Scotland only'],
    ['2026-01-02', '2 January is a bank holiday in Scotland only'],
    ['2026-12-29', 'an ordinary Tuesday'],
    ['2026-12-24', 'Christmas Eve'],
  ])('knows %s is not one (%s)', (date) => {
    expect(isBankHoliday(date)).toBe(false);
  });

  it('refuses a value that is not a yyyy-mm-dd date rather than silently saying no', () => {
    expect(() => isBankHoliday('2026-12-28T10:00:00.000Z')).toThrow(RangeError);
    expect(() => isBankHoliday('28/12/2026')).toThrow(RangeError);
  });
});

describe('bankHolidaysIn', () => {
  it('lists exactly the gov.uk bank holidays of 2026 and 2027', () => {
    expect(bankHolidaysIn(2026)).toEqual(GOV_UK_2026);
    expect(bankHolidaysIn(2027)).toEqual(GOV_UK_2027);
  });

  it('never lists a weekend day, substituting instead (2022: New Year on a Saturday)', () => {
    const days = bankHolidaysIn(2022);
    expect(days).toContain('2022-01-03');
    expect(days).not.toContain('2022-01-01');
    for (const year of [2020, 2021, 2022, 2023, 2024, 2025, 2028, 2032]) {
      for (const date of bankHolidaysIn(year)) {
        const day = new Date(`${date}T12:00:00Z`).getUTCDay();
        expect([0, 6], date).not.toContain(day);
      }
    }
  });

  it('hands out a copy, so a caller cannot alter the calendar', () => {
    bankHolidaysIn(2026).push('2026-07-01');
    expect(isBankHoliday('2026-07-01')).toBe(false);
  });
});

describe('the committed bank holiday table', () => {
  const years = Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => FIRST_YEAR + i);

  it.each(years)('agrees with date-holidays for %i', (year) => {
    expect(bankHolidaysIn(year)).toEqual(fromDateHolidays(year));
  });

  it('covers exactly the years the generator covers, and is what the generator writes today', () => {
    expect(Object.keys(BANK_HOLIDAYS).map(Number)).toEqual(years);
    expect([FIRST_BANK_HOLIDAY_YEAR, LAST_BANK_HOLIDAY_YEAR]).toEqual([FIRST_YEAR, LAST_YEAR]);
    // Regenerate with `npm run bank-holidays` when this fails.
    expect(readFileSync(TABLE_PATH, 'utf8')).toBe(renderTable());
  });

  it('refuses a year it does not cover instead of answering "not a bank holiday"', () => {
    expect(() => isBankHoliday(`${LAST_YEAR + 1}-12-25`)).toThrow(/known for 2020-2070, not 2071/);
    expect(() => isBankHoliday(`${FIRST_YEAR - 1}-12-25`)).toThrow(RangeError);
    expect(() => bankHolidaysIn(LAST_YEAR + 1)).toThrow(RangeError);
  });

  it('lets shifts be posted only while every timesheet for them stays inside the table', () => {
    // A timesheet may start up to 12 hours after the booked start: a year's margin covers it.
    expect(BANK_HOLIDAYS_KNOWN_BEFORE).toBe(`${LAST_YEAR}-01-01`);
    expect(isBankHoliday(`${LAST_YEAR}-12-25`)).toBe(true);
  });
});
