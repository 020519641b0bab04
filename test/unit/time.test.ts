import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it, vi } from 'vitest';
import { londonWeek } from '../../lib/domain/eligibility';
import { weekStartOf } from '../../lib/domain/report-summary';
import {
  addDays,
  isIsoDate,
  londonClock,
  londonDate,
  londonMidnightMs,
  parseInstant,
  startOfLondonDay,
  toLocal,
  ZONE,
} from '../../lib/domain/time';
import { formatShiftWhen } from '../../lib/notify/templates';
import { endOfLondonPeriod } from '../../lib/use-cases/payroll';

describe('isIsoDate', () => {
  it('holds a date valid exactly when luxon does, for every day of 1900-2199 and the days that do not exist (property)', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${pad(m)}-${pad(d)}`;
          expect(isIsoDate(text), text).toBe(DateTime.fromISO(text).isValid);
        },
      ),
      { numRuns: 5000 },
    );
    expect(['2028-02-29', '2026-02-28'].map(isIsoDate)).toEqual([true, true]);
    expect(['2026-02-29', '2100-02-29', '2026-1-01', '2026-01-01T00:00', ''].map(isIsoDate)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('parseInstant', () => {
  it('reads a London wall clock in winter as GMT and in summer as BST', () => {
    expect(parseInstant('2026-12-03T08:30')).toBe('2026-12-03T08:30:00.000Z');
    expect(parseInstant('2026-07-01T09:00')).toBe('2026-07-01T08:00:00.000Z');
  });

  it('refuses the hour the clocks skip in March, and takes GMT for the hour they repeat in October', () => {
    expect(parseInstant('2026-03-29T01:30')).toBeUndefined();
    expect(parseInstant('2027-03-28T01:00')).toBeUndefined();
    expect(parseInstant('2026-03-29T02:00')).toBe('2026-03-29T01:00:00.000Z');
    expect(parseInstant('2026-10-25T01:30')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('reads the repeated hour the same whatever the date today (luxon guessed from the clock: BST in summer)', () => {
    vi.useFakeTimers({ now: new Date('2026-07-01T12:00:00Z') });
    try {
      expect(parseInstant('2026-10-25T01:30')).toBe('2026-10-25T01:30:00.000Z');
      expect(parseInstant('2026-10-25T00:59:59.5')).toBe('2026-10-24T23:59:59.500Z');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses wall clocks that roll over: a 30 February, a 25th hour, a 61st second', () => {
    for (const bad of [
      '2026-02-30T10:00',
      '2026-12-03T24:00',
      '2026-12-03T08:60',
      '2026-12-03T08:30:61',
      '2026-02-30T10:00Z',
      '2026-12-03T08:30+24:00',
      '2026-12-03T08:30+01:60',
      '2026-12-03T08:30+01',
    ]) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
  });

  it('honours an explicit offset, and refuses what is not an instant', () => {
    expect(parseInstant('2026-12-03T08:30:00+01:00')).toBe('2026-12-03T07:30:00.000Z');
    expect(parseInstant('2026-12-03T08:30:00Z')).toBe('2026-12-03T08:30:00.000Z');
    for (const bad of ['', 'tomorrow', '2026-02-30T10:00', '2026-12-03', '2026-12-03T25:00', '2026-12-03 08:30']) {
      expect(parseInstant(bad), bad).toBeUndefined();
    }
  });

  it('round-trips every instant of 2026 and 2027 through the London wall clock, but the repeated hour (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({
          min: Date.parse('2026-01-01T00:00:00Z') / 60_000,
          max: Date.parse('2027-12-31T23:59:00Z') / 60_000,
        }),
        (minute) => {
          const instant = new Date(minute * 60_000).toISOString();
          const back = parseInstant(toLocal(instant));
          const repeated = ['2026-10-25T00', '2027-10-31T00'].some((h) => instant.startsWith(h));
          if (repeated) expect(back).toBe(new Date(minute * 60_000 + 3_600_000).toISOString());
          else expect(back).toBe(instant);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads an instant with an offset as luxon does, in every form the contract shows (property)', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:59Z') }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.constantFrom('Z', 'z', '+hh:mm', '+hhmm'),
        fc.constantFrom('', ':ss', ':ss.fff', ':ss.f', ':ss.ffffff'),
        (ms, offset, zone, seconds) => {
          const whole = zone.startsWith('+') ? offset : 0;
          const wall = new Date(ms + whole * 60_000);
          const fields = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`;
          const msText = pad(wall.getUTCMilliseconds(), 3);
          const secText = seconds
            .replace('ss', pad(wall.getUTCSeconds()))
            .replace('ffffff', `${msText}123`)
            .replace('fff', msText)
            .replace('f', msText[0]!);
          const sign = whole < 0 ? '-' : '+';
          const a = Math.abs(whole);
          const zoneText = zone.startsWith('+')
            ? zone
                .replace('+', sign)
                .replace('hh', pad(Math.floor(a / 60)))
                .replace('mm', pad(a % 60))
            : zone;
          const text = `${fields}${secText}${zoneText}`;
          expect(parseInstant(text), text).toBe(DateTime.fromISO(text, { setZone: true }).toUTC().toISO());
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('answers any text with a UTC instant or nothing, never an exception (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const result = parseInstant(s);
        expect(result === undefined || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(result)).toBe(true);
      }),
    );
  });
});

