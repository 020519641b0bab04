import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessEligibility, travelConflict } from '../../lib/domain/eligibility';
import { distanceKm, driveMinutes } from '../../lib/domain/geo';
import type { BookedInterval, Clinician, Site } from '../../lib/domain/types';

const MINUTE = 60_000;
const yeovil: Site = { practiceId: 'p-yeovil', lat: 50.9421, lon: -2.6336 };
const chard: Site = { practiceId: 'p-chard', lat: 50.872, lon: -2.964 }; // ≈ 25 km from Yeovil

const at = (ms: number) => new Date(ms).toISOString();

describe('driveMinutes', () => {
  it('is great-circle km at 40 km/h, rounded up to 5 minutes', () => {
    // ≈ 24.5 km: 36.8 minutes, so 40.
    expect(distanceKm(yeovil, chard)).toBeGreaterThan(24);
    expect(distanceKm(yeovil, chard)).toBeLessThan(25);
    expect(driveMinutes(yeovil, chard)).toBe(40);
    expect(driveMinutes(yeovil, yeovil)).toBe(0);
  });

  it('is 0 for two points a hair apart (floating-point dust is not five minutes)', () => {
    // fast-check found this: 1e-15 minutes apart once rounded up to 5.
    expect(driveMinutes(yeovil, { lat: yeovil.lat + 1e-13, lon: yeovil.lon })).toBe(0);
    expect(driveMinutes(yeovil, { lat: yeovil.lat + 1e-4, lon: yeovil.lon })).toBe(5);
  });

  it('is a multiple of 5, at least the unrounded drive and less than 5 minutes over it', () => {
    const point = fc.record({
      lat: fc.double({ min: 49.9, max: 58.7, noNaN: true }),
      lon: fc.double({ min: -6.4, max: 1.8, noNaN: true }),
    });
    fc.assert(
      fc.property(point, point, (a, b) => {
        const exact = (distanceKm(a, b) / 40) * 60;
        const drive = driveMinutes(a, b);
        expect(drive % 5).toBe(0);
        // Within a microsecond of the rounding: the domain rounds away float dust first.
        expect(drive).toBeGreaterThanOrEqual(exact - 1e-6);
        expect(drive - exact).toBeLessThan(5);
        expect(driveMinutes(b, a)).toBe(drive);
      }),
    );
  });
});

/**
 * Two shifts of the same London day (a winter day: London is UTC), the first
 * at `first`, the second a gap after it ends, at sites anywhere in the south-west.
 */
const twoShifts = fc.record({
  startMinute: fc.integer({ min: 0, max: 10 * 60 }),
  firstMinutes: fc.integer({ min: 30, max: 5 * 60 }),
  gapMinutes: fc.integer({ min: 0, max: 4 * 60 }),
  secondMinutes: fc.integer({ min: 30, max: 5 * 60 }),
  a: fc.record({
    lat: fc.double({ min: 50.5, max: 51.5, noNaN: true }),
    lon: fc.double({ min: -3.5, max: -2, noNaN: true }),
  }),
  b: fc.record({
    lat: fc.double({ min: 50.5, max: 51.5, noNaN: true }),
    lon: fc.double({ min: -3.5, max: -2, noNaN: true }),
  }),
  sameSite: fc.boolean(),
});

type TwoShifts = typeof twoShifts extends fc.Arbitrary<infer T> ? T : never;

function build(x: TwoShifts) {
  const day = Date.parse('2026-12-09T00:00:00Z');
  const s1 = day + x.startMinute * MINUTE;
  const e1 = s1 + x.firstMinutes * MINUTE;
  const s2 = e1 + x.gapMinutes * MINUTE;
  const e2 = s2 + x.secondMinutes * MINUTE;
  const siteA: Site = { practiceId: 'p-a', ...x.a };
  const siteB: Site = x.sameSite ? siteA : { practiceId: 'p-b', ...x.b };
  const first = { id: 's-1', start: at(s1), end: at(e1) };
  const second = { id: 's-2', start: at(s2), end: at(e2) };
  const booked = (span: typeof first, site: Site): BookedInterval => ({
    bookingId: `b-${span.id}`,
    shiftId: span.id,
    start: span.start,
    end: span.end,
    site,
  });
  return { first, second, siteA, siteB, booked };
}

