import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePay } from '../../lib/domain/pay';
import {
  formatHours,
  formatPence,
  londonDateAndTime,
  neutraliseCell,
  PAYROLL_COLUMNS,
  type PayrollRowSource,
  toPayrollRow,
} from '../../lib/domain/payroll-csv';
import { london } from '../../lib/domain/time';
import type { Timesheet } from '../../lib/domain/types';

function timesheet(over: Partial<Timesheet> = {}): Timesheet {
  const start = over.start ?? '2026-12-28T08:00:00.000Z';
  const end = over.end ?? '2026-12-28T18:10:00.000Z';
  const breakMinutes = over.breakMinutes ?? 30;
  const hourlyRatePence = over.hourlyRatePence ?? 9000;
  const pay = computePay({ start, end, breakMinutes, hourlyRatePence, bankHolidayUplift: 1.5 });
  return {
    orgId: 'org-1',
    id: '01KB7Z5Q0000000000000000TS',
    bookingId: 'bk-1',
    shiftId: 'sh-1',
    clinicianId: 'cl-1',
    practiceId: 'pr-1',
    start,
    end,
    breakMinutes,
    hourlyRatePence,
    ...pay,
    status: 'approved',
    submittedAt: '2026-12-28T18:30:00.000Z',
    decidedAt: '2026-12-29T09:00:00.000Z',
    decidedBy: 'manager-1',
    ...over,
  };
}

const source = (over: Partial<PayrollRowSource> = {}): PayrollRowSource => ({
  timesheet: timesheet(),
  clinician: { name: 'Dr Amelia Hart', employment: 'bank', payrollId: 'P-00417' },
  practice: { name: 'Frome Valley Medical Centre', costCentre: 'CC-FROME-01' },
  ...over,
});

const cells = (row: string[]) => Object.fromEntries(PAYROLL_COLUMNS.map((c, i) => [c, row[i]]));

describe('PAYROLL_COLUMNS', () => {
  it('keeps the contract columns in the contract order', () => {
    expect(PAYROLL_COLUMNS).toEqual([
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
      'holiday_pay',
      'mileage',
      'expenses',
      'line_type',
    ]);
  });
});

describe('toPayrollRow', () => {
  it('shapes a bank holiday day shift into one cell per column', () => {
    const row = toPayrollRow(source());

    expect(row).toEqual([
      'P-00417',
      'Dr Amelia Hart',
      'bank',
      'Frome Valley Medical Centre',
      'CC-FROME-01',
      '2026-12-28',
      '08:00',
      '18:10',
      '30',
      '9.67',
      '90.00',
      'yes',
      '1305.00',
      '01KB7Z5Q0000000000000000TS',
      // v1.1: 130500p x 12.07% = 15751.35p -> 157.51; no mileage or expenses; hours worked.
      '157.51',
      '0.00',
      '0.00',
      'shift',
    ]);
  });

  it('writes London dates and times, so a summer night reads as the clinician worked it', () => {
    // 20:00 BST on 30 June to 08:00 BST on 1 July.
    const row = toPayrollRow(
      source({
        timesheet: timesheet({ start: '2026-06-30T19:00:00.000Z', end: '2026-07-01T07:00:00.000Z', breakMinutes: 0 }),
      }),
    );

    expect(cells(row)).toMatchObject({
      shift_date: '2026-06-30',
      start_time: '20:00',
      end_time: '08:00',
      paid_hours: '12.00',
      bank_holiday: 'no',
      gross_pay: '1080.00',
    });
  });

  it('counts real hours across the October clock change', () => {
    const row = toPayrollRow(
      source({
        timesheet: timesheet({ start: '2026-10-24T19:00:00.000Z', end: '2026-10-25T08:00:00.000Z', breakMinutes: 0 }),
      }),
    );

    expect(cells(row)).toMatchObject({ start_time: '20:00', end_time: '08:00', paid_hours: '13.00' });
  });

  it('neutralises a formula typed as a name, practice, cost centre or payroll id', () => {
    const row = toPayrollRow(
      source({
        clinician: {
          name: '=HYPERLINK("http://evil.example","Click")',
          employment: 'self-employed',
          payrollId: '@SUM(1+1)',
        },
        practice: { name: '+Practice', costCentre: '-2+3' },
      }),
    );

    expect(cells(row)).toMatchObject({
      payroll_id: "'@SUM(1+1)",
      clinician_name: '\'=HYPERLINK("http://evil.example","Click")',
      employment: 'self-employed',
      practice: "'+Practice",
      cost_centre: "'-2+3",
    });
  });

  it('leaves missing payroll id and cost centre empty', () => {
    const row = toPayrollRow(
      source({
        clinician: { name: 'Sam Ng', employment: 'self-employed' },
        practice: { name: 'Wincanton Health Centre' },
      }),
    );

    expect(cells(row)).toMatchObject({ payroll_id: '', cost_centre: '' });
  });

  it('reports the approved pay figures rather than recomputing them', () => {
    const row = toPayrollRow(source({ timesheet: timesheet({ grossPence: 4321, bankHoliday: false }) }));

    expect(cells(row)).toMatchObject({ gross_pay: '43.21', bank_holiday: 'no' });
  });

  it('gives a row that csv-stringify quotes into one line with the same cells', () => {
    const row = toPayrollRow(
      source({ clinician: { name: 'Hart, Amelia "Millie"\nLocum', employment: 'bank', payrollId: 'P1' } }),
    );
    const line = stringify([row]);

    expect(line).toContain('"Hart, Amelia ""Millie""\nLocum"');
    expect(row).toHaveLength(PAYROLL_COLUMNS.length);
  });
});

