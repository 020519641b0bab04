import { describe, expect, it } from 'vitest';
import { bookingItem } from '../../lib/store/bookings';
import { outboxRecordOf } from '../../lib/store/outbox';
import { toRecord } from '../../lib/store/records';
import { matchesOutboxFilter, matchesOutboxRecordFilter } from '../../lib/store/stream-filters';

const record = (eventName: string, type: string) => ({
  eventName,
  dynamodb: { NewImage: { type: { S: type }, id: { S: 'x-1' } } },
});

const booking = {
  orgId: 'org1',
  id: 'bkg-1',
  shiftId: 'shf-1',
  offerId: 'off-1',
  clinicianId: 'cln-1',
  practiceId: 'prc-1',
  status: 'confirmed' as const,
  bookedAt: '2026-11-22T10:00:00.000Z',
  start: '2026-11-25T08:00:00.000Z',
  end: '2026-11-25T16:00:00.000Z',
};
const confirm = { code: '4821', round: 2, actor: 'usr-cln-1', via: 'sms' as const };

describe('the outbox stream filter', () => {
  it('wakes the relay for a new outbox item and for a new booking, which is its own outbox record', () => {
    expect(matchesOutboxFilter(record('INSERT', 'OUTBOX'))).toBe(true);
    expect(matchesOutboxFilter(record('INSERT', 'BOOKING'))).toBe(true);
  });

  it('lets a booking being cancelled, a relayed record expiring and any other new item pass by', () => {
    expect(matchesOutboxFilter(record('MODIFY', 'BOOKING'))).toBe(false);
    expect(matchesOutboxFilter(record('REMOVE', 'OUTBOX'))).toBe(false);
    expect(matchesOutboxFilter(record('INSERT', 'SHIFT'))).toBe(false);
    expect(matchesOutboxFilter(record('INSERT', 'OFFER'))).toBe(false);
  });

  it('also wakes it for an export asked for or retried, which it hands to the export function, not to the relay', () => {
    const exportRecord = (eventName: string, status: string) => ({
      eventName,
      dynamodb: { NewImage: { type: { S: 'EXPORT' }, status: { S: status }, id: { S: 'exp-1' } } },
    });
    expect(matchesOutboxFilter(exportRecord('INSERT', 'running'))).toBe(true);
    expect(matchesOutboxFilter(exportRecord('MODIFY', 'running'))).toBe(true);
    expect(matchesOutboxFilter(exportRecord('MODIFY', 'ready'))).toBe(false);
    expect(matchesOutboxRecordFilter(exportRecord('INSERT', 'running'))).toBe(false);
    expect(matchesOutboxRecordFilter(record('INSERT', 'OUTBOX'))).toBe(true);
    // An export run's lease is an item of its own: keeping it every few seconds wakes nothing.
    expect(matchesOutboxFilter(record('INSERT', 'EXPORT_RUN'))).toBe(false);
  });
});

describe('the outbox record a booking stands for', () => {
  it('names the confirmations, the "now filled" fan-out of its round and what settling the booking needs', () => {
    expect(outboxRecordOf({ ...bookingItem(booking), confirm })).toEqual({
      orgId: 'org1',
      id: 'booked-bkg-1',
      kind: 'booking-confirmed',
      createdAt: booking.bookedAt,
      fanOut: { kind: 'shift-filled', shiftId: 'shf-1', round: 2, exceptClinicianIds: ['cln-1'] },
      booked: {
        bookingId: 'bkg-1',
        shiftId: 'shf-1',
        offerId: 'off-1',
        clinicianId: 'cln-1',
        code: '4821',
        start: booking.start,
        actor: 'usr-cln-1',
        via: 'sms',
        at: booking.bookedAt,
      },
    });
  });

  it('is nothing for a booking written without one, and the booking read back does not carry the note', () => {
    expect(outboxRecordOf(bookingItem(booking))).toBeUndefined();
    expect(toRecord({ ...bookingItem(booking), confirm })).toEqual(booking);
  });
});
