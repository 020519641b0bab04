import { createHash, randomBytes } from 'node:crypto';
import ical from 'ical-generator';
import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ForbiddenError, NotFoundError, ServiceUnavailableError } from '../domain/errors';
import { clockDate, clockTime, instantMs, londonClock, ZONE } from '../domain/time';
import type { Booking, Clinician, Practice, Shift } from '../domain/types';
import { roleLabel } from '../notify/templates';
import { type CalendarFeed, CalendarFeedRepository } from '../store/calendar-feeds';
import { AGAIN, type RetryPolicy, retry } from '../store/retry';
import { found } from './access';

/** Europe/London's rules (GMT, and BST from the last Sunday of March to the last Sunday of October, 01:00 UTC). */
const LONDON_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

const LOOK_BACK_DAYS = 90;

/** The calendar is the admin's or the clinician's own: another clinician of the organisation is refused. */
async function ownClinician(
  caller: Caller,
  clinicianId: string,
  deps: Pick<ReadingDeps, 'clinicians'>,
): Promise<Clinician> {
  const clinician = found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  if (caller.role === 'clinician' && caller.clinicianId !== clinicianId) {
    throw new ForbiddenError('A clinician may read only their own calendar');
  }
  return clinician;
}

/** A clinician's confirmed bookings as an iCalendar feed, in London time, for their calendar app to subscribe to. */
export async function clinicianCalendar(
  caller: Caller,
  clinicianId: string,
  deps: Pick<ReadingDeps, 'clock' | 'practices' | 'clinicians' | 'shifts' | 'bookings'>,
): Promise<string> {
  return calendarOf(await ownClinician(caller, clinicianId, deps), deps);
}

