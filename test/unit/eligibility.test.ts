import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessEligibility,
  bookableUntil,
  clashes,
  dbsLapses,
  type EligibilityInput,
  isAvailable,
  londonWeek,
  NEVER_BOOKABLE,
  overlaps,
  restViolation,
  scheduleConflicts,
  timeOffTouching,
  weeklyHoursExceeded,
  weeklyMinutes,
} from '../../lib/domain/eligibility';
import {
  type AvailabilityWindow,
  type BookedInterval,
  type Clinician,
  EXCLUSION_REASONS,
  type Role,
  WEEKDAYS,
} from '../../lib/domain/types';

const yeovil = { lat: 50.9421, lon: -2.6336 };
const chard = { id: 'p-chard', lat: 50.872, lon: -2.964 }; // ≈ 25 km from Yeovil

function clinician(overrides: Partial<Clinician> = {}): Clinician {
  return {
    orgId: 'org-1',
    id: 'c-1',
    name: 'Dr Ada Hale',
    email: 'ada@example.org',
    phone: '+447700900001',
    roles: ['gp'],
    skills: ['minor-surgery', 'home-visits'],
    home: yeovil,
    maxTravelKm: 30,
    registration: { body: 'GMC', number: '1234567', expires: '2027-06-30' },
    compliance: {
      dbsCheckedOn: '2025-01-10',
      trainingExpires: '2027-05-01',
      indemnityExpires: '2027-04-01',
      rightToWork: true,
    },
    employment: 'bank',
    preferredPracticeIds: [],
    blockedPracticeIds: [],
    maxWeeklyHours: 48,
    notify: ['sms'],
    lateCancellations: 0,
    completedShifts: 3,
    createdAt: '2026-01-05T09:00:00.000Z',
    updatedAt: '2026-01-05T09:00:00.000Z',
    ...overrides,
  };
}

/** Thursday 3 December 2026, a GP morning session (London is on GMT, so UTC reads as London time). */
const morning = {
  id: 's-1',
  practiceId: chard.id,
  role: 'gp' as const,
  skills: ['minor-surgery'],
  start: '2026-12-03T08:00:00.000Z',
  end: '2026-12-03T12:10:00.000Z',
};

function assess(over: Partial<EligibilityInput> & { c?: Partial<Clinician> } = {}) {
  return assessEligibility({
    clinician: clinician(over.c),
    shift: over.shift ?? morning,
    practice: over.practice ?? chard,
    bookings: over.bookings ?? [],
  });
}

function booking(start: string, end: string, shiftId = `s-${start}`): BookedInterval {
  return { bookingId: `b-${start}`, shiftId, start, end };
}

function compliance(c: Partial<Clinician['compliance']>): Partial<Clinician> {
  return { compliance: { ...clinician().compliance, ...c } };
}

