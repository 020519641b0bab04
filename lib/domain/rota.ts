/**
 * Pure rules of the rota: which dates a bulk post names, and the UTC span of
 * a template's session on a London date (none when the clocks skip it).
 */
import { addDays, isIsoDate, parseInstant } from './time';
import { WEEKDAYS, type Weekday } from './types';

export interface TemplateSession {
  /** London wall clock, `08:00`. */
  from: string;
  /** London wall clock; at or before `from` means the next day (a night). */
  to: string;
  breakMinutes: number;
}

/** A bulk post makes at most this many shifts (the schema and the use case both hold it to this). */
export const MAX_BULK_SHIFTS = 200;

/** 1 Monday to 7 Sunday of a calendar date, `2027-01-04` is a Monday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[isoWeekday(date) - 1]!;
}

/** Whole days from one calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Every date from `from` to `to` inclusive that falls on one of `days`, in order. */
export function datesOnWeekdays(from: string, to: string, days: readonly Weekday[]): string[] {
  const wanted = new Set(days);
  const out: string[] = [];
  const span = daysBetween(from, to);
  for (let i = 0; i <= span; i++) {
    const date = addDays(from, i);
    if (wanted.has(weekdayOf(date))) out.push(date);
  }
  return out;
}

/** Dates as a bulk post names them, each once and in order. */
export function distinctDates(dates: readonly string[]): string[] {
  return [...new Set(dates)].filter(isIsoDate).sort();
}

export type SessionSpan = { start: string; end: string } | { skip: 'CLOCK_CHANGE' };

/**
 * The UTC start and end of a session worked on a London date. A wall clock
 * the clocks skip (01:30 on the last Sunday of March) names no instant, so
 * that session cannot be posted; one they repeat reads as GMT, as everywhere.
 */
export function sessionSpan(date: string, session: Pick<TemplateSession, 'from' | 'to'>): SessionSpan {
  const endDate = session.to <= session.from ? addDays(date, 1) : date;
  const start = parseInstant(`${date}T${session.from}`);
  const end = parseInstant(`${endDate}T${session.to === '24:00' ? '00:00' : session.to}`);
  if (!start || !end) return { skip: 'CLOCK_CHANGE' };
  const realEnd = session.to === '24:00' ? parseInstant(`${addDays(endDate, 1)}T00:00`)! : end;
  return { start, end: realEnd };
}
