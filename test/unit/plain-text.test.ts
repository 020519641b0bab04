import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { ReasonBody } from '../../lib/schemas/booking';
import { CreateClinicianBody, ListCliniciansQuery, UpdateClinicianBody } from '../../lib/schemas/clinician';
import { DateSchema, InstantSchema, PeriodDateSchema } from '../../lib/schemas/common';
import { ReportQuery, StartExportBody } from '../../lib/schemas/payroll';
import { CreatePracticeBody } from '../../lib/schemas/practice';
import { CreateShiftBody } from '../../lib/schemas/shift';
import { CreateTimeOffBody } from '../../lib/schemas/time-off';

/** Every control and text-direction character a free-text field must refuse. */
const CONTROL = [
  ...Array.from({ length: 0x20 }, (_, i) => i).filter((i) => ![0x09, 0x0a, 0x0d].includes(i)),
  ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i),
].map((c) => String.fromCharCode(c));
const NEVER_A_LINE = ['\u2028', '\u2029'];
const BIDI = [
  '\u061c',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];
const LINE_BREAKS = ['\t', '\n', '\r'];

const practice = { name: 'Hendford Lodge', odsCode: 'L85001', lat: 50.9, lon: -2.6 };
const clinician = {
  name: 'Dr Asha Patel',
  email: 'asha@example.org',
  phone: '07700 900123',
  roles: ['gp'],
  home: { lat: 50.94, lon: -2.63, postcode: 'BA20 1AA' },
  compliance: { rightToWork: true },
};
const shift = {
  practiceId: 'prc-1',
  role: 'gp',
  start: '2026-12-03T08:30',
  end: '2026-12-03T12:30',
  hourlyRatePence: 9000,
};

/** Each free-text field: how to put a text into a valid body, and whether it may hold several lines. */
const FIELDS: [string, z.ZodMiniType, (text: string) => unknown, boolean][] = [
  ['practice name', CreatePracticeBody, (t) => ({ ...practice, name: `Surgery ${t} Lodge` }), false],
  ['practice pcn', CreatePracticeBody, (t) => ({ ...practice, pcn: `PCN ${t} x` }), false],
  ['practice address', CreatePracticeBody, (t) => ({ ...practice, address: `1 High St ${t} Yeovil` }), true],
  ['practice postcode', CreatePracticeBody, (t) => ({ ...practice, postcode: `BA${t}1` }), false],
  ['practice cost centre', CreatePracticeBody, (t) => ({ ...practice, costCentre: `CC${t}1` }), false],
  ['clinician name', CreateClinicianBody, (t) => ({ ...clinician, name: `Dr ${t} Patel` }), false],
  ['clinician payroll id', CreateClinicianBody, (t) => ({ ...clinician, payrollId: `P${t}1` }), false],
  [
    'clinician home postcode',
    CreateClinicianBody,
    (t) => ({ ...clinician, home: { ...clinician.home, postcode: `BA${t}1` } }),
    false,
  ],
  ['clinician name, changed', UpdateClinicianBody, (t) => ({ name: `Dr ${t} Patel` }), false],
  ['search text', ListCliniciansQuery, (t) => ({ q: `pa${t}tel` }), false],
  ['shift notes', CreateShiftBody, (t) => ({ ...shift, notes: `Duty ${t} doctor` }), true],
  ['a reason', ReasonBody, (t) => ({ reason: `Closed ${t} today` }), true],
  [
    'a time-off reason',
    CreateTimeOffBody,
    (t) => ({ from: '2027-01-04', to: '2027-01-05', reason: `Away ${t} x` }),
    true,
  ],
];

describe('free-text fields', () => {
  it.each(FIELDS)('%s takes ordinary text, accents and curly quotes (the control)', (_label, schema, put) => {
    expect(schema.safeParse(put('Zoë’s')).success).toBe(true);
  });

  it.each(FIELDS)('%s refuses every control and text-direction character', (_label, schema, put) => {
    for (const ch of [...CONTROL, ...BIDI, ...NEVER_A_LINE]) {
      const result = schema.safeParse(put(ch));
      expect(result.success, `U+${ch.charCodeAt(0).toString(16)}`).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/control or text-direction/);
    }
  });

  it.each(FIELDS)('%s takes line breaks and tabs only if it may run to several lines', (_label, schema, put, multi) => {
    for (const ch of LINE_BREAKS) {
      expect(schema.safeParse(put(ch)).success, JSON.stringify(ch)).toBe(multi);
    }
  });

  it('refuses any text holding a control or text-direction character, wherever it sits (property)', () => {
    const bad = fc.constantFrom(...CONTROL, ...BIDI, ...NEVER_A_LINE);
    const text = fc.string({ maxLength: 20 });
    fc.assert(
      fc.property(text, bad, text, (before, ch, after) => {
        // Inside the text: at either end, trimming takes away the few that are also white space (VT, FF).
        expect(CreatePracticeBody.safeParse({ ...practice, name: `Ab${before}${ch}x${after}` }).success).toBe(false);
        expect(CreateShiftBody.safeParse({ ...shift, notes: `y${before}${ch}x${after}` }).success).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('dates and instants', () => {
  it('takes dates from 1900 to 2099 on records, and periods only up to the day before 2070', () => {
    expect(['1900-01-01', '2026-12-03', '2099-12-31'].map((d) => DateSchema.safeParse(d).success)).toEqual([
      true,
      true,
      true,
    ]);
    expect(
      ['1899-12-31', '2100-01-01', '9999-12-31', '0000-01-01'].map((d) => DateSchema.safeParse(d).success),
    ).toEqual([false, false, false, false]);
    expect(['2000-01-01', '2069-12-31'].map((d) => PeriodDateSchema.safeParse(d).success)).toEqual([true, true]);
    expect(['1999-12-31', '2070-01-01', '9999-12-30'].map((d) => PeriodDateSchema.safeParse(d).success)).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('refuses reports and payroll exports that reach past 2069 at the field', () => {
    const report = ReportQuery.safeParse({ from: '9999-12-30', to: '9999-12-31' });
    expect(report.error?.issues.map((i) => i.path.join('.'))).toEqual(['from', 'to']);
    const exported = StartExportBody.safeParse({ from: '2069-12-01', to: '2070-01-31' });
    expect(exported.error?.issues.map((i) => i.path.join('.'))).toEqual(['to']);
  });

  it('refuses instants before 2000 or from 2100, whatever the offset', () => {
    for (const text of ['9999-12-31T23:59', '9999-12-31T23:59:59-23:59', '2100-01-01T00:00Z', '1999-12-31T23:59:59Z']) {
      expect(InstantSchema.safeParse(text).success, text).toBe(false);
    }
    expect(InstantSchema.safeParse('2099-12-31T23:59:59Z').success).toBe(true);
    expect(InstantSchema.safeParse('2000-01-01T00:00Z').success).toBe(true);
  });
});