describe('the TRAVEL rule', () => {
  it('holds exactly when the gap is shorter than the rounded drive, between different sites', () => {
    fc.assert(
      fc.property(twoShifts, (x) => {
        const { first, second, siteA, siteB, booked } = build(x);
        const expected = !x.sameSite && x.gapMinutes < driveMinutes(siteA, siteB);
        expect(travelConflict(second, siteB, [booked(first, siteA)])).toBe(expected);
      }),
    );
  });

  it('is the same whichever of the two shifts is booked first', () => {
    fc.assert(
      fc.property(twoShifts, (x) => {
        const { first, second, siteA, siteB, booked } = build(x);
        expect(travelConflict(first, siteA, [booked(second, siteB)])).toBe(
          travelConflict(second, siteB, [booked(first, siteA)]),
        );
      }),
    );
  });

  it('never holds for two shifts at the same site, however close', () => {
    fc.assert(
      fc.property(twoShifts, (x) => {
        const { first, second, siteA, booked } = build({ ...x, sameSite: true });
        expect(travelConflict(second, siteA, [booked(first, siteA)])).toBe(false);
      }),
    );
  });

  it('holds only on the same London day, and not for overlapping shifts (a CLASH)', () => {
    const morning = yeovil;
    // 08:00-12:00 in Yeovil, then 12:10 in Chard (40 minutes' drive): TRAVEL.
    const booked: BookedInterval = {
      bookingId: 'b-1',
      shiftId: 's-1',
      start: '2026-07-01T07:00:00.000Z',
      end: '2026-07-01T11:00:00.000Z',
      site: morning,
    };
    expect(
      travelConflict({ id: 's-2', start: '2026-07-01T11:10:00Z', end: '2026-07-01T15:00:00Z' }, chard, [booked]),
    ).toBe(true);
    expect(
      travelConflict({ id: 's-2', start: '2026-07-01T11:40:00Z', end: '2026-07-01T15:00:00Z' }, chard, [booked]),
    ).toBe(false);
    // Overlapping is not TRAVEL.
    expect(
      travelConflict({ id: 's-2', start: '2026-07-01T10:00:00Z', end: '2026-07-01T15:00:00Z' }, chard, [booked]),
    ).toBe(false);
    // A late shift at 23:00 London (22:00 UTC) and the next day's 00:15 start: different London days.
    const late: BookedInterval = { ...booked, start: '2026-07-01T18:00:00.000Z', end: '2026-07-01T23:00:00.000Z' };
    expect(
      travelConflict({ id: 's-2', start: '2026-07-01T23:10:00Z', end: '2026-07-02T03:00:00Z' }, chard, [late]),
    ).toBe(false);
    // An entry without its site (written before the rule) cannot be judged.
    const { site: _site, ...siteless } = booked;
    expect(
      travelConflict({ id: 's-2', start: '2026-07-01T11:10:00Z', end: '2026-07-01T15:00:00Z' }, chard, [siteless]),
    ).toBe(false);
  });

  it('excludes the clinician with TRAVEL in assessEligibility, and nothing else', () => {
    const c = {
      roles: ['gp'],
      skills: [],
      home: yeovil,
      maxTravelKm: 60,
      compliance: { dbsCheckedOn: '2025-01-10', trainingExpires: '2028-05-01', rightToWork: true },
      blockedPracticeIds: [],
      maxWeeklyHours: 48,
    } as Pick<
      Clinician,
      'roles' | 'skills' | 'home' | 'maxTravelKm' | 'compliance' | 'blockedPracticeIds' | 'maxWeeklyHours'
    >;
    const verdict = assessEligibility({
      clinician: c,
      shift: {
        id: 's-2',
        role: 'gp',
        skills: [],
        start: '2026-07-01T11:10:00Z',
        end: '2026-07-01T15:00:00Z',
        practiceId: 'p-chard',
      },
      practice: { id: 'p-chard', lat: chard.lat, lon: chard.lon },
      bookings: [
        {
          bookingId: 'b-1',
          shiftId: 's-1',
          start: '2026-07-01T07:00:00.000Z',
          end: '2026-07-01T11:00:00.000Z',
          site: yeovil,
        },
      ],
    });
    expect(verdict).toMatchObject({ eligible: false, reasons: ['TRAVEL'] });
  });
});
