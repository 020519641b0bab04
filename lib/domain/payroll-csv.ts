import type { Options } from 'csv-stringify';
import { linePay } from './pay';
import { instantMs, londonFormat } from './time';
import { mileagePence } from './timesheet-rules';
import type { Clinician, Practice, Timesheet } from './types';

/** The payroll CSV's header, in order. A payroll bureau maps these names once: never rename or reorder them. */
export const PAYROLL_COLUMNS = [
  'payroll_id',
  'clinician_name',
  'employment',
  'practice',
  'cost_centre',
  'shift_date',
  'start_time',
  'end_time',
  'break_minutes',
  'paid_hours',
  'hourly_rate',
  'bank_holiday',
  'gross_pay',
  'timesheet_id',
  // v1.1, appended so a bureau's mapping of the v1 columns still holds.
  'holiday_pay',
  'mileage',
  'expenses',
  'line_type',
] as const;
export type PayrollColumn = (typeof PAYROLL_COLUMNS)[number];

/**
 * How the CSV is written: a UTF-8 byte-order mark first, or Excel reads the
 * file as Windows-1252 and shows "ZoÃ«" and "St Maryâ€™s"; lines end in CRLF
 * (RFC 4180, and what payroll bureaux' importers expect).
 */
export const PAYROLL_CSV_OPTIONS = {
  header: true,
  columns: [...PAYROLL_COLUMNS],
  bom: true,
  record_delimiter: 'windows',
} satisfies Options;

/** What a row reads of a timesheet (an export reads no more of each than it needs). */
export type PayrollTimesheet = Pick<
  Timesheet,
  | 'id'
  | 'start'
  | 'end'
  | 'breakMinutes'
  | 'paidMinutes'
  | 'hourlyRatePence'
  | 'bankHoliday'
  | 'grossPence'
  | 'mileageMiles'
  | 'mileagePence'
  | 'expenses'
  | 'lineType'
>;

export interface PayrollRowSource {
  timesheet: PayrollTimesheet;
  clinician: Pick<Clinician, 'name' | 'employment' | 'payrollId'>;
  practice: Pick<Practice, 'name' | 'costCentre'>;
}

// OWASP's CSV injection list: a spreadsheet treats a cell starting with any of
// these as a formula (tab and carriage return can hide one after them).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes text typed by people safe to open in a spreadsheet: a cell that would
 * start a formula gets a leading `'`, which Excel, LibreOffice and Google Sheets
 * read as "this is text". Only for free text (names, practice, cost centre,
 * payroll id); the numbers we format ourselves are never negative, so they can
 * never start with `-`, and stay numbers for the bureau's import.
 */
export function neutraliseCell(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Whole units and hundredths of a non-negative integer, `5` -> `0.05`, `123456` -> `1234.56`, without floats. */
function hundredths(n: number): string {
  return `${Math.floor(n / 100)}.${String(n % 100).padStart(2, '0')}`;
}

/** Integer pence as pounds with two decimals: `5` -> `0.05`, `123456` -> `1234.56`. */
export function formatPence(pence: number): string {
  if (!Number.isSafeInteger(pence) || pence < 0) throw new RangeError(`not a non-negative amount in pence: ${pence}`);
  return hundredths(pence);
}

/**
 * Minutes as hours with two decimals, rounded half up (`790` -> `13.17`). Display
 * only: gross pay is computed from minutes, never from this rounded figure, so
 * paid_hours x hourly_rate may differ from gross_pay by a penny or two.
 */
export function formatHours(minutes: number): string {
  if (!Number.isSafeInteger(minutes) || minutes < 0)
    throw new RangeError(`not a non-negative number of minutes: ${minutes}`);
  // hundredths of an hour = minutes * 100 / 60, half up: floor((200m + 60) / 120).
  return hundredths(Math.floor((minutes * 200 + 60) / 120));
}

// One formatter for every row: three luxon DateTimes a row (parse, zone, format) were
// most of an export's garbage, 25 KB a row. It reads the same ICU zone data luxon does.
const LONDON_WALL_CLOCK = londonFormat('en-GB', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** London date (`2026-12-03`) and time (`08:30`) of an instant. */
export function londonDateAndTime(instant: string): { date: string; time: string } {
  let year = '';
  let month = '';
  let day = '';
  let hour = '';
  let minute = '';
  // Text without an offset reads as UTC, as the records are written (instantMs).
  for (const part of LONDON_WALL_CLOCK().formatToParts(instantMs(instant))) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
    else if (part.type === 'hour') hour = part.value;
    else if (part.type === 'minute') minute = part.value;
  }
  return { date: `${year}-${month}-${day}`, time: `${hour}:${minute}` };
}

/**
 * One payroll CSV row, cells in `PAYROLL_COLUMNS` order. Pay figures are the
 * timesheet's own (fixed when it was approved), not recomputed, so the export
 * pays exactly what the manager approved; holiday pay is 12.07% of that gross
 * pay (`linePay`, rolled up, half up), for bank workers, the only ones payroll
 * pays. Dates and times are London's.
 */
export function toPayrollRow({ timesheet, clinician, practice }: PayrollRowSource): string[] {
  const start = londonDateAndTime(timesheet.start);
  const pay = linePay(
    {
      lineType: timesheet.lineType,
      grossPence: timesheet.grossPence,
      // Timesheets carry the pence since mileage was claimed; none older carries miles.
      mileagePence: timesheet.mileagePence ?? mileagePence(timesheet.mileageMiles ?? 0),
      expenses: timesheet.expenses,
    },
    { employment: clinician.employment },
  );
  const row: Record<PayrollColumn, string> = {
    payroll_id: neutraliseCell(clinician.payrollId ?? ''),
    clinician_name: neutraliseCell(clinician.name),
    employment: clinician.employment,
    practice: neutraliseCell(practice.name),
    cost_centre: neutraliseCell(practice.costCentre ?? ''),
    shift_date: start.date,
    start_time: start.time,
    end_time: londonDateAndTime(timesheet.end).time,
    break_minutes: String(timesheet.breakMinutes),
    paid_hours: formatHours(timesheet.paidMinutes),
    hourly_rate: formatPence(timesheet.hourlyRatePence),
    bank_holiday: timesheet.bankHoliday ? 'yes' : 'no',
    gross_pay: formatPence(timesheet.grossPence),
    timesheet_id: timesheet.id,
    holiday_pay: formatPence(pay.holidayPayPence),
    mileage: formatPence(pay.mileagePence),
    expenses: formatPence(pay.expensesPence),
    line_type: pay.lineType,
  };
  return PAYROLL_COLUMNS.map((column) => row[column]);
}
