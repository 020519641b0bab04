import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Offer, Shift } from '../domain/types';
import { keys } from './keys';
import { queryAll } from './page';
import { chunks, toRecord } from './records';

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

  async ofShift(orgId: string, shiftId: string): Promise<Offer[]> {
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        IndexName: 'GSI2',
        KeyConditionExpression: 'GSI2PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.offersOfShiftIndex(orgId, shiftId) },
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
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.liveOffersIndex(orgId, clinicianId) },
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
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: 'code = :code',
        ExpressionAttributeValues: { ':pk': keys.offersOfClinicianIndex(orgId, clinicianId), ':code': code },
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

/** Several shifts by id (for embedding in offer lists). */
export async function getShifts(db: DynamoDBDocumentClient, table: string, orgId: string, ids: readonly string[]) {
  const found = new Map<string, Shift>();
  for (const batch of chunks([...new Set(ids)], 100)) {
    let pending: Record<string, unknown>[] | undefined = batch.map((id) => keys.shift(orgId, id));
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: pending } } }),
      );
      for (const item of out.Responses?.[table] ?? []) found.set(String(item.id), toRecord<Shift>(item));
      pending = out.UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}
