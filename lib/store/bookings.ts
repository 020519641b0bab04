import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BookedInterval, Booking, Clinician, Offer } from '../domain/types';
import { keys } from './keys';
import { type Page, type PageRequest, queryPage } from './page';
import { chunks, toRecord } from './records';

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
    const wanted = [
      keys.offer(orgId, offerId),
      ...(clinicianId ? [keys.clinician(orgId, clinicianId), keys.diary(orgId, clinicianId)] : []),
    ];
    const items: Record<string, unknown>[] = [];
    let pending: Record<string, unknown>[] | undefined = wanted;
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, Math.min(500, 20 * 2 ** attempt)));
      const out: BatchGetCommandOutput = await this.db.send(
        new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending, ConsistentRead: true } } }),
      );
      items.push(...(out.Responses?.[this.table] ?? []));
      pending = out.UnprocessedKeys?.[this.table]?.Keys;
    }
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
        let pending: Record<string, unknown>[] | undefined = batch.map((id) => keys.diary(orgId, id));
        for (let attempt = 0; pending?.length; attempt++) {
          if (attempt) await new Promise((r) => setTimeout(r, Math.min(500, 20 * 2 ** attempt)));
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
          pending = out.UnprocessedKeys?.[this.table]?.Keys;
        }
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
    const [index, pkAttr, skAttr, partition] = scope.clinicianId
      ? (['GSI1', 'GSI1PK', 'GSI1SK', keys.bookingsOfClinicianIndex(orgId, scope.clinicianId)] as const)
      : scope.practiceId
        ? (['GSI2', 'GSI2PK', 'GSI2SK', keys.bookingsOfPracticeIndex(orgId, scope.practiceId)] as const)
        : (['GSI3', 'GSI3PK', 'GSI3SK', keys.bookingsOfOrgIndex(orgId)] as const);
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