describe('assessEligibility', () => {
  it('accepts a clinician who meets every rule, and gives the distance from home', () => {
    const result = assess();
    expect(result).toMatchObject({ eligible: true, reasons: [] });
    expect(result.distanceKm).toBeGreaterThan(24);
    expect(result.distanceKm).toBeLessThan(26);
  });

  it('refuses a clinician who does not hold the role', () => {
    expect(assess({ c: { roles: ['anp', 'practice-nurse'] } }).reasons).toEqual(['ROLE']);
  });

  it('refuses a clinician who lacks one of the required skills', () => {
    const shift = { ...morning, skills: ['minor-surgery', 'coil-fitting'] };
    expect(assess({ shift }).reasons).toEqual(['SKILLS']);
    expect(assess({ shift: { ...morning, skills: [] } }).eligible).toBe(true);
  });

  it('refuses a clinician whose practice is beyond their travel distance', () => {
    const result = assess({ c: { maxTravelKm: 20 } });
    expect(result.reasons).toEqual(['DISTANCE']);
    expect(result.distanceKm).toBeGreaterThan(20);
  });

  it('never reaches past 100 km, however far the clinician says they will travel', () => {
    const london = { id: 'p-london', lat: 51.5074, lon: -0.1278 }; // ≈ 180 km
    expect(assess({ c: { maxTravelKm: 500 }, practice: london }).reasons).toEqual(['DISTANCE']);
    const taunton = { id: 'p-taunton', lat: 51.0153, lon: -3.1068 };
    expect(assess({ c: { maxTravelKm: 500 }, practice: taunton }).eligible).toBe(true);
  });

  it('refuses a clinician the practice has blocked', () => {
    expect(assess({ c: { blockedPracticeIds: ['p-other', chard.id] } }).reasons).toEqual(['BLOCKED']);
  });

  it('lists every reason that applies, in the contract order, each once', () => {
    const result = assess({
      c: {
        roles: ['hca'],
        skills: [],
        maxTravelKm: 5,
        blockedPracticeIds: [chard.id],
        ...compliance({ rightToWork: false }),
      },
      bookings: [booking('2026-12-03T07:00:00.000Z', '2026-12-03T09:00:00.000Z')],
    });
    expect(result.eligible).toBe(false);
    expect(result.reasons).toEqual(['ROLE', 'SKILLS', 'DISTANCE', 'COMPLIANCE', 'CLASH', 'BLOCKED']);
  });

  describe('compliance', () => {
    it.each([
      ['training', compliance({ trainingExpires: '2026-12-03' }), compliance({ trainingExpires: '2026-12-04' })],
      ['indemnity', compliance({ indemnityExpires: '2026-12-03' }), compliance({ indemnityExpires: '2026-12-04' })],
      [
        'registration',
        { registration: { body: 'GMC', number: '1234567', expires: '2026-12-03' } },
        { registration: { body: 'GMC', number: '1234567', expires: '2026-12-04' } },
      ],
      [
        'right to work',
        compliance({ rightToWorkExpires: '2026-12-03' }),
        compliance({ rightToWorkExpires: '2026-12-04' }),
      ],
    ] as const)('refuses %s that expires on the day of the shift, accepts it expiring the day after', (_, lapsed, valid) => {
      expect(assess({ c: lapsed }).reasons).toEqual(['COMPLIANCE']);
      expect(assess({ c: valid }).eligible).toBe(true);
    });

    it('accepts a clinician with no indemnity of their own (the state scheme covers NHS work)', () => {
      expect(assess({ c: compliance({ indemnityExpires: undefined }) }).eligible).toBe(true);
    });

    it('refuses a clinician missing training or a DBS check, or without the right to work', () => {
      for (const missing of [
        compliance({ trainingExpires: undefined }),
        compliance({ dbsCheckedOn: undefined }),
        compliance({ rightToWork: false }),
      ]) {
        expect(assess({ c: missing }).reasons).toEqual(['COMPLIANCE']);
      }
    });

    it('needs no registration expiry or visa expiry when none is recorded', () => {
      expect(assess({ c: { registration: undefined } }).eligible).toBe(true);
      expect(assess({ c: { registration: { body: 'GMC', number: '1234567' } } }).eligible).toBe(true);
    });

    it('counts a DBS check as valid for three years less a day', () => {
      const c = compliance({ dbsCheckedOn: '2023-12-03' });
      const on = (day: string) => ({ ...morning, start: `${day}T08:00:00.000Z`, end: `${day}T12:10:00.000Z` });
      expect(assess({ c, shift: on('2026-12-02') }).eligible).toBe(true);
      expect(assess({ c, shift: on('2026-12-03') }).reasons).toEqual(['COMPLIANCE']);
    });

    it('refuses a night that runs into the day a document lapses, but not one that ends at its midnight', () => {
      const c = compliance({ dbsCheckedOn: '2023-12-03' });
      const intoLapse = { ...morning, start: '2026-12-02T20:00:00.000Z', end: '2026-12-03T08:00:00.000Z' };
      const toMidnight = { ...morning, start: '2026-12-02T20:00:00.000Z', end: '2026-12-03T00:00:00.000Z' };
      expect(assess({ c, shift: intoLapse }).reasons).toEqual(['COMPLIANCE']);
      expect(assess({ c, shift: toMidnight }).eligible).toBe(true);
    });

    it('judges the day in London, not UTC: 23:30 UTC in summer is already the next day', () => {
      const c = compliance({ trainingExpires: '2026-07-02' });
      const shift = { ...morning, start: '2026-07-01T20:00:00.000Z', end: '2026-07-01T23:30:00.000Z' }; // ends 00:30 BST on 2 July
      expect(assess({ c, shift }).reasons).toEqual(['COMPLIANCE']);
    });

    it('refuses from the expiry date on, whatever the document (property)', () => {
      const day0 = Date.parse('2026-01-01T00:00:00.000Z');
      const iso = (days: number) => new Date(day0 + days * 86_400_000).toISOString().slice(0, 10);
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 700 }),
          fc.integer({ min: 0, max: 700 }),
          fc.constantFrom('trainingExpires', 'indemnityExpires', 'rightToWorkExpires'),
          (shiftDay, expiryDay, item) => {
            const shift = {
              ...morning,
              start: `${iso(shiftDay)}T10:00:00.000Z`,
              end: `${iso(shiftDay)}T14:00:00.000Z`,
            };
            const c = {
              registration: undefined,
              ...compliance({
                dbsCheckedOn: '2025-12-01',
                trainingExpires: '2099-01-01',
                indemnityExpires: '2099-01-01',
                [item]: iso(expiryDay),
              }),
            };
            expect(assess({ c, shift }).reasons.includes('COMPLIANCE')).toBe(shiftDay >= expiryDay);
          },
        ),
      );
    });
  });

  describe('availability', () => {
    const weekday = (day: AvailabilityWindow['day'], from: string, to: string): AvailabilityWindow => ({
      day,
      from,
      to,
    });

    it('treats a clinician with no availability as free at any time', () => {
      expect(assess({ c: { availability: undefined } }).eligible).toBe(true);
    });

    it('refuses a clinician with an empty availability list', () => {
      expect(assess({ c: { availability: [] } }).reasons).toEqual(['AVAILABILITY']);
    });

    it('accepts a session inside a window of its weekday and refuses one that spills out of it', () => {
      expect(assess({ c: { availability: [weekday('thu', '08:00', '13:00')] } }).eligible).toBe(true);
      expect(assess({ c: { availability: [weekday('thu', '08:30', '13:00')] } }).reasons).toEqual(['AVAILABILITY']);
      expect(assess({ c: { availability: [weekday('wed', '00:00', '24:00')] } }).reasons).toEqual(['AVAILABILITY']);
    });

    it('joins windows that touch, so a morning and an afternoon make a day', () => {
      const shift = { ...morning, start: '2026-12-03T10:00:00.000Z', end: '2026-12-03T14:00:00.000Z' };
      const availability = [weekday('thu', '12:00', '18:00'), weekday('thu', '08:00', '12:00')];
      expect(assess({ shift, c: { availability } }).eligible).toBe(true);
      const gap = [weekday('thu', '12:05', '18:00'), weekday('thu', '08:00', '12:00')];
      expect(assess({ shift, c: { availability: gap } }).reasons).toEqual(['AVAILABILITY']);
    });

    it('reads windows on the London wall clock in summer time', () => {
      // 08:00-16:00 UTC on Wednesday 1 July is 09:00-17:00 in London.
      const shift = { start: '2026-07-01T08:00:00.000Z', end: '2026-07-01T16:00:00.000Z' };
      expect(isAvailable([weekday('wed', '09:00', '17:00')], shift)).toBe(true);
      expect(isAvailable([weekday('wed', '08:00', '16:00')], shift)).toBe(false);
    });

    it('checks both days of a night shift: Friday to 24:00 and Saturday from 00:00', () => {
      const night = { start: '2026-12-04T20:00:00.000Z', end: '2026-12-05T08:00:00.000Z' }; // Fri 20:00 - Sat 08:00
      const both = [weekday('fri', '20:00', '24:00'), weekday('sat', '00:00', '08:00')];
      expect(isAvailable(both, night)).toBe(true);
      expect(isAvailable([weekday('fri', '20:00', '24:00')], night)).toBe(false);
      expect(isAvailable([weekday('sat', '00:00', '08:00')], night)).toBe(false);
      expect(isAvailable([weekday('fri', '20:00', '24:00'), weekday('sat', '00:00', '07:00')], night)).toBe(false);
    });

    it('ignores a window that wraps past midnight rather than guessing what it means', () => {
      const night = { start: '2026-12-04T20:00:00.000Z', end: '2026-12-05T08:00:00.000Z' };
      expect(isAvailable([weekday('fri', '20:00', '08:00')], night)).toBe(false);
    });

    it('does not need the next day when a shift ends exactly at midnight', () => {
      const evening = { start: '2026-12-04T18:00:00.000Z', end: '2026-12-05T00:00:00.000Z' };
      expect(isAvailable([weekday('fri', '18:00', '24:00')], evening)).toBe(true);
    });

    it('checks a night across the clocks going back by its wall-clock hours', () => {
      // Saturday 24 October 2026 20:00 BST to Sunday 25 October 08:00 GMT: 13 hours worked.
      const night = { start: '2026-10-24T19:00:00.000Z', end: '2026-10-25T08:00:00.000Z' };
      expect(isAvailable([weekday('sat', '20:00', '24:00'), weekday('sun', '00:00', '08:00')], night)).toBe(true);
      expect(isAvailable([weekday('sat', '20:00', '24:00'), weekday('sun', '00:00', '07:00')], night)).toBe(false);
    });

    it('checks a shift across the clocks going forward by its wall-clock hours', () => {
      // Sunday 29 March 2026 00:00 GMT to 09:00 BST: 8 hours worked.
      const shift = { start: '2026-03-29T00:00:00.000Z', end: '2026-03-29T08:00:00.000Z' };
      expect(isAvailable([weekday('sun', '00:00', '09:00')], shift)).toBe(true);
      expect(isAvailable([weekday('sun', '00:00', '08:00')], shift)).toBe(false);
    });

    it('counts the repeated hour when the clocks go back inside a shift that starts in it', () => {
      // 01:30 BST to 01:10 GMT on 25 October 2026 covers the wall clock from 01:00 to 02:00.
      const shift = { start: '2026-10-25T00:30:00.000Z', end: '2026-10-25T01:10:00.000Z' };
      expect(isAvailable([weekday('sun', '01:00', '03:00')], shift)).toBe(true);
      expect(isAvailable([weekday('sun', '01:30', '03:00')], shift)).toBe(false);
    });
  });

  describe('diary', () => {
    it('refuses a clinician already booked over part of the shift', () => {
      const bookings = [booking('2026-12-03T12:00:00.000Z', '2026-12-03T16:00:00.000Z')];
      expect(assess({ bookings }).reasons).toEqual(['CLASH']);
    });

    it('does not count a booking that merely touches as a clash, nor, in a day under 13 hours, as short rest', () => {
      const bookings = [booking('2026-12-03T12:10:00.000Z', '2026-12-03T16:00:00.000Z')];
      expect(assess({ bookings }).eligible).toBe(true);
    });

    it('lets a GP work the morning and afternoon sessions of one day as two shifts', () => {
      // 08:00-12:10 (the shift) and 14:00-18:10: one working day of 10 h 10 min, then a night's rest.
      const afternoon = [booking('2026-12-03T14:00:00.000Z', '2026-12-03T18:10:00.000Z')];
      expect(assess({ bookings: afternoon }).eligible).toBe(true);
    });

    it('refuses a day of sessions that would leave under 11 hours of rest in its 24', () => {
      // 08:00-12:10, then 14:00-18:10 and an evening clinic 18:30-21:10: the day would span 13 h 10 min.
      const day = [
        booking('2026-12-03T14:00:00.000Z', '2026-12-03T18:10:00.000Z'),
        booking('2026-12-03T18:30:00.000Z', '2026-12-03T21:10:00.000Z'),
      ];
      expect(assess({ bookings: day }).reasons).toEqual(['REST']);
      // Ending at 21:00 instead, the day spans exactly 13 hours and leaves 11 for rest.
      const shorter = [day[0]!, booking('2026-12-03T18:30:00.000Z', '2026-12-03T21:00:00.000Z')];
      expect(assess({ bookings: shorter }).eligible).toBe(true);
    });

    it('refuses an afternoon session after a night shift that ended that morning', () => {
      // A night 20:00-06:00 then 08:00-12:10: two hours apart, one "day" of 16 h 10 min.
      const night = [booking('2026-12-02T20:00:00.000Z', '2026-12-03T06:00:00.000Z')];
      expect(assess({ bookings: night }).reasons).toEqual(['REST']);
    });

    it('ignores the booking of the very shift being judged', () => {
      const bookings = [booking(morning.start, morning.end, morning.id)];
      expect(assess({ bookings }).eligible).toBe(true);
      // Its booking as read before the shift was moved two hours later: neither a rest problem nor extra hours.
      const moved = [booking('2026-12-03T06:00:00.000Z', '2026-12-03T10:10:00.000Z', morning.id)];
      const later = { ...morning, start: '2026-12-03T10:00:00.000Z', end: '2026-12-03T14:10:00.000Z' };
      expect(assess({ shift: later, bookings: moved, c: { maxWeeklyHours: 5 } }).eligible).toBe(true);
    });

    it('wants eleven hours rest before the shift: 10 h 59 min is refused, 11 h accepted', () => {
      expect(assess({ bookings: [booking('2026-12-02T13:00:00.000Z', '2026-12-02T21:01:00.000Z')] }).reasons).toEqual([
        'REST',
      ]);
      expect(assess({ bookings: [booking('2026-12-02T13:00:00.000Z', '2026-12-02T21:00:00.000Z')] }).eligible).toBe(
        true,
      );
    });

    it('wants eleven hours rest after the shift: 10 h 59 min is refused, 11 h accepted', () => {
      expect(assess({ bookings: [booking('2026-12-03T23:09:00.000Z', '2026-12-04T06:00:00.000Z')] }).reasons).toEqual([
        'REST',
      ]);
      expect(assess({ bookings: [booking('2026-12-03T23:10:00.000Z', '2026-12-04T06:00:00.000Z')] }).eligible).toBe(
        true,
      );
    });

    it('refuses a shift that would take the London week over 48 hours, and accepts exactly 48', () => {
      // Monday 30 November to Wednesday 2 December, far enough from Thursday's session for rest.
      const week = [
        booking('2026-11-30T00:00:00.000Z', '2026-11-30T12:00:00.000Z'),
        booking('2026-11-30T23:00:00.000Z', '2026-12-01T11:00:00.000Z'),
        booking('2026-12-01T22:00:00.000Z', '2026-12-02T10:00:00.000Z'),
      ]; // 36 hours
      const eleven50 = { ...morning, start: '2026-12-03T08:00:00.000Z', end: '2026-12-03T19:50:00.000Z' };
      expect(assess({ shift: eleven50, bookings: week }).eligible).toBe(true); // 36 h + 11 h 50 min
      const twelve = { ...morning, start: '2026-12-03T08:00:00.000Z', end: '2026-12-03T20:00:00.000Z' };
      expect(assess({ shift: twelve, bookings: week }).eligible).toBe(true); // exactly 48 h
      const twelve01 = { ...morning, start: '2026-12-03T08:00:00.000Z', end: '2026-12-03T20:01:00.000Z' };
      expect(assess({ shift: twelve01, bookings: week }).reasons).toEqual(['WEEKLY_HOURS']);
    });

    it('applies the clinician’s own cap, and 48 hours when none is set', () => {
      const week = [booking('2026-11-30T08:00:00.000Z', '2026-11-30T18:00:00.000Z')]; // 10 h
      expect(assess({ c: { maxWeeklyHours: 14 }, bookings: week }).reasons).toEqual(['WEEKLY_HOURS']);
      expect(assess({ c: { maxWeeklyHours: 15 }, bookings: week }).eligible).toBe(true);
      expect(weeklyHoursExceeded(morning, week, 0)).toBe(false);
      const heavy = [booking('2026-11-30T00:00:00.000Z', '2026-12-01T20:00:00.000Z')]; // 44 h
      expect(weeklyHoursExceeded(morning, heavy, 0)).toBe(true);
      expect(weeklyHoursExceeded(morning, heavy, undefined)).toBe(true);
    });

    it('counts only the part of a booking inside the shift’s London week', () => {
      // Sunday 29 November 12:00 to Monday 30 November 12:00: only 12 hours fall in the shift's week.
      const straddling = [booking('2026-11-29T12:00:00.000Z', '2026-11-30T12:00:00.000Z')];
      // 12 h + 4 h 10 min = 16 h 10 min; counted whole, the booking would make it 28 h 10 min.
      expect(weeklyHoursExceeded(morning, straddling, 16.5)).toBe(false);
      expect(weeklyHoursExceeded(morning, straddling, 16)).toBe(true);
    });

    it('counts real elapsed hours across the clocks going back: a 20:00-08:00 night is 13 hours', () => {
      // Week of Monday 19 October 2026 (BST) to Monday 26 October (GMT).
      const week = [
        booking('2026-10-19T07:00:00.000Z', '2026-10-19T19:00:00.000Z'), // 12 h
        booking('2026-10-20T07:00:00.000Z', '2026-10-20T19:00:00.000Z'), // 12 h
        booking('2026-10-21T07:00:00.000Z', '2026-10-21T18:00:00.000Z'), // 11 h
      ];
      const night = { ...morning, id: 's-night', start: '2026-10-24T19:00:00.000Z', end: '2026-10-25T08:00:00.000Z' };
      expect(weeklyHoursExceeded(night, week, 48)).toBe(false); // 35 + 13 = 48
      const more = [...week, booking('2026-10-22T07:00:00.000Z', '2026-10-22T07:30:00.000Z')];
      expect(weeklyHoursExceeded(night, more, 48)).toBe(true); // 48.5, though the wall clock says 12 h
    });

    it('judges a night from Sunday into Monday against both weeks, by the hours in each', () => {
      const night = { ...morning, start: '2026-12-06T20:00:00.000Z', end: '2026-12-07T08:00:00.000Z' };
      const nextWeek = [booking('2026-12-08T00:00:00.000Z', '2026-12-09T20:00:00.000Z')]; // 44 h
      expect(weeklyHoursExceeded(night, nextWeek, 48)).toBe(true); // 44 + 8 in the week of 7 December
      const thisWeek = [booking('2026-11-30T00:00:00.000Z', '2026-12-01T20:00:00.000Z')]; // 44 h
      expect(weeklyHoursExceeded(night, thisWeek, 48)).toBe(false); // 44 + 4 in the week of 30 November
    });
  });
});

