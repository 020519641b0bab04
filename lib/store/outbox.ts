import type { OutboxMessage } from '../domain/types';

/** Outbox items live a week: long enough for any retry, short enough not to pile up. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A fan-out outbox record names an audience instead of one recipient; the
 * relay expands it when it publishes. A booking thereby tells every other
 * offeree "now filled" without the booking transaction growing with them.
 */
export interface FanOut {
  kind: 'shift-filled' | 'shift-cancelled';
  shiftId: string;
  /** The opening of the shift whose offerees are meant. */
  round: number;
  /** Offerees to leave out (the clinician who booked). */
  exceptClinicianIds: string[];
}

/**
 * What a booking leaves for the relay to finish, so the booking transaction
 * holds only what must change together: the "booked" line of the shift's
 * audit, the freeing of the offer's reply code, and the reminder the day before.
 * Each is idempotent, because the stream may deliver the record more than once.
 */
export interface Booked {
  bookingId: string;
  shiftId: string;
  offerId: string;
  clinicianId: string;
  code: string;
  start: string;
  actor: string;
  via: 'sms' | 'web';
  at: string;
}

export type OutboxRecord =
  | (OutboxMessage & { fanOut?: undefined })
  | (Omit<OutboxMessage, 'to' | 'body' | 'channel'> & {
      fanOut: FanOut;
      booked?: Booked;
    });

export function outboxKey(orgId: string, id: string) {
  return { PK: `ORG#${orgId}#OUTBOX#${id}`, SK: 'OUTBOX' };
}

/** The item to put in the same transaction as the change it reports. */
export function outboxItem(record: OutboxRecord, nowMs: number): Record<string, unknown> {
  return {
    ...outboxKey(record.orgId, record.id),
    type: 'OUTBOX',
    ttl: Math.floor(nowMs / 1000) + OUTBOX_TTL_SECONDS,
    ...record,
  };
}

export function isOutboxItem(item: Record<string, unknown> | undefined): boolean {
  return item?.type === 'OUTBOX';
}

/**
 * The stream records the outbox consumer wants, as a Lambda event-source
 * filter pattern: the CDK event source mapping uses it as is, and the local
 * stream pump reads it through `matchesOutboxFilter`.
 */
export const OUTBOX_STREAM_FILTER = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { type: { S: ['OUTBOX'] } } },
};

/**
 * The part of Lambda's filter-pattern language the house uses: objects nest,
 * and an array lists the values a leaf may take.
 */
export function matchesFilterPattern(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((allowed) => allowed === value);
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, inner]) =>
      matchesFilterPattern(inner, (value as Record<string, unknown>)[key]),
    );
  }
  return pattern === value;
}

export function matchesOutboxFilter(record: unknown): boolean {
  return matchesFilterPattern(OUTBOX_STREAM_FILTER, record);
}
