import { DateTime } from 'luxon';

/** Every wall clock in the product is London's. */
export const ZONE = 'Europe/London';

const OFFSET_RE = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * Reads an instant as the contract allows: with an offset (`…Z`, `…+01:00`) it
 * is that instant; without, it is London wall-clock time. Returns the UTC ISO
 * string, or undefined when the text is no instant, or names a London wall
 * clock that does not exist (01:30 on the day the clocks go forward).
 * An ambiguous wall clock (01:30 on the day they go back) takes the earlier,
 * summer-time reading.
 */
export function parseInstant(text: string): string | undefined {
  if (OFFSET_RE.test(text)) {
    const dt = DateTime.fromISO(text, { setZone: true });
    return dt.isValid ? dt.toUTC().toISO() : undefined;
  }
  if (!LOCAL_RE.test(text)) return undefined;
  const dt = DateTime.fromISO(text, { zone: ZONE });
  if (!dt.isValid) return undefined;
  // Luxon shifts a non-existent wall clock forward; refuse it instead.
  const wall = DateTime.fromISO(text, { zone: 'UTC' });
  if (dt.hour !== wall.hour || dt.minute !== wall.minute) return undefined;
  return dt.toUTC().toISO() ?? undefined;
}

/** London wall clock of a UTC instant, `2026-12-03T08:30`. */
export function toLocal(instant: string | Date): string {
  return london(instant).toFormat("yyyy-LL-dd'T'HH:mm");
}

/** London calendar date of an instant, `2026-12-03`. */
export function londonDate(instant: string | Date): string {
  return london(instant).toISODate()!;
}

export function london(instant: string | Date): DateTime {
  const dt = typeof instant === 'string' ? DateTime.fromISO(instant, { zone: 'UTC' }) : DateTime.fromJSDate(instant);
  return dt.setZone(ZONE);
}

/** Start of a London day as a UTC instant. */
export function startOfLondonDay(date: string): string {
  return DateTime.fromISO(date, { zone: ZONE }).startOf('day').toUTC().toISO()!;
}

export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text).isValid;
}

export function minutesBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / 60_000);
}

export function addMinutes(instant: string, minutes: number): string {
  return new Date(Date.parse(instant) + minutes * 60_000).toISOString();
}