describe('v1.1 pay columns', () => {
  it('adds rolled-up holiday pay at 12.07% of gross pay, mileage, expenses and the line type, in pounds', () => {
    const row = toPayrollRow(
      source({
        timesheet: timesheet({
          grossPence: 39_583,
          mileageMiles: 12.3,
          mileagePence: 554,
          expenses: [
            { description: 'Parking', amountPence: 650 },
            { description: 'Congestion', amountPence: 1_500 },
          ],
        }),
      }),
    );

    // 39583 x 12.07% = 4777.67 -> 4778 pence, half up.
    expect(cells(row)).toMatchObject({
      gross_pay: '395.83',
      holiday_pay: '47.78',
      mileage: '5.54',
      expenses: '21.50',
      line_type: 'shift',
    });
  });

  it('rounds holiday pay half up to the penny: 50.00 gross gives 6.04 (603.5p)', () => {
    expect(cells(toPayrollRow(source({ timesheet: timesheet({ grossPence: 5_000 }) }))).holiday_pay).toBe('6.04');
  });

  it('shows a late cancellation fee as its own line type, and zeros where nothing was claimed', () => {
    const row = toPayrollRow(source({ timesheet: timesheet({ grossPence: 19_000, lineType: 'cancellation-fee' }) }));

    expect(cells(row)).toMatchObject({
      holiday_pay: '22.93',
      mileage: '0.00',
      expenses: '0.00',
      line_type: 'cancellation-fee',
    });
  });

  it('pays mileage from the miles on a timesheet that carries no pence for them', () => {
    const row = toPayrollRow(source({ timesheet: timesheet({ mileageMiles: 10 }) }));

    expect(cells(row).mileage).toBe('4.50');
  });
});

describe('londonDateAndTime', () => {
  it('reads every instant as luxon does, clock changes and midnights included', () => {
    const instants = fc
      .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:00Z') })
      .map((ms) => new Date(Math.floor(ms / 60_000) * 60_000).toISOString());
    // The hours around each October and March change, where a wrong offset would show.
    const changes = fc
      .tuple(fc.integer({ min: 2000, max: 2099 }), fc.constantFrom('03', '10'), fc.integer({ min: 24, max: 31 }))
      .chain(([y, m, d]) =>
        fc
          .integer({ min: 0, max: 4 * 60 - 1 })
          .map((minute) => new Date(Date.UTC(y, Number(m) - 1, d, 0, minute)).toISOString()),
      );
    fc.assert(
      fc.property(fc.oneof(instants, changes), (instant) => {
        const dt = london(instant);
        expect(londonDateAndTime(instant)).toEqual({ date: dt.toISODate(), time: dt.toFormat('HH:mm') });
        // Text without an offset is read as UTC, as luxon read it here.
        const bare = instant.replace(/Z$/, '');
        expect(londonDateAndTime(bare)).toEqual({
          date: london(bare).toISODate(),
          time: london(bare).toFormat('HH:mm'),
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('reads an instant with an offset, and London wall-clock text, as luxon does', () => {
    expect(londonDateAndTime('2026-07-01T23:30:00+00:00')).toEqual({ date: '2026-07-02', time: '00:30' });
    expect(londonDateAndTime('2026-07-01T23:30:00.000Z')).toEqual({ date: '2026-07-02', time: '00:30' });
    expect(londonDateAndTime('2026-07-01T23:30:00')).toEqual({ date: '2026-07-02', time: '00:30' });
  });
});

describe('neutraliseCell', () => {
  it.each(['=1+1', '+44 7700 900123', '-1', '@cmd', '\t=1', '\r=1'])('prefixes %j with a single quote', (text) => {
    expect(neutraliseCell(text)).toBe(`'${text}`);
  });

  it.each(['Dr Amelia Hart', "O'Brien", 'Smith-Jones', '', '1+1', ' =1'])('leaves %j alone', (text) => {
    expect(neutraliseCell(text)).toBe(text);
  });

  it('never leaves a cell starting with a formula character', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(neutraliseCell(text)).not.toMatch(/^[=+\-@\t\r]/);
        expect(neutraliseCell(text).endsWith(text)).toBe(true);
      }),
    );
  });
});

describe('formatPence', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [50, '0.50'],
    [100, '1.00'],
    [123456, '1234.56'],
    [130_500, '1305.00'],
  ])('writes %i pence as %s pounds', (pence, pounds) => {
    expect(formatPence(pence)).toBe(pounds);
  });

  it('round-trips every amount exactly', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1e12 }), (pence) => {
        const [pounds, frac] = formatPence(pence).split('.');
        expect(frac).toHaveLength(2);
        expect(BigInt(pounds!) * 100n + BigInt(frac!)).toBe(BigInt(pence));
      }),
    );
  });

  it('refuses a negative or fractional amount, which would break the no-formula promise or the pence rule', () => {
    expect(() => formatPence(-1)).toThrow(RangeError);
    expect(() => formatPence(1.5)).toThrow(RangeError);
  });
});

describe('formatHours', () => {
  it.each([
    [0, '0.00'],
    [780, '13.00'],
    [580, '9.67'],
    [15, '0.25'],
    [1, '0.02'],
    [3, '0.05'],
    [20, '0.33'],
  ])('writes %i minutes as %s hours', (minutes, hours) => {
    expect(formatHours(minutes)).toBe(hours);
  });

  it('is within half a hundredth of the exact hours', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), (minutes) => {
        const hundredths = Math.round(Number(formatHours(minutes)) * 100);
        // |hundredths - minutes*100/60| <= 1/2, multiplied through by 120
        expect(Math.abs(hundredths * 120 - minutes * 200)).toBeLessThanOrEqual(60);
      }),
    );
  });
});