describe('bookableUntil', () => {
  it('is the earliest date any document lapses', () => {
    expect(bookableUntil(clinician())).toBe('2027-04-01');
    expect(bookableUntil(clinician(compliance({ dbsCheckedOn: '2024-02-10' })))).toBe('2027-02-10');
    expect(bookableUntil(clinician(compliance({ rightToWorkExpires: '2027-01-31' })))).toBe('2027-01-31');
    expect(bookableUntil(clinician({ registration: { body: 'GMC', number: '1234567', expires: '2026-12-31' } }))).toBe(
      '2026-12-31',
    );
  });

  it('is NEVER_BOOKABLE, before every date, when a document is missing or there is no right to work', () => {
    expect(bookableUntil(clinician(compliance({ trainingExpires: undefined })))).toBe(NEVER_BOOKABLE);
    expect(bookableUntil(clinician(compliance({ rightToWork: false })))).toBe(NEVER_BOOKABLE);
    expect(NEVER_BOOKABLE < '1900-01-01').toBe(true);
  });

  it('lapses a DBS check on its third anniversary, and one made on 29 February on 28 February', () => {
    expect(dbsLapses('2023-12-03')).toBe('2026-12-03');
    expect(dbsLapses('2024-02-29')).toBe('2027-02-28');
  });
});

