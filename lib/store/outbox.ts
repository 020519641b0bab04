import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Booking, OutboxMessage } from '../domain/types';
import * as keys from './keys';
import { isConditionFailure, toRecord } from './records';

/** Outbox items live a week: long enough for any retry, short enough not to pile up. */
const OUTBOX_TTL_SECONDS = 7 * 24 * 3600;

/**
 * A fan-out outbox record names an audience instead of one recipient; the
 * relay expands it when it publishes. A booking thereby tells every other
 * offeree "now filled" without the booking transaction growing with them.
 */
export interface FanOut {
  /** `rate-raised` tells the live offerees the new rate and leaves their offers live; the others withdraw them. */
  kind: 'shift-filled' | 'shift-cancelled' | 'rate-raised';
  shiftId: string;
  /** The opening of the shift whose offerees are meant. */
  round: number;
  /** Offerees to leave out (the clinician who booked). */
  exceptClinicianIds: string[];
}

/**
 * What a booking leaves for the relay to finish, so the booking transaction
 * holds only what must change together: the offer marked accepted, the
 * "booked" line of the shift's audit, the freeing of the offer's reply code,
 * and the reminder the day before.
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

export const outboxKey = keys.outbox;

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
 * What a booking's item carries beside the booking so that its INSERT is the
 * booking's outbox record: the accept transaction writes no item of its own
 * for the notifications, and the relay reads this through `outboxRecordOf`.
 */
export interface BookingConfirmation {
  /** The offer's reply code, freed once the booking is settled. */
  code: string;
  /** The opening of the shift whose other offerees are told "now filled". */
  round: number;
  actor: string;
  via: 'sms' | 'web';
}

/** The outbox record a booking's item stands for (its id is the one the separate record had). */
export function bookingOutboxRecord(
  booking: Pick<Booking, 'orgId' | 'id' | 'shiftId' | 'clinicianId' | 'start' | 'bookedAt'> & { offerId: string },
  confirm: BookingConfirmation,
): OutboxRecord {
  return {
    orgId: booking.orgId,
    id: `booked-${booking.id}`,
    kind: 'booking-confirmed',
    createdAt: booking.bookedAt,
    fanOut: {
      kind: 'shift-filled',
      shiftId: booking.shiftId,
      round: confirm.round,
      exceptClinicianIds: [booking.clinicianId],
    },
    booked: {
      bookingId: booking.id,
      shiftId: booking.shiftId,
      offerId: booking.offerId,
      clinicianId: booking.clinicianId,
      code: confirm.code,
      start: booking.start,
      actor: confirm.actor,
      via: confirm.via,
      at: booking.bookedAt,
    },
  };
}

/**
 * The outbox record an item holds, as the relay reads it: an outbox item's
 * own, or the one a new booking stands for. Unchecked: the stream consumer
 * validates what it reads.
 */
export function outboxRecordOf(item: Record<string, unknown>): unknown {
  if (item.type === 'OUTBOX') return toRecord(item);
  if (item.type === 'BOOKING' && item.confirm && typeof item.confirm === 'object') {
    const booking = item as unknown as Parameters<typeof bookingOutboxRecord>[0];
    return bookingOutboxRecord(booking, item.confirm as BookingConfirmation);
  }
  return undefined;
}

/** Outbox writes that stand alone, outside the transaction of a change. */
export class OutboxRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Puts a record unless one with its id is there already: a message whose id
   * is derived from what it is about (a booking's reminder) is sent once
   * however often it is asked for. Says whether this call wrote it.
   */
  async putOnce(record: OutboxRecord, nowMs: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: outboxItem(record, nowMs),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Puts a record whose id is new (nothing else can hold it). */
  async put(record: OutboxRecord, nowMs: number): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.table, Item: outboxItem(record, nowMs) }));
  }

  async get(orgId: string, id: string): Promise<Record<string, unknown> | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.outbox(orgId, id), ConsistentRead: true }),
    );
    return out.Item;
  }
}
