import { describe, expect, it } from 'vitest';
import type { Booking, Shift } from '../../lib/domain/types';
import { presentShift } from '../../lib/http/present';
import { openApiDocument } from '../../lib/routes/openapi';
import { ListBookingsQuery } from '../../lib/schemas/booking';
import { ListExportsQuery } from '../../lib/schemas/payroll';
import { CreatePracticeBody } from '../../lib/schemas/practice';
import { ListShiftsQuery } from '../../lib/schemas/shift';
import { ListTimesheetsQuery } from '../../lib/schemas/timesheet';
import * as keys from '../../lib/store/keys';
import { bookingsCalendar } from '../../lib/use-cases/calendar';

const shift: Shift = {
  orgId: 'org-1',
  id: 'sh-1',
  practiceId: 'pr-1',
  role: 'gp',
  skills: [],
  start: '2026-12-03T08:30:00.000Z',
  end: '2026-12-03T18:30:00.000Z',
  breakMinutes: 60,
  hourlyRatePence: 9500,
  cascadeMinutes: 0,
  status: 'filled',
  postedAt: '2026-11-20T10:00:00.000Z',
  postedBy: 'user-manager',
  booking: { id: 'bk-1', clinicianId: 'cln-booked' },
  round: 2,
  excludedClinicianIds: ['cln-cancelled'],
};

describe('presentShift', () => {
  it('shows another clinician neither who booked the shift nor who cancelled it', () => {
    const text = JSON.stringify(presentShift(shift, { role: 'clinician', clinicianId: 'cln-other' }));
    expect(text).not.toContain('cln-booked');
    expect(text).not.toContain('bk-1');
    expect(text).not.toContain('cln-cancelled');
    expect(JSON.parse(text)).toMatchObject({ id: 'sh-1', status: 'filled', localStart: '2026-12-03T08:30' });
  });

  it('shows the booked clinician their own booking, and still not who cancelled', () => {
    const shown = presentShift(shift, { role: 'clinician', clinicianId: 'cln-booked' });
    expect(shown.booking).toEqual({ id: 'bk-1', clinicianId: 'cln-booked' });
    expect(JSON.stringify(shown)).not.toContain('cln-cancelled');
  });

  it('shows a manager the booking and who may not be offered the shift again', () => {
    const shown = presentShift(shift, { role: 'manager' });
    expect(shown.booking).toEqual({ id: 'bk-1', clinicianId: 'cln-booked' });
    expect(JSON.stringify(shown)).toContain('cln-cancelled');
  });
});

describe('date filters', () => {
  const QUERIES = { ListShiftsQuery, ListBookingsQuery, ListTimesheetsQuery, ListExportsQuery };

  for (const [name, schema] of Object.entries(QUERIES)) {
    it(`${name}: a London date covers that London day, to inclusive, in GMT and in BST`, () => {
      expect(schema.parse({ from: '2026-12-01', to: '2026-12-01' })).toMatchObject({
        from: '2026-12-01T00:00:00.000Z',
        to: '2026-12-01T23:59:59.999Z',
      });
      expect(schema.parse({ from: '2026-07-01', to: '2026-07-02' })).toMatchObject({
        from: '2026-06-30T23:00:00.000Z',
        to: '2026-07-02T22:59:59.999Z',
      });
      // The day the clocks go back is 25 hours long.
      expect(schema.parse({ from: '2026-10-25', to: '2026-10-25' })).toMatchObject({
        from: '2026-10-24T23:00:00.000Z',
        to: '2026-10-25T23:59:59.999Z',
      });
    });

    it(`${name}: still takes an instant, and refuses what is neither`, () => {
      expect(schema.parse({ from: '2026-12-01T08:30', to: '2026-12-01T10:00:00+01:00' })).toMatchObject({
        from: '2026-12-01T08:30:00.000Z',
        to: '2026-12-01T09:00:00.000Z',
      });
      for (const bad of ['2026-02-30', 'tomorrow', '2026-12-01T25:00']) {
        const parsed = schema.safeParse({ from: bad });
        expect(parsed.success, bad).toBe(false);
        expect(parsed.error?.issues[0]?.path).toEqual(['from']);
      }
    });
  }
});

describe('the iCalendar feed', () => {
  it('writes DTSTAMP in UTC (…Z) while the times stay London wall clock', () => {
    const booking = (id: string, bookedAt: string): Booking => ({
      orgId: 'org-1',
      id,
      shiftId: 'sh-1',
      clinicianId: 'cln-1',
      practiceId: 'pr-1',
      status: 'confirmed',
      bookedAt,
      start: '2026-07-03T08:00:00.000Z',
      end: '2026-07-03T12:00:00.000Z',
    });
    const ics = bookingsCalendar(
      { name: 'Zoë Ng' },
      [booking('bk-summer', '2026-06-01T10:15:30.000Z'), booking('bk-winter', '2026-01-10T09:00:00.000Z')],
      new Map([['sh-1', { role: 'gp' as const }]]),
      [{ id: 'pr-1', name: 'St Mary’s Surgery' }],
    );
    const stamps = ics.match(/^DTSTAMP.*$/gm);
    expect(stamps).toEqual(['DTSTAMP:20260601T101530Z', 'DTSTAMP:20260110T090000Z']);
    expect(ics).toContain('DTSTART;TZID=Europe/London:20260703T090000');
    expect(ics).toContain('BEGIN:VTIMEZONE');
  });
});

describe('ODS codes', () => {
  it('accepts lower case as the published schema says, and keeps them upper case, uniqueness included', () => {
    const body = { name: 'Ilchester Surgery', odsCode: ' l85001 ', lat: 51, lon: -2.6 };
    expect(CreatePracticeBody.parse(body).odsCode).toBe('L85001');
    expect(CreatePracticeBody.safeParse({ ...body, odsCode: 'l8500' }).success).toBe(false);
    expect(keys.odsCode('org-1', 'l85001')).toEqual(keys.odsCode('org-1', 'L85001'));

    const doc = openApiDocument() as { paths: Record<string, any>; components: { schemas: Record<string, unknown> } };
    const ref: string = doc.paths['/practices'].post.requestBody.content['application/json'].schema.$ref;
    const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
    const pattern = JSON.stringify(schema).match(/"odsCode":\{[^}]*"pattern":"((?:[^"\\]|\\.)*)"/)?.[1];
    expect(pattern).toBeDefined();
    const published = new RegExp(JSON.parse(`"${pattern}"`) as string);
    expect(published.test('l85001')).toBe(true);
    expect(published.test('L85001')).toBe(true);
    expect(published.test('8L5001')).toBe(false);
  });
});