describe('schedule helpers', () => {
  it('treats intervals as half-open', () => {
    const a = { start: '2026-12-03T08:00:00.000Z', end: '2026-12-03T12:00:00.000Z' };
    expect(overlaps(a, { start: '2026-12-03T12:00:00.000Z', end: '2026-12-03T13:00:00.000Z' })).toBe(false);
    expect(overlaps(a, { start: '2026-12-03T11:59:00.000Z', end: '2026-12-03T13:00:00.000Z' })).toBe(true);
    expect(overlaps(a, { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T10:00:00.000Z' })).toBe(true);
  });

  it('finds the London ISO week, Monday midnight to Monday midnight, across the clock change', () => {
    expect(londonWeek('2026-10-25T12:00:00.000Z')).toEqual({
      start: '2026-10-18T23:00:00.000Z',
      end: '2026-10-26T00:00:00.000Z',
    });
    expect(londonWeek('2026-10-18T23:30:00.000Z').start).toBe('2026-10-18T23:00:00.000Z'); // 00:30 BST Monday
  });

  it('sums minutes clipped to the week', () => {
    const week = londonWeek('2026-12-03T12:00:00.000Z');
    expect(weeklyMinutes(week, [booking('2026-11-29T23:00:00.000Z', '2026-11-30T01:00:00.000Z')])).toBe(60);
  });
});

// ---------------------------------------------------------------- properties

const BASE = Date.parse('2026-10-19T00:00:00.000Z'); // three weeks that include the clocks going back
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();
const interval = fc
  .record({ offset: fc.integer({ min: 0, max: (21 * 24 * 60) / 5 }), length: fc.integer({ min: 1, max: 168 }) })
  .map(({ offset, length }) => ({ start: at(offset * 5), end: at((offset + length) * 5) }));
const bookings = fc
  .array(interval, { maxLength: 8 })
  .map((list) => list.map((b, i): BookedInterval => ({ bookingId: `b-${i}`, shiftId: `s-${i}`, ...b })));
const shiftArb = interval.map((span) => ({ ...morning, id: 's-new', ...span }));
const alwaysFree = { c: { maxWeeklyHours: 500 } };

describe('eligibility properties', () => {
  it('reports CLASH exactly when some booking overlaps the shift', () => {
    fc.assert(
      fc.property(shiftArb, bookings, (shift, list) => {
        const anyOverlap = list.some(
          (b) => Date.parse(b.start) < Date.parse(shift.end) && Date.parse(shift.start) < Date.parse(b.end),
        );
        expect(assess({ shift, bookings: list }).reasons.includes('CLASH')).toBe(anyOverlap);
        expect(clashes(shift, list)).toBe(anyOverlap);
      }),
      { numRuns: 300 },
    );
  });

  it('never passes a clinician who would overlap a booking, or work a day that leaves under 11 hours of rest', () => {
    fc.assert(
      fc.property(shiftArb, bookings, (shift, list) => {
        if (!assess({ ...alwaysFree, shift, bookings: list }).eligible) return;
        const s = Date.parse(shift.start);
        const e = Date.parse(shift.end);
        for (const b of list) {
          const [bs, be] = [Date.parse(b.start), Date.parse(b.end)];
          const gap = Math.max(s - be, bs - e);
          expect(gap).toBeGreaterThanOrEqual(0);
          // Closer than 11 hours, it is the same working day, which must fit in 13 hours.
          if (gap < 11 * 3_600_000) expect(Math.max(e, be) - Math.min(s, bs)).toBeLessThanOrEqual(13 * 3_600_000);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with one booking near the shift, refuses for rest exactly when they are under 11 hours apart and span over 13', () => {
    fc.assert(
      fc.property(shiftArb, interval, (shift, b) => {
        const [s, e, bs, be] = [shift.start, shift.end, b.start, b.end].map(Date.parse) as [
          number,
          number,
          number,
          number,
        ];
        const gap = Math.max(s - be, bs - e);
        const short = gap < 11 * 3_600_000 && Math.max(e, be) - Math.min(s, bs) > 13 * 3_600_000;
        const reasons = scheduleConflicts(shift, [{ bookingId: 'b', shiftId: 'other', ...b }], undefined);
        expect(reasons.includes('REST')).toBe(short);
      }),
      { numRuns: 500 },
    );
  });

  it('never passes a clinician whose London week would go over their cap', () => {
    fc.assert(
      fc.property(shiftArb, bookings, fc.integer({ min: 4, max: 60 }), (shift, list, cap) => {
        if (weeklyHoursExceeded(shift, list, cap)) return;
        const week = londonWeek(shift.start);
        const shiftInWeek = Math.min(Date.parse(shift.end), Date.parse(week.end)) - Date.parse(shift.start);
        expect(weeklyMinutes(week, list) + shiftInWeek / 60_000).toBeLessThanOrEqual(cap * 60);
      }),
      { numRuns: 300 },
    );
  });

  it('lists reasons once each, in contract order, and is eligible exactly when there are none', () => {
    const everything = fc.record({
      roles: fc.subarray<Role>(['gp', 'anp', 'hca']),
      skills: fc.subarray(['minor-surgery', 'home-visits', 'coil-fitting']),
      maxTravelKm: fc.integer({ min: 0, max: 60 }),
      blockedPracticeIds: fc.subarray([chard.id, 'p-other']),
      maxWeeklyHours: fc.integer({ min: 0, max: 60 }),
      availability: fc.option(
        fc.array(
          fc.record({
            day: fc.constantFrom(...WEEKDAYS),
            from: fc.constantFrom('00:00', '08:00', '12:00', '20:00'),
            to: fc.constantFrom('08:00', '12:00', '18:00', '24:00'),
          }),
        ),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(everything, shiftArb, bookings, (c, shift, list) => {
        const { reasons, eligible } = assess({ c, shift, bookings: list });
        expect(new Set(reasons).size).toBe(reasons.length);
        const order = reasons.map((r) => EXCLUSION_REASONS.indexOf(r));
        expect(order).toEqual([...order].sort((a, b) => a - b));
        expect(eligible).toBe(reasons.length === 0);
        const diary = reasons.filter((r) => r === 'CLASH' || r === 'REST' || r === 'WEEKLY_HOURS');
        expect(scheduleConflicts(shift, list, c.maxWeeklyHours)).toEqual(diary);
      }),
      { numRuns: 300 },
    );
  });

  it('never clears a diary problem by adding a booking', () => {
    fc.assert(
      fc.property(shiftArb, bookings, interval, fc.integer({ min: 8, max: 60 }), (shift, list, extra, cap) => {
        const before = scheduleConflicts(shift, list, cap);
        const after = scheduleConflicts(shift, [...list, { bookingId: 'b-x', shiftId: 's-x', ...extra }], cap);
        for (const reason of before) expect(after).toContain(reason);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the bookings', () => {
    fc.assert(
      fc.property(shiftArb, bookings, (shift, list) => {
        const reversed = [...list].reverse();
        expect(scheduleConflicts(shift, reversed, 20)).toEqual(scheduleConflicts(shift, list, 20));
        expect(restViolation(shift, reversed)).toBe(restViolation(shift, list));
      }),
    );
  });
});

describe('time off', () => {
  const off = (from: string, to: string, id = `t-${from}`) => ({ id, from, to, createdAt: '2026-11-01T00:00:00.000Z' });

  it('excludes a clinician on time off that day with AVAILABILITY, and only for that', () => {
    expect(assess({ c: { timeOff: [off('2026-12-03', '2026-12-03')] } }).reasons).toEqual(['AVAILABILITY']);
    expect(assess({ c: { timeOff: [off('2026-12-01', '2026-12-10')] } }).reasons).toEqual(['AVAILABILITY']);
  });

  it('leaves a clinician eligible when the time off ends the day before or starts the day after', () => {
    expect(
      assess({ c: { timeOff: [off('2026-11-20', '2026-12-02'), off('2026-12-04', '2026-12-24')] } }),
    ).toMatchObject({ eligible: true, reasons: [] });
  });

  it('reads London dates: a night shift touches both days, a shift ending at midnight only the first', () => {
    // 22:00 BST on 1 July to 06:00 BST on 2 July.
    const night = { ...morning, start: '2026-07-01T21:00:00.000Z', end: '2026-07-02T05:00:00.000Z' };
    expect(assess({ shift: night, c: { timeOff: [off('2026-07-02', '2026-07-02')] } }).reasons).toContain(
      'AVAILABILITY',
    );
    expect(assess({ shift: night, c: { timeOff: [off('2026-07-01', '2026-07-01')] } }).reasons).toContain(
      'AVAILABILITY',
    );
    // 18:00 to 00:00 BST on 1 July: 23:00Z is already 2 July's midnight in London.
    const evening = { ...morning, start: '2026-07-01T17:00:00.000Z', end: '2026-07-01T23:00:00.000Z' };
    expect(assess({ shift: evening, c: { timeOff: [off('2026-07-02', '2026-07-02')] } }).eligible).toBe(true);
    // 00:15 to 00:45 BST on 1 July is 23:15Z to 23:45Z on 30 June: London's date counts, not UTC's.
    const late = { ...morning, start: '2026-06-30T23:15:00.000Z', end: '2026-06-30T23:45:00.000Z' };
    expect(assess({ shift: late, c: { timeOff: [off('2026-06-30', '2026-06-30')] } }).eligible).toBe(true);
    expect(assess({ shift: late, c: { timeOff: [off('2026-07-01', '2026-07-01')] } }).reasons).toContain(
      'AVAILABILITY',
    );
  });

  it('names the periods a span touches', () => {
    const periods = [
      off('2026-12-01', '2026-12-02', 'a'),
      off('2026-12-03', '2026-12-03', 'b'),
      off('2026-12-05', '2026-12-06', 'c'),
    ];
    expect(timeOffTouching(periods, morning).map((t) => t.id)).toEqual(['b']);
    expect(timeOffTouching(undefined, morning)).toEqual([]);
  });

  it('excludes exactly when some London day of the shift lies inside some period (property)', () => {
    const day = fc
      .integer({ min: 0, max: 40 })
      .map((n) => new Date(Date.UTC(2026, 9, 10 + n)).toISOString().slice(0, 10));
    const period = fc.tuple(day, day).map(([a, b]) => (a <= b ? off(a, b) : off(b, a)));
    const span = fc
      .tuple(fc.integer({ min: 0, max: 40 * 24 * 4 }), fc.integer({ min: 1, max: 24 * 4 }))
      .map(([q, len]) => ({
        start: new Date(Date.UTC(2026, 9, 10) + q * 15 * 60_000).toISOString(),
        end: new Date(Date.UTC(2026, 9, 10) + (q + len) * 15 * 60_000).toISOString(),
      }));
    fc.assert(
      fc.property(fc.array(period, { maxLength: 4 }), span, (periods, s) => {
        // Every London day the span covers, walked a minute at a time (a slow, obviously right reading).
        const days = new Set<string>();
        for (let t = Date.parse(s.start); t < Date.parse(s.end); t += 60_000) days.add(londonDateOf(t));
        const expected = periods.some((p) => [...days].some((d) => p.from <= d && d <= p.to));
        const verdict = assess({ shift: { ...morning, ...s }, c: { timeOff: periods } });
        expect(verdict.reasons.includes('AVAILABILITY')).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
function londonDateOf(ms: number): string {
  return LONDON_DAY.format(ms);
}

describe('IR35: a limited-company clinician needs the practice’s determination', () => {
  const shift = {
    id: 's-ir35',
    role: 'gp' as Role,
    skills: [],
    start: '2027-03-03T09:00:00.000Z',
    end: '2027-03-03T17:00:00.000Z',
    practiceId: chard.id,
  };
  const judged = (c: Clinician) => assessEligibility({ clinician: c, shift, practice: chard, bookings: [] });

  it('excludes with IR35 until the shift’s practice has recorded one, inside or outside', () => {
    expect(judged(clinician({ employment: 'limited-company' }))).toMatchObject({ eligible: false, reasons: ['IR35'] });
    const elsewhere = { 'p-other': { determination: 'outside' as const, decidedAt: '2027-01-01T00:00:00.000Z' } };
    expect(judged(clinician({ employment: 'limited-company', ir35: elsewhere })).reasons).toEqual(['IR35']);
    for (const determination of ['inside', 'outside'] as const) {
      const ir35 = { [chard.id]: { determination, decidedAt: '2027-01-01T00:00:00.000Z' } };
      expect(judged(clinician({ employment: 'limited-company', ir35 }))).toMatchObject({ eligible: true, reasons: [] });
    }
  });

  it('never applies to anyone else, whatever determinations they carry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('bank' as const, 'self-employed' as const, 'limited-company' as const),
        fc.subarray(['p-chard', 'p-other', 'p-third']),
        (employment, decided) => {
          const ir35 = Object.fromEntries(
            decided.map((id) => [id, { determination: 'outside' as const, decidedAt: '2027-01-01T00:00:00.000Z' }]),
          );
          const excluded = judged(clinician({ employment, ir35 })).reasons.includes('IR35');
          expect(excluded).toBe(employment === 'limited-company' && !decided.includes(chard.id));
        },
      ),
    );
  });
});
