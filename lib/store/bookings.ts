import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BookedInterval, Booking, Clinician, Offer, OutboxMessage, Timesheet } from '../domain/types';
import { auditItem } from './audit';
import * as keys from './keys';
import { INDEX } from './keys';
import { type Booked, type BookingConfirmation, outboxItem } from './outbox';
import { type Page, type PageRequest, queryPage } from './page';
import { chunks, toRecord } from './records';
import { drain, type RetryPolicy } from './retry';
import { timesheetItem } from './timesheets';
import { type TransactItem, transact } from './transact';

/** Unprocessed keys of a batch read are asked for again: DynamoDB leaves some only under load. */
const BATCH_READ: RetryPolicy = { attempts: 10, baseMs: 20, capMs: 500, random: Math.random };

/** A clinician's diary as stored: confirmed bookings near now, and the version every booking write checks. */
export interface Diary {
  bookings: BookedInterval[];
  version: number;
}

export function bookingItem(b: Booking): Record<string, unknown> {
  return {
    ...keys.booking(b.orgId, b.id),
    ...keys.bookingsOfClinician(b.orgId, b.clinicianId, b.start, b.id),
    ...keys.bookingsOfPractice(b.orgId, b.practiceId, b.start, b.id),
    ...keys.bookingsOfOrg(b.orgId, b.start, b.id),
    type: 'BOOKING',
    ...b,
  };
}

/**
 * The diary write that every booking change makes: only if the diary is as it
 * was read (`version` 0: none was), so two changes can never both pass the
 * clash and rest checks against the same diary.
 */
export function diaryWrite(orgId: string, clinicianId: string, diary: Diary): TransactItem<'diary'> {
  const { bookings, version } = diary;
  return {
    name: 'diary',
    put: {
      Item: { ...keys.diary(orgId, clinicianId), type: 'DIARY', orgId, clinicianId, bookings, version: version + 1 },
      ConditionExpression: version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
      ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
    },
  };
}

/** How a confirmed booking becomes cancelled. */
export interface BookingCancellation {
  at: string;
  by: string;
  reason: string;
  /** A clinician's cancellation inside the late window. */
  late?: boolean;
  /** The timesheet that pays the clinician's late-cancellation fee. */
  feeTimesheetId?: string;
}

/** A confirmed booking becomes cancelled, only if it is still confirmed. */
export function bookingCancelWrite(
  orgId: string,
  bookingId: string,
  change: BookingCancellation,
): TransactItem<'booking'> {
  const late = change.late === undefined ? {} : { ':late': change.late };
  const fee = change.feeTimesheetId === undefined ? {} : { ':fee': change.feeTimesheetId };
  return {
    name: 'booking',
    update: {
      Key: keys.booking(orgId, bookingId),
      UpdateExpression: `SET #status = :cancelled, cancelledAt = :at, cancelledBy = :by, cancelReason = :reason${change.late === undefined ? '' : ', late = :late'}${change.feeTimesheetId === undefined ? '' : ', timesheetId = :fee'}`,
      ConditionExpression: '#status = :confirmed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':cancelled': 'cancelled',
        ':confirmed': 'confirmed',
        ':at': change.at,
        ':by': change.by,
        ':reason': change.reason,
        ...late,
        ...fee,
      },
    },
  };
}

export interface CancelBookingInput {
  booking: Booking;
  change: BookingCancellation;
  /** The shift reopens in a new round, only if it is still filled by this booking. */
  reopen: { shift: { orgId: string; id: string; start: string }; round: number; excludedClinicianIds: string[] };
  /** The clinician's diary without the booking, with the version it was read at. */
  diary: Diary;
  audit: { id: string; actor: string; detail: Record<string, unknown> };
  messages: readonly OutboxMessage[];
  /** Counts a late cancellation on the clinician's profile. */
  countLate: boolean;
  /** The practice's late cancellation: the fee owed to the clinician, as an approved timesheet, and its audit line's id. */
  fee?: { timesheet: Timesheet; auditId: string };
  nowMs: number;
}

/** A change read before it was written found something moved (the named items); read again and rebuild it. */
export type ChangeOutcome<K extends string> = { kind: K } | { kind: 'moved'; moved: string[] };

