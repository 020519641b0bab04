import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Offer, OutboxMessage, Shift } from '../domain/types';
import { auditItem } from './audit';
import { type Diary, diaryWrite } from './bookings';
import * as keys from './keys';
import { INDEX } from './keys';
import { outboxItem } from './outbox';
import { queryAll } from './page';
import { isConditionFailure, toRecord } from './records';
import { type TransactItem, transact } from './transact';

/** An offer to write, with the text or email that tells its clinician (none when a summary tells them later). */
export interface NewOffer {
  offer: Offer;
  message?: OutboxMessage;
}

/**
 * What writing a batch of offers came to: all written; none, because the
 * shift is no longer open in their round; or none, because some clinicians
 * were offered this round already (named) or a drawn code was held (the
 * rest may be tried again with fresh codes).
 */
export type WriteOffersOutcome =
  | { kind: 'written' }
  | { kind: 'shift-closed' }
  | { kind: 'refused'; offeredAlready: string[] };

/** What moving a live offer to a final status came to. */
export type ReleaseOutcome = { kind: 'released' } | { kind: 'offer-moved' } | { kind: 'diary-moved' };

/** An offer's item: the live-offer index (by code) only while it is live. */
export function offerItem(o: Offer): Record<string, unknown> {
  return {
    ...keys.offer(o.orgId, o.id),
    ...keys.offersOfClinician(o.orgId, o.clinicianId, o.createdAt, o.id),
    ...keys.offersOfShift(o.orgId, o.shiftId, o.clinicianId, o.id),
    ...(o.status === 'live' ? keys.liveOffers(o.orgId, o.clinicianId, o.code) : {}),
    type: 'OFFER',
    ...o,
  };
}

