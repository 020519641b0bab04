import { DateTime } from 'luxon';

/** Every wall clock in the product is London's. */
export const ZONE = 'Europe/London';

const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
/** ISO 8601 extended date and time with an offset, as the contract shows them (`…Z`, `…+01:00`, `…+0100`). */
const OFFSET_INSTANT_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/i;

/**
 * Reads an instant as the contract allows: with an offset (`…Z`, `…+01:00`) it
 * is that instant; without, it is London wall-clock time. Returns the UTC ISO
 * string, or undefined when the text is no instant, or names a London wall
 * clock that does not exist (01:30 on the day the clocks go forward).
 * An ambiguous wall clock (01:30 on the day they go back) takes the later,
 * GMT reading, whatever the date today.
 */
export function parseInstant(text: string): string | undefined {
  const withOffset = OFFSET_INSTANT_RE.exec(text);
  if (withOffset) {
    const [, , , , , , , , zulu, sign, oh, om] = withOffset;
    const wall = wallClockMs(withOffset);
    if (wall === undefined || Number(oh) > 23 || Number(om) > 59) return undefined;
    const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
    return new Date(wall - offsetMinutes * 60_000).toISOString();
  }
  const m = LOCAL_RE.exec(text);
  if (!m) return undefined;
  const wall = wallClockMs(m);
  if (wall === undefined) return undefined;
  // London is GMT or BST: the instant is the wall clock less 0 or 60 minutes, whichever London agrees with.
  // Neither: the hour the clocks skip. Both: the hour they repeat, read as GMT (the first tried).
  for (const offsetMinutes of [0, 60]) {
    const instant = wall - offsetMinutes * 60_000;
    if (londonClock(instant).offsetMinutes === offsetMinutes) return new Date(instant).toISOString();
  }
  return undefined;
}

/**
 * The wall clock a date-time's fields name, as if it were UTC, in epoch
 * milliseconds (fractions past the millisecond dropped); undefined for fields
 * that roll over (30 February, 24:00, a 61st second).
 */
function wallClockMs(m: RegExpExecArray): number | undefined {
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wall = Date.UTC(y, mo - 1, d, h, mi, sec, Number((m[7] ?? '').slice(0, 3).padEnd(3, '0')));
  // Date.UTC rolls 30 February into March and 25:00 into tomorrow: such text names no wall clock.
  const back = new Date(wall);
  const rolled = [
    back.getUTCFullYear(),
    back.getUTCMonth() + 1,
    back.getUTCDate(),
    back.getUTCHours(),
    back.getUTCMinutes(),
    back.getUTCSeconds(),
  ];
  if (rolled.some((part, i) => part !== [y, mo, d, h, mi, sec][i])) return undefined;
  return wall;
}

/**
 * A London formatter, made on first use rather than at import: a process's
 * first zoned Intl.DateTimeFormat costs about 20 ms (ICU's zone and locale
 * data), which a Lambda that never shows a London time (health, most lists)
 * should not pay in its cold start.
 */
export function londonFormat(locale: string, options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let made: Intl.DateTimeFormat | undefined;
  return () => {
    made ??= new Intl.DateTimeFormat(locale, { ...options, timeZone: ZONE });
    return made;
  };
}

// London wall clocks by the Intl zone data luxon itself reads, without luxon: what
// most handlers need from time is here, and luxon (70 KB minified) stays out of
// every bundle that does not also parse ISO text (`parseInstant`, `london`).
// test/unit/time.test.ts holds each function equal to luxon across the clock changes.
const LONDON_CLOCK = londonFormat('en-GB', {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** The London wall clock at an instant. */
export interface LondonClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 Monday to 7 Sunday, as ISO (and luxon) count. */
  weekday: number;
  /** Minutes London is ahead of UTC: 0 (GMT) or 60 (BST). */
  offsetMinutes: number;
}

/** The London wall clock at an instant in epoch milliseconds. */
export function londonClock(ms: number): LondonClock {
  const c = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of LONDON_CLOCK().formatToParts(ms)) {
    if (part.type in c) c[part.type as keyof typeof c] = Number(part.value);
  }
  const millisecond = ((ms % 1000) + 1000) % 1000;
  const wallAsUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, millisecond);
  const weekday = ((new Date(Date.UTC(c.year, c.month - 1, c.day)).getUTCDay() + 6) % 7) + 1;
  return { ...c, millisecond, weekday, offsetMinutes: Math.round((wallAsUtc - ms) / 60_000) };
}

/**
 * Epoch milliseconds of a UTC instant as the records hold them (`…Z`, or an
 * offset); text without an offset is read as UTC, as luxon read it here.
 */
export function instantMs(instant: string | Date): number {
  if (typeof instant !== 'string') return instant.getTime();
  return Date.parse(OFFSET_RE.test(instant) ? instant : `${instant}Z`);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-12-03` of a London clock. */
export function clockDate(c: LondonClock): string {
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}`;
}

/** `08:30` of a London clock. */
export function clockTime(c: LondonClock): string {
  return `${pad(c.hour)}:${pad(c.minute)}`;
}

/** London wall clock of a UTC instant, `2026-12-03T08:30`. */
export function toLocal(instant: string | Date): string {
  const c = londonClock(instantMs(instant));
  return `${clockDate(c)}T${clockTime(c)}`;
}

/** London calendar date of an instant, `2026-12-03`. */
export function londonDate(instant: string | Date): string {
  return clockDate(londonClock(instantMs(instant)));
}

/** A luxon DateTime in London: for callers that parse ISO text of any shape. */
export function london(instant: string | Date): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'UTC' }) : DateTime.fromJSDate(instant);
  return dt.setZone(ZONE);
}

/**
 * The instant a London day starts, in epoch milliseconds. The clocks change at
 * 01:00, so London midnight always exists, and once.
 */
export function londonMidnightMs(year: number, month: number, day: number): number {
  const asUtc = Date.UTC(year, month - 1, day);
  const first = asUtc - londonClock(asUtc).offsetMinutes * 60_000;
  return asUtc - londonClock(first).offsetMinutes * 60_000;
}

/** Start of a London day (`2026-12-03`) as a UTC instant. */
export function startOfLondonDay(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(londonMidnightMs(year, month, day)).toISOString();
}

/** A calendar date `days` days on (or back), `2026-12-03` to `2026-12-04`. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A calendar date that exists, `YYYY-MM-DD` (no 30 February). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(0);
  day.setUTCFullYear(y, mo - 1, d);
  return day.getUTCFullYear() === y && day.getUTCMonth() + 1 === mo && day.getUTCDate() === d;
}

export function minutesBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
}

export function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}

/** The first instant strictly after `now` at which London's clocks read `hour`:00 on the 1st of a month. */
export function nextLondonMonthStart(now: Date, hour: number): Date {
  let at = london(now).set({ day: 1, hour, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() <= now.getTime()) at = at.plus({ months: 1 }).set({ hour });
  return at.toJSDate();
}

/** The first instant strictly after `now` at which London's clocks read `hour`:00. */
export function nextLondonTime(now: Date, hour: number): Date {
  const here = london(now);
  let at = here.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (at.toMillis() <= now.getTime()) at = at.plus({ days: 1 }).set({ hour });
  return at.toJSDate();
}