/**
 * What a booking attempt came to: booked; the shift no longer open in that
 * round (someone else won, or this very accept on an earlier try); the diary
 * changed since it was read; or (booked by text) that text answered already.
 */
export type BookOutcome =
  | { kind: 'booked' }
  | { kind: 'shift-taken' }
  | { kind: 'diary-moved' }
  | { kind: 'text-answered' };

export interface BookInput {
  booking: Booking;
  /** The shift's round the offer was made in: the booking stands only if the shift is still open in it. */
  round: number;
  confirm: BookingConfirmation;
  /** The clinician's diary as it is to be, with the version it was read at. */
  diary: Diary;
  /** The reply to the text that booked it, kept under the text's id. */
  smsReply?: OutboxMessage;
  nowMs: number;
}

export class BookingRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(orgId: string, id: string): Promise<Booking | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.booking(orgId, id), ConsistentRead: true }),
    );
    return out.Item ? toRecord<Booking>(out.Item) : undefined;
  }

  /** What an accept needs, in one consistent BatchGetItem: the offer, the clinician and their diary. */
  async forAccept(orgId: string, offerId: string, clinicianId: string | undefined) {
    const wanted: Record<string, unknown>[] = [
      keys.offer(orgId, offerId),
      ...(clinicianId ? [keys.clinician(orgId, clinicianId), keys.diary(orgId, clinicianId)] : []),
    ];
    const items: Record<string, unknown>[] = [];
    await drain(BATCH_READ, wanted, async (pending) => {
      const out: BatchGetCommandOutput = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(out.Responses?.[this.table] ?? []));
      return out.UnprocessedKeys?.[this.table]?.Keys;
    });
    const bySk = (sk: string) => items.find((i) => i.SK === sk);
    const offer = bySk('OFFER');
    const profile = bySk('PROFILE');
    const diary = bySk('DIARY');
    return {
      offer: offer ? toRecord<Offer>(offer) : undefined,
      clinician: profile ? toRecord<Clinician>(profile) : undefined,
      diary: {
        bookings: (diary?.bookings as BookedInterval[] | undefined) ?? [],
        version: Number(diary?.version ?? 0),
      },
    };
  }

  /**
   * The booking transaction: the shift from open to filled (only if open in
   * the offer's round), the diary (only if unchanged), and the booking, whose
   * INSERT on the stream is also its outbox record (`bookingOutboxRecord`):
   * three items, plus the text's reply when booked by text.
   */
  async book(input: BookInput): Promise<BookOutcome> {
    const { booking, round, diary, smsReply } = input;
    const items: TransactItem<'shift' | 'diary' | 'booking' | 'sms-reply'>[] = [
      {
        name: 'shift',
        update: {
          Key: keys.shift(booking.orgId, booking.shiftId),
          UpdateExpression: `SET #status = :filled, booking = :booking, filledAt = :at REMOVE ${INDEX.openShifts.partitionKey}, ${INDEX.openShifts.sortKey}`,
          ConditionExpression: '#status = :open AND (attribute_not_exists(round) OR round = :round)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':filled': 'filled',
            ':open': 'open',
            ':booking': { id: booking.id, clinicianId: booking.clinicianId },
            ':at': booking.bookedAt,
            ':round': round,
          },
        },
      },
      diaryWrite(booking.orgId, booking.clinicianId, diary),
      {
        name: 'booking',
        put: {
          Item: { ...bookingItem(booking), confirm: input.confirm },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ];
    if (smsReply) {
      items.push({
        name: 'sms-reply',
        put: { Item: outboxItem(smsReply, input.nowMs), ConditionExpression: 'attribute_not_exists(PK)' },
      });
    }
    const out = await transact(this.db, this.table, items);
    if (out.ok) return { kind: 'booked' };
    // The shift decides first: a lost race reads as taken even if the diary moved with it.
    if (out.failed.includes('shift')) return { kind: 'shift-taken' };
    if (out.failed.includes('diary')) return { kind: 'diary-moved' };
    return { kind: 'text-answered' };
  }

  /**
   * What the relay finishes for a booking: the offer marked accepted, the
   * shift's "booked" audit line (its id is the booking's), and the offer's
   * reply code freed if it is still this offer's. Safe to repeat.
   */
  async settle(orgId: string, booked: Booked): Promise<void> {
    const { bookingId, clinicianId, offerId, via } = booked;
    const audit: TransactItem<'audit'> = {
      name: 'audit',
      put: {
        Item: auditItem(orgId, booked.shiftId, {
          id: bookingId,
          at: booked.at,
          actor: booked.actor,
          action: 'booked',
          detail: { bookingId, clinicianId, offerId, via },
        }),
      },
    };
    // Unconditional but for existing: a decline or expiry that slipped in between the accept's read and its write
    // loses to the booking, which stands.
    const offerAccepted: TransactItem<'offer'> = {
      name: 'offer',
      update: {
        Key: keys.offer(orgId, offerId),
        UpdateExpression: `SET #status = :accepted, bookingId = :bid, decidedAt = :at REMOVE ${INDEX.liveOffersByCode.partitionKey}, ${INDEX.liveOffersByCode.sortKey}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':accepted': 'accepted', ':bid': bookingId, ':at': booked.at },
      },
    };
    const freeCode: TransactItem<'code'> = {
      name: 'code',
      delete: {
        Key: keys.offerCode(orgId, clinicianId, booked.code),
        ConditionExpression: 'attribute_not_exists(PK) OR offerId = :oid',
        ExpressionAttributeValues: { ':oid': offerId },
      },
    };
    const out = await transact(this.db, this.table, [audit, offerAccepted, freeCode]);
    if (out.ok) return;
    // The code already guards a later offer, which is not ours to free: the rest goes in without it.
    if (!out.failed.every((n) => n === 'code')) throw new Error(`Settling booking ${bookingId}: ${out.failed} moved`);
    const rest = await transact(this.db, this.table, [audit, offerAccepted]);
    if (!rest.ok) throw new Error(`Settling booking ${bookingId}: the offer is gone`);
  }

  /**
   * A booking is cancelled: the booking, its shift reopened for a new round,
   * the diary without it, the shift's audit line and the messages telling
   * both sides, all or nothing. A late cancellation bumps the profile's
   * version too, so a concurrent profile edit read before it fails rather
   * than undo the count.
   */
  async cancel(input: CancelBookingInput): Promise<ChangeOutcome<'cancelled'>> {
    const { booking, reopen, nowMs } = input;
    const open = keys.openShifts(reopen.shift.orgId, reopen.shift.start, reopen.shift.id);
    const fee = input.fee;
    const items: TransactItem[] = [
      bookingCancelWrite(booking.orgId, booking.id, {
        ...input.change,
        ...(fee ? { feeTimesheetId: fee.timesheet.id } : {}),
      }),
      {
        name: 'shift',
        update: {
          Key: keys.shift(reopen.shift.orgId, reopen.shift.id),
          UpdateExpression: `SET #status = :open, round = :round, ${INDEX.openShifts.partitionKey} = :gpk, ${INDEX.openShifts.sortKey} = :gsk, excludedClinicianIds = :excluded REMOVE booking, filledAt`,
          ConditionExpression: '#status = :filled AND booking.id = :bid',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':open': 'open',
            ':filled': 'filled',
            ':bid': booking.id,
            ':round': reopen.round,
            ':excluded': reopen.excludedClinicianIds,
            ':gpk': open.GSI3PK,
            ':gsk': open.GSI3SK,
          },
        },
      },
      diaryWrite(booking.orgId, booking.clinicianId, input.diary),
      {
        name: 'audit',
        put: {
          Item: auditItem(reopen.shift.orgId, reopen.shift.id, {
            ...input.audit,
            at: input.change.at,
            action: 'booking-cancelled',
          }),
        },
      },
      ...input.messages.map((m): TransactItem => ({ name: 'message', put: { Item: outboxItem(m, nowMs) } })),
    ];
    if (fee) {
      items.push(
        { name: 'fee', put: { Item: timesheetItem(fee.timesheet), ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          name: 'audit',
          put: {
            Item: auditItem(reopen.shift.orgId, reopen.shift.id, {
              id: fee.auditId,
              at: input.change.at,
              actor: input.change.by,
              action: 'late-cancellation-fee',
              detail: {
                timesheetId: fee.timesheet.id,
                feePence: fee.timesheet.grossPence,
                clinicianId: booking.clinicianId,
              },
            }),
          },
        },
      );
    }
    if (input.countLate) {
      items.push({
        name: 'clinician',
        update: {
          Key: keys.clinician(booking.orgId, booking.clinicianId),
          UpdateExpression: 'ADD lateCancellations :one, version :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      });
    }
    const out = await transact(this.db, this.table, items);
    return out.ok ? { kind: 'cancelled' } : { kind: 'moved', moved: out.failed };
  }

  async diary(orgId: string, clinicianId: string): Promise<Diary> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.diary(orgId, clinicianId), ConsistentRead: true }),
    );
    return {
      bookings: (out.Item?.bookings as BookedInterval[] | undefined) ?? [],
      version: Number(out.Item?.version ?? 0),
    };
  }

  /**
   * Several clinicians' diaries at once, for matching: BatchGetItem, 100 keys a
   * request, the requests in parallel, so the cost follows the clinicians asked
   * about and never the rest of the organisation's bookings. Eventually
   * consistent, like the index it replaces: the accept re-reads the diary
   * consistently before it books. A clinician with no diary has no bookings.
   */
  async diaries(orgId: string, clinicianIds: readonly string[]) {
    const diaries = new Map<string, BookedInterval[]>();
    let requests = 0;
    await Promise.all(
      chunks([...new Set(clinicianIds)], 100).map(async (batch) => {
        const idOf = new Map(batch.map((id) => [keys.diary(orgId, id).PK, id]));
        await drain(
          BATCH_READ,
          batch.map((id): Record<string, unknown> => keys.diary(orgId, id)),
          async (pending) => {
            requests++;
            const out: BatchGetCommandOutput = await this.db.send(
              new BatchGetCommand({
                RequestItems: { [this.table]: { Keys: pending, ProjectionExpression: 'PK, bookings' } },
              }),
            );
            for (const item of out.Responses?.[this.table] ?? []) {
              const id = idOf.get(String(item.PK));
              if (id) diaries.set(id, (item.bookings as BookedInterval[] | undefined) ?? []);
            }
            return out.UnprocessedKeys?.[this.table]?.Keys;
          },
        );
      }),
    );
    return { diaries, requests };
  }

  async list(
    orgId: string,
    scope: { clinicianId?: string; practiceId?: string },
    range: { from?: string; to?: string },
    page: PageRequest,
  ): Promise<Page<Booking>> {
    const [{ name: index, partitionKey: pkAttr, sortKey: skAttr }, partition] = scope.clinicianId
      ? [INDEX.bookingsByClinician, keys.bookingsOfClinicianPartition(orgId, scope.clinicianId)]
      : scope.practiceId
        ? [INDEX.bookingsByPractice, keys.bookingsOfPracticePartition(orgId, scope.practiceId)]
        : [INDEX.bookingsByOrg, keys.bookingsOfOrgPartition(orgId)];
    const values: Record<string, unknown> = { ':pk': partition };
    let condition = `${pkAttr} = :pk`;
    if (range.from && range.to) {
      if (range.from > range.to) return { items: [] };
      condition += ` AND ${skAttr} BETWEEN :from AND :to`;
      values[':from'] = range.from;
      values[':to'] = range.to;
    } else if (range.from) {
      condition += ` AND ${skAttr} >= :from`;
      values[':from'] = range.from;
    } else if (range.to) {
      condition += ` AND ${skAttr} < :to`;
      values[':to'] = range.to;
    }
    return queryPage(
      this.db,
      {
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        partitionAttribute: pkAttr,
        partition,
      },
      page,
      (i) => toRecord<Booking>(i),
    );
  }

  async getMany(orgId: string, ids: readonly string[]): Promise<Booking[]> {
    const found = new Map<string, Booking>();
    for (const batch of chunks([...new Set(ids)], 100)) {
      const out = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: batch.map((id) => keys.booking(orgId, id)) } } }),
      );
      for (const item of out.Responses?.[this.table] ?? []) found.set(String(item.id), toRecord<Booking>(item));
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }
}