export class OfferRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(orgId: string, id: string): Promise<Offer | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.offer(orgId, id), ConsistentRead: true }),
    );
    return out.Item ? toRecord<Offer>(out.Item) : undefined;
  }

  /**
   * Writes offers of one shift in one transaction that holds only while the
   * shift is open in their round: each offer with its once-per-round guard
   * (one offer per clinician per round) and its reply-code guard (no two live
   * offers of a clinician share a code), and one audit line for them all.
   */
  async write(
    shift: Pick<Shift, 'orgId' | 'id'> & { round: number },
    offers: readonly NewOffer[],
    audit: { id: string; at: string; actor: string; detail: Record<string, unknown> },
    nowMs: number,
  ): Promise<WriteOffersOutcome> {
    const items: TransactItem[] = [
      {
        name: 'shift',
        check: {
          Key: keys.shift(shift.orgId, shift.id),
          ConditionExpression: '#status = :open AND (attribute_not_exists(round) OR round = :round)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':open': 'open', ':round': shift.round },
        },
      },
    ];
    for (const { offer, message } of offers) {
      const who = offer.clinicianId;
      items.push(
        { name: `offer:${who}`, put: { Item: offerItem(offer), ConditionExpression: 'attribute_not_exists(PK)' } },
        {
          name: `once:${who}`,
          put: {
            Item: {
              ...keys.offerOnce(shift.orgId, shift.id, `${shift.round}#${who}`),
              type: 'GUARD',
              offerId: offer.id,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          name: `code:${who}`,
          put: {
            Item: {
              ...keys.offerCode(shift.orgId, who, offer.code),
              type: 'GUARD',
              offerId: offer.id,
              expiresAt: offer.expiresAt,
            },
            ConditionExpression: 'attribute_not_exists(PK) OR expiresAt <= :now',
            ExpressionAttributeValues: { ':now': offer.createdAt },
          },
        },
      );
      if (message) items.push({ name: `message:${who}`, put: { Item: outboxItem(message, nowMs) } });
    }
    items.push({
      name: 'audit',
      put: { Item: auditItem(shift.orgId, shift.id, { ...audit, action: 'offered' }) },
    });
    const out = await transact(this.db, this.table, items);
    if (out.ok) return { kind: 'written' };
    if (out.failed.includes('shift')) return { kind: 'shift-closed' };
    return {
      kind: 'refused',
      offeredAlready: out.failed.flatMap((name) => (name.startsWith('once:') ? [name.slice('once:'.length)] : [])),
    };
  }

  /**
   * Moves a live offer to a final status, frees its reply code (if still its
   * own) and writes the shift's audit line, only if the offer is still live.
   * With `diary`, the clinician's diary is moved on in the same transaction,
   * only if unchanged since it was read: what makes an accept that read the
   * offer as live fail its write (see `declineOffer`).
   */
  async release(
    offer: Offer,
    change: {
      status: 'declined' | 'expired' | 'withdrawn';
      at: string;
      auditId: string;
      actor: string;
      withdrawnBy?: string;
      diary?: Diary;
    },
  ): Promise<ReleaseOutcome> {
    const { status, at, withdrawnBy } = change;
    const live = INDEX.liveOffersByCode;
    const items: TransactItem<'offer' | 'code' | 'audit' | 'diary'>[] = [
      {
        name: 'offer',
        update: {
          Key: keys.offer(offer.orgId, offer.id),
          UpdateExpression: `SET #status = :status, decidedAt = :at${withdrawnBy ? ', withdrawnBy = :by' : ''} REMOVE ${live.partitionKey}, ${live.sortKey}`,
          ConditionExpression: '#status = :live',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':live': 'live',
            ':at': at,
            ...(withdrawnBy ? { ':by': withdrawnBy } : {}),
          },
        },
      },
      {
        name: 'code',
        delete: {
          Key: keys.offerCode(offer.orgId, offer.clinicianId, offer.code),
          ConditionExpression: 'attribute_not_exists(PK) OR offerId = :id',
          ExpressionAttributeValues: { ':id': offer.id },
        },
      },
      {
        name: 'audit',
        put: {
          Item: auditItem(offer.orgId, offer.shiftId, {
            id: change.auditId,
            at,
            actor: change.actor,
            action: `offer-${status}`,
            detail: { offerId: offer.id, clinicianId: offer.clinicianId },
          }),
        },
      },
    ];
    if (change.diary) items.push(diaryWrite(offer.orgId, offer.clinicianId, change.diary));
    const out = await transact(this.db, this.table, items);
    if (out.ok) return { kind: 'released' };
    if (out.failed.includes('offer')) return { kind: 'offer-moved' };
    if (out.failed.includes('diary')) return { kind: 'diary-moved' };
    // The code guard's condition holds whenever the offer is live and its own; anything else is a broken invariant.
    throw new Error(`Releasing offer ${offer.id}: ${out.failed.join(', ')} failed`);
  }

  /**
   * Brings a live offer's copy of the shift up to a raised rate, so an accept
   * quotes (and confirms) the rate now offered; never lowers it.
   */
  async raiseQuotedRate(offer: Pick<Offer, 'orgId' | 'id'>, hourlyRatePence: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.offer(offer.orgId, offer.id),
          UpdateExpression: 'SET summary.hourlyRatePence = :rate',
          ConditionExpression: 'attribute_exists(summary) AND summary.hourlyRatePence < :rate',
          ExpressionAttributeValues: { ':rate': hourlyRatePence },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async ofShift(orgId: string, shiftId: string): Promise<Offer[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.offersByShift.name,
        KeyConditionExpression: `${INDEX.offersByShift.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.offersOfShiftPartition(orgId, shiftId) },
      },
      (i) => toRecord<Offer>(i),
    );
    return items;
  }

  /** A clinician's offers still marked live (some may have run out of time or lost their shift since). */
  async liveOf(orgId: string, clinicianId: string): Promise<Offer[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.liveOffersByCode.name,
        KeyConditionExpression: `${INDEX.liveOffersByCode.partitionKey} = :pk`,
        ExpressionAttributeValues: { ':pk': keys.liveOffersPartition(orgId, clinicianId) },
      },
      (i) => toRecord<Offer>(i),
    );
    return items;
  }

  /**
   * The clinician's newest offer with this code among their last `within`
   * offers, live or not: what a reply naming a code already freed (its shift
   * filled, say) was about.
   */
  async latestWithCode(orgId: string, clinicianId: string, code: string, within = 100): Promise<Offer | undefined> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: INDEX.offersByClinician.name,
        KeyConditionExpression: `${INDEX.offersByClinician.partitionKey} = :pk`,
        FilterExpression: 'code = :code',
        ExpressionAttributeValues: { ':pk': keys.offersOfClinicianPartition(orgId, clinicianId), ':code': code },
        ScanIndexForward: false,
        Limit: within,
      }),
    );
    const item = out.Items?.[0];
    return item ? toRecord<Offer>(item) : undefined;
  }

  /** Offers whose code a clinician holds: consistent read of the code guard, then the offer. */
  async byCode(orgId: string, clinicianId: string, code: string): Promise<Offer | undefined> {
    const guard = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.offerCode(orgId, clinicianId, code), ConsistentRead: true }),
    );
    const offerId = guard.Item?.offerId;
    return typeof offerId === 'string' ? this.get(orgId, offerId) : undefined;
  }
}

/** Several shifts by id (for embedding in offer lists): kept here for callers that import it from offers. */
export { getShifts } from './shifts';