async function calendarOf(
  clinician: Clinician,
  deps: Pick<Deps, 'clock' | 'practices' | 'shifts' | 'bookings'>,
): Promise<string> {
  const { orgId, id: clinicianId } = clinician;
  const from = new Date(deps.clock.now().getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString();
  const bookings = [];
  let cursor: string | undefined;
  do {
    const page = await deps.bookings.list(orgId, { clinicianId }, { from }, { limit: 200, cursor });
    bookings.push(...page.items.filter((b) => b.status === 'confirmed'));
    cursor = page.nextCursor;
  } while (cursor);
  const [shifts, practices] = await Promise.all([
    deps.shifts.getMany(
      orgId,
      bookings.map((b) => b.shiftId),
    ),
    deps.practices.getMany(
      orgId,
      bookings.map((b) => b.practiceId),
    ),
  ]);
  return bookingsCalendar(clinician, bookings, shifts, practices);
}

/**
 * The iCalendar text of a clinician's bookings: start and end in London time
 * (TZID, with the zone's rules), DTSTAMP in UTC as RFC 5545 (3.8.7.2) requires.
 */
export function bookingsCalendar(
  clinician: Pick<Clinician, 'name'>,
  bookings: readonly Booking[],
  shifts: ReadonlyMap<string, Pick<Shift, 'role' | 'notes'>>,
  practices: readonly Pick<Practice, 'id' | 'name' | 'address'>[],
): string {
  const practiceById = new Map(practices.map((p) => [p.id, p]));
  const calendar = ical({
    name: `Rota Bank: ${clinician.name}`,
    prodId: { company: 'Rota Bank', product: 'bookings', language: 'EN' },
    timezone: { name: ZONE, generator: () => LONDON_VTIMEZONE },
  });
  const stamps = new Map<string, string>();
  for (const booking of bookings) {
    const shift = shifts.get(booking.shiftId);
    const practice = practiceById.get(booking.practiceId);
    const id = `${booking.id}@rota-bank`;
    stamps.set(id, booking.bookedAt);
    calendar.createEvent({
      id,
      start: londonWallClock(booking.start),
      end: londonWallClock(booking.end),
      timezone: ZONE,
      stamp: new Date(booking.bookedAt),
      summary: `${shift ? roleLabel(shift.role) : 'Bank'} shift at ${practice?.name ?? 'practice'}`,
      location: practice?.address ?? practice?.name,
      description: shift?.notes,
    });
  }
  return endLines(utcStamps(calendar.toString(), stamps));
}

/** RFC 5545 §3.1: every content line ends with CRLF, the last (`END:VCALENDAR`) too, which ical-generator leaves bare. */
function endLines(ics: string): string {
  return ics.endsWith('\r\n') ? ics : `${ics}\r\n`;
}

/**
 * The London wall clock of an instant, `2026-07-01T09:00:00`: text without an
 * offset, which ical-generator writes as it is after `TZID=Europe/London`
 * (a Date it would write in UTC's wall clock under the London TZID).
 */
function londonWallClock(instant: string): string {
  const c = londonClock(instantMs(instant));
  return `${clockDate(c)}T${clockTime(c)}:${String(c.second).padStart(2, '0')}`;
}

/**
 * ical-generator writes DTSTAMP in the calendar's zone, without the `Z`, once
 * the calendar has one; each event's is written again in UTC.
 */
function utcStamps(ics: string, stamps: ReadonlyMap<string, string>): string {
  return ics.replace(/BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT/g, (event) => {
    const at = stamps.get(/^UID:(.*)$/m.exec(event)?.[1] ?? '');
    if (!at) return event;
    const utc = new Date(at)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    return event.replace(/^DTSTAMP[:;].*$/m, `DTSTAMP:${utc}`);
  });
}

// ---------------------------------------------------------------- the subscription address

/**
 * A calendar app cannot send a bearer token, so a subscription is a secret
 * address: 256 random bits in the path, which the clinician (or an admin)
 * can replace at any time, and the old address stops working at once.
 */
const TOKEN_BYTES = 32;
const FEED_PATH = (token: string) => `/calendar-feeds/${token}/calendar.ics`;
const NO_FEED = 'No calendar at this address';

export const hashFeedToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export interface CalendarFeedView {
  /** Absolute https (or, locally, http) address of the feed. */
  url: string;
  /** The same address for calendar apps that subscribe on a `webcal:` link. */
  webcalUrl: string;
  createdAt: string;
}

/** `origin`: where the API is reached, e.g. `https://abc.execute-api.eu-west-2.amazonaws.com`. */
export function feedView(feed: CalendarFeed, origin: string): CalendarFeedView {
  const url = `${origin.replace(/\/$/, '')}${FEED_PATH(feed.token)}`;
  return { url, webcalUrl: url.replace(/^https?:/, 'webcal:'), createdAt: feed.createdAt };
}

const feeds = (deps: Pick<Deps, 'db' | 'table'>) => new CalendarFeedRepository(deps.db, deps.table);

/** The clinician's current subscription, if one was ever issued. */
export async function currentCalendarFeed(
  caller: Caller,
  clinicianId: string,
  deps: Pick<ReadingDeps, 'db' | 'table' | 'clinicians'>,
): Promise<CalendarFeed | undefined> {
  await ownClinician(caller, clinicianId, deps);
  return feeds(deps).current(caller.orgId, clinicianId);
}

/**
 * Another rotation landing between the read and the write: read again after
 * a jittered pause, so a burst of rotations spreads out and each one lands.
 */
const rotationRetry = (random: () => number): RetryPolicy => ({ attempts: 12, baseMs: 10, capMs: 160, random });

/** Issues a new subscription address, retiring the one before (if any). */
export async function issueCalendarFeed(
  caller: Caller,
  clinicianId: string,
  deps: Pick<ReadingDeps, 'db' | 'table' | 'clock' | 'clinicians' | 'random'>,
): Promise<CalendarFeed> {
  await ownClinician(caller, clinicianId, deps);
  const repo = feeds(deps);
  return retry(
    rotationRetry(deps.random),
    async () => {
      const previous = await repo.current(caller.orgId, clinicianId);
      const token = randomBytes(TOKEN_BYTES).toString('base64url');
      const feed: CalendarFeed = {
        orgId: caller.orgId,
        clinicianId,
        token,
        tokenHash: hashFeedToken(token),
        createdAt: deps.clock.now().toISOString(),
      };
      return (await repo.replace(feed, previous)).kind === 'replaced' ? feed : AGAIN;
    },
    () => new ServiceUnavailableError('The calendar address is being replaced by another request; try again'),
  );
}

/**
 * The calendar behind a subscription address, for anyone holding it. An
 * unknown, malformed or replaced token, or a disabled clinician's, answers
 * exactly as a missing page does.
 */
export async function subscribedCalendar(
  token: string,
  deps: Pick<ReadingDeps, 'db' | 'table' | 'clock' | 'practices' | 'clinicians' | 'shifts' | 'bookings'>,
): Promise<string> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new NotFoundError(NO_FEED);
  const tokenHash = hashFeedToken(token);
  const repo = feeds(deps);
  const owner = await repo.owner(tokenHash);
  if (!owner) throw new NotFoundError(NO_FEED);
  // The lookup is deleted on rotation; checking the clinician's current feed as well costs one read and leaves no doubt.
  const [current, clinician] = await Promise.all([
    repo.current(owner.orgId, owner.clinicianId),
    deps.clinicians.get(owner.orgId, owner.clinicianId),
  ]);
  // A disabled clinician's address stops with their sign-in: it would go on showing where they are booked.
  if (!clinician || clinician.status === 'disabled' || current?.tokenHash !== tokenHash) {
    throw new NotFoundError(NO_FEED);
  }
  return calendarOf(clinician, deps);
}