/*
 * The London clock functions use Intl, not luxon, so that luxon stays out of the
 * bundles that do not parse ISO text. luxon is the oracle here: each function
 * answers as its luxon version did, every instant of the century and, densely,
 * the hours around each March and October change.
 */
describe('London clocks without luxon, against luxon', () => {
  const minuteOfCentury = fc.integer({
    min: Date.parse('2000-01-01T00:00:00Z'),
    max: Date.parse('2099-12-31T23:59:59Z'),
  });
  // The hours around each change (01:00 UTC on the last Sunday of March and October), to the millisecond.
  const nearChange = fc
    .tuple(fc.integer({ min: 2000, max: 2099 }), fc.constantFrom(2, 9), fc.integer({ min: 24, max: 31 }))
    .chain(([y, m, d]) => fc.integer({ min: 0, max: 4 * 3_600_000 - 1 }).map((ms) => Date.UTC(y, m, d) + ms));
  const instantMs = fc.oneof(minuteOfCentury, nearChange);
  // As records hold instants, and as a caller may hand them.
  const written = instantMs.chain((ms) =>
    fc.constantFrom(
      new Date(ms).toISOString(),
      new Date(Math.floor(ms / 60_000) * 60_000).toISOString(),
      DateTime.fromMillis(ms, { zone: 'UTC+1' }).toISO()!,
      DateTime.fromMillis(ms, { zone: 'UTC-5' }).toISO()!,
      new Date(ms).toISOString().replace('Z', ''),
    ),
  );
  const date = fc.oneof(minuteOfCentury, nearChange).map((ms) => new Date(ms).toISOString().slice(0, 10));
  const runs = { numRuns: 5000 };
  const luxonLondon = (instant: string) => DateTime.fromISO(instant, { zone: 'UTC' }).setZone(ZONE);

  it('londonClock reads every field as luxon does', () => {
    fc.assert(
      fc.property(instantMs, (ms) => {
        const dt = DateTime.fromMillis(ms, { zone: ZONE });
        expect(londonClock(ms)).toEqual({
          year: dt.year,
          month: dt.month,
          day: dt.day,
          hour: dt.hour,
          minute: dt.minute,
          second: dt.second,
          millisecond: dt.millisecond,
          weekday: dt.weekday,
          offsetMinutes: dt.offset,
        });
      }),
      runs,
    );
  });

  it('toLocal and londonDate read every instant as luxon does', () => {
    fc.assert(
      fc.property(written, (instant) => {
        expect(toLocal(instant)).toBe(luxonLondon(instant).toFormat("yyyy-LL-dd'T'HH:mm"));
        expect(londonDate(instant)).toBe(luxonLondon(instant).toISODate());
        expect(toLocal(new Date(Date.parse(luxonLondon(instant).toISO()!)))).toBe(toLocal(instant));
      }),
      runs,
    );
  });

  it('startOfLondonDay, londonMidnightMs, addDays and endOfLondonPeriod agree with luxon on every date', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -400, max: 400 }), (d, n) => {
        const midnight = DateTime.fromISO(d, { zone: ZONE }).startOf('day');
        expect(startOfLondonDay(d)).toBe(midnight.toUTC().toISO());
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        expect(londonMidnightMs(y, m, day + n)).toBe(midnight.plus({ days: n }).toMillis());
        expect(addDays(d, n)).toBe(DateTime.fromISO(d, { zone: ZONE }).plus({ days: n }).toISODate());
        expect(endOfLondonPeriod(d)).toBe(midnight.plus({ days: 1 }).toUTC().toISO());
      }),
      runs,
    );
  });

  it('londonWeek and weekStartOf find the London Monday as luxon does', () => {
    fc.assert(
      fc.property(written, date, (instant, d) => {
        const monday = luxonLondon(instant).startOf('week');
        expect(londonWeek(instant)).toEqual({
          start: monday.toUTC().toISO(),
          end: monday.plus({ weeks: 1 }).toUTC().toISO(),
        });
        expect(weekStartOf(d)).toBe(DateTime.fromISO(d, { zone: ZONE }).startOf('week').toISODate());
      }),
      runs,
    );
  });

  it('formatShiftWhen writes every span as its luxon version did', () => {
    const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const day = (dt: DateTime) => `${DAYS[dt.weekday - 1]} ${dt.day} ${MONTHS[dt.month - 1]}`;
    const before = (startUtc: string, endUtc: string) => {
      const start = luxonLondon(startUtc);
      const end = luxonLondon(endUtc);
      const days = end.startOf('day').diff(start.startOf('day'), 'days').days;
      const endText = Math.round(days) <= 1 ? end.toFormat('HH:mm') : `${day(end)} ${end.toFormat('HH:mm')}`;
      return `${day(start)} ${start.toFormat('HH:mm')}-${endText}`;
    };
    fc.assert(
      fc.property(instantMs, fc.integer({ min: 0, max: 4 * 24 * 60 }), (startMs, minutes) => {
        const start = new Date(Math.floor(startMs / 60_000) * 60_000).toISOString();
        const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
        expect(formatShiftWhen(start, end)).toBe(before(start, end));
      }),
      runs,
    );
  });
});
