import ical from 'ical-generator';
import { DateTime } from 'luxon';
import type { Deps } from '../deps';
import { ForbiddenError } from '../domain/errors';
import { ZONE } from '../domain/time';
import type { Caller } from '../http/caller';
import { roleLabel } from '../notify/templates';
import { getShifts } from '../store/offers';
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

/** A clinician's confirmed bookings as an iCalendar feed, in London time, for their calendar app to subscribe to. */
export async function clinicianCalendar(caller: Caller, clinicianId: string, deps: Deps): Promise<string> {
  const clinician = found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  if (caller.role === 'clinician' && caller.clinicianId !== clinicianId) {
    throw new ForbiddenError('A clinician may read only their own calendar');
  }
  const from = new Date(deps.clock.now().getTime() - LOOK_BACK_DAYS * 86_400_000).toISOString();
  const bookings = [];
  let cursor: string | undefined;
  do {
    const page = await deps.bookings.list(caller.orgId, { clinicianId }, { from }, { limit: 200, cursor });
    bookings.push(...page.items.filter((b) => b.status === 'confirmed'));
    cursor = page.nextCursor;
  } while (cursor);
  const [shifts, practices] = await Promise.all([
    getShifts(
      deps.db,
      deps.table,
      caller.orgId,
      bookings.map((b) => b.shiftId),
    ),
    deps.practices.list(caller.orgId),
  ]);
  const practiceById = new Map(practices.map((p) => [p.id, p]));
  const calendar = ical({
    name: `Rota Bank: ${clinician.name}`,
    prodId: { company: 'Rota Bank', product: 'bookings', language: 'EN' },
    timezone: { name: ZONE, generator: () => LONDON_VTIMEZONE },
  });
  const london = (instant: string) => DateTime.fromISO(instant, { zone: 'utc' }).setZone(ZONE);
  for (const booking of bookings) {
    const shift = shifts.get(booking.shiftId);
    const practice = practiceById.get(booking.practiceId);
    calendar.createEvent({
      id: `${booking.id}@rota-bank`,
      start: london(booking.start),
      end: london(booking.end),
      timezone: ZONE,
      stamp: london(booking.bookedAt),
      summary: `${shift ? roleLabel(shift.role) : 'Bank'} shift at ${practice?.name ?? 'practice'}`,
      location: practice?.address ?? practice?.name,
      description: shift?.notes,
    });
  }
  return calendar.toString();
}
