import { describe, expect, it } from 'vitest';
import type { Booking } from '../../lib/domain/types';
import { bookingsCalendar } from '../../lib/use-cases/calendar';

const booking = (id: string, start: string, end: string, bookedAt: string): Booking => ({
  orgId: 'org-a',
  id,
  shiftId: `shift-${id}`,
  clinicianId: 'c1',
  practiceId: 'p1',
  status: 'confirmed',
  bookedAt,
  start,
  end,
});
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const eventOf = (ics: string, id: string) =>
  /BEGIN:VEVENT\r\n[\s\S]*?END:VEVENT/g[Symbol.match](unfold(ics))?.find((e) => e.includes(`UID:${id}@rota-bank`)) ??
  '';

describe('bookingsCalendar: the iCalendar of a clinician’s bookings', () => {
  const ics = bookingsCalendar(
    { name: 'Dr Asha Patel' },
    [
      // Summer (BST, UTC+1), winter (GMT), and a night across the October change (01:00 BST happens twice).
      booking('summer', '2026-07-01T07:00:00.000Z', '2026-07-01T11:10:00.000Z', '2026-06-20T12:34:56.000Z'),
      booking('winter', '2026-12-07T09:00:00.000Z', '2026-12-07T13:10:00.000Z', '2026-12-01T08:00:00.000Z'),
      booking('night', '2026-10-24T20:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-01T08:00:00.000Z'),
    ],
    new Map([
      ['shift-summer', { role: 'gp' }],
      ['shift-winter', { role: 'practice-nurse', notes: 'Baby clinic' }],
    ]),
    [{ id: 'p1', name: 'Hendford Lodge Medical Centre', address: '74 Hendford, Yeovil BA20 1UJ' }],
  );

  it('writes each start and end as London wall clock under TZID=Europe/London, whatever the season', () => {
    expect(eventOf(ics, 'summer')).toContain('DTSTART;TZID=Europe/London:20260701T080000');
    expect(eventOf(ics, 'summer')).toContain('DTEND;TZID=Europe/London:20260701T121000');
    expect(eventOf(ics, 'winter')).toContain('DTSTART;TZID=Europe/London:20261207T090000');
    expect(eventOf(ics, 'winter')).toContain('DTEND;TZID=Europe/London:20261207T131000');
    // 20:00Z on the Saturday is 21:00 BST; 07:00Z on the Sunday is 07:00 GMT, the clocks gone back in between.
    expect(eventOf(ics, 'night')).toContain('DTSTART;TZID=Europe/London:20261024T210000');
    expect(eventOf(ics, 'night')).toContain('DTEND;TZID=Europe/London:20261025T070000');
  });

  it('stamps each event in UTC, and carries the London zone the TZIDs name', () => {
    expect(eventOf(ics, 'summer')).toContain('DTSTAMP:20260620T123456Z');
    expect(unfold(ics)).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/London[\s\S]*TZOFFSETTO:\+0100[\s\S]*END:VTIMEZONE/);
    expect(eventOf(ics, 'winter')).toContain('SUMMARY:Practice nurse shift at Hendford Lodge Medical Centre');
    expect(eventOf(ics, 'winter')).toContain('DESCRIPTION:Baby clinic');
  });
});
