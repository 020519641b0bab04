import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import { cellOf, cellsCovering } from '../domain/geo';
import type { VerifiedEvidence } from '../domain/requirements';
import type { BookedInterval, Clinician, Ir35Determination, OutboxMessage, TimeOff } from '../domain/types';
import * as keys from './keys';
import { INDEX } from './keys';
import { outboxItem } from './outbox';
import { filterOf, type Page, type PageRequest, queryAll, queryPage, type Where } from './page';
import { chunks, isConditionFailure, toRecord } from './records';
import { drain, type RetryPolicy } from './retry';
import { type TransactItem, transact } from './transact';

/** Unprocessed batch requests are sent again: DynamoDB leaves some only under load. */
const BATCH: RetryPolicy = { attempts: 10, baseMs: 25, capMs: 1000, random: Math.random };

/** The items of a clinician's writes, by what each is: a failed condition is read by these names. */
type ClinicianItem =
  | 'profile'
  | 'email'
  | 'phone'
  | 'phoneLookup'
  | 'oldEmail'
  | 'oldPhone'
  | 'oldPhoneLookup'
  | 'diary'
  | 'ir35'
  | 'outbox';

function changedBySomeoneElse(): ConflictError {
  return new ConflictError('INVALID_STATE', 'The clinician was changed by someone else; reload and try again');
}

/** What matching needs of a clinician, copied into each cell of the location index. */
export type ClinicianSummary = Omit<
  Clinician,
  'email' | 'phone' | 'payrollId' | 'notify' | 'smsOptedOut' | 'phoneVerified'
>;

function summary(c: Clinician): ClinicianSummary {
  const { email: _e, phone: _p, payrollId: _pid, notify: _n, smsOptedOut: _s, phoneVerified: _v, timeOff, ...rest } = c;
  // Matching needs the dates; why someone is away stays on their profile.
  return timeOff?.length ? { ...rest, timeOff: timeOff.map(({ reason: _r, ...t }) => t) } : rest;
}

function phoneInUse(): ConflictError {
  return new ConflictError('PHONE_IN_USE', 'Another clinician of the bank has this phone number', [
    { path: 'body.phone', message: 'is already used by another clinician' },
  ]);
}

/** The location-index items a clinician is written as: one per role per cell their travel circle touches. */
export function cellItems(c: Clinician): Record<string, unknown>[] {
  // Matching reads only the location index: a clinician who has left the bank, or not yet joined it, is in none of its cells.
  if (c.status === 'disabled' || c.status === 'applicant' || !c.home) return [];
  const cells = cellsCovering(c.home, c.maxTravelKm);
  return c.roles.flatMap((role) =>
    cells.map((cell) => ({ ...keys.cell(c.orgId, role, cell, c.id), type: 'CELL', ...summary(c) })),
  );
}

function profileItem(c: Clinician, version: number) {
  return {
    ...keys.clinician(c.orgId, c.id),
    ...keys.cliniciansByName(c.orgId, c.name, c.id),
    type: 'CLINICIAN',
    version,
    ...c,
    /** Lower-case name for `?q=`: a filter may not touch the queried index's own sort key. */
    searchName: c.name.toLowerCase(),
  };
}

const emailGuardItem = (c: Clinician) => ({
  ...keys.clinicianEmail(c.orgId, c.email),
  type: 'GUARD',
  clinicianId: c.id,
});
const phoneLookupItem = (c: Clinician) => ({
  ...keys.phone(c.phone, c.orgId, c.id),
  type: 'PHONE',
  orgId: c.orgId,
  clinicianId: c.id,
});
const phoneGuardItem = (c: Clinician) => ({
  ...keys.clinicianPhone(c.orgId, c.phone),
  type: 'GUARD',
  clinicianId: c.id,
});

/**
 * Every item `create` leaves for a new clinician (profile, email and phone
 * guards, phone lookup, location index), for a bulk load into a table known
 * to hold none of them (the local runtime's first-start demo data).
 */
export function newClinicianItems(c: Clinician): Record<string, unknown>[] {
  return [profileItem(c, 1), emailGuardItem(c), phoneLookupItem(c), phoneGuardItem(c), ...cellItems(c)];
}

function cellKeys(c: Clinician): string[] {
  return cellItems(c).map((i) => `${i.PK}|${i.SK}`);
}

/**
 * The clinicians' records as the handlers that only read them see them:
 * profiles, lists, the location index, phone lookups, IR35 pages. Apart from
 * the writes (ClinicianRepository), so a function that matches or lists
 * clinicians does not carry the code that creates and changes them.
 */
export class ClinicianReads {
  constructor(
    protected readonly db: DynamoDBDocumentClient,
    protected readonly table: string,
  ) {}

  /** A page of the IR35 determinations made for the clinician, newest first: those whose attributes match `where`. */
  async ir35Page(
    orgId: string,
    clinicianId: string,
    where: Where,
    page: PageRequest,
  ): Promise<Page<Ir35Determination>> {
    const { PK, SKPrefix } = keys.ir35Prefix(orgId, clinicianId);
    const filter = filterOf(where);
    return queryPage(
      this.db,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ...filter,
        ExpressionAttributeValues: { ':pk': PK, ':sk': SKPrefix, ...filter.ExpressionAttributeValues },
        ScanIndexForward: false,
        ConsistentRead: true,
        partitionAttribute: 'PK',
        partition: PK,
      },
      page,
      (item) => toRecord<Ir35Determination>(item),
    );
  }

  /** Whether a clinician of the organisation has this email address (read consistently). */
  async hasEmail(orgId: string, email: string): Promise<boolean> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.clinicianEmail(orgId, email), ConsistentRead: true }),
    );
    return Item !== undefined;
  }

  async get(orgId: string, id: string): Promise<(Clinician & { version: number }) | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.clinician(orgId, id), ConsistentRead: true }),
    );
    if (!out.Item) return undefined;
    return { ...toRecord<Clinician>(out.Item), version: Number(out.Item.version ?? 1) };
  }

  /** Several profiles by id, in the order asked for. */
  async getMany(orgId: string, ids: readonly string[]): Promise<Clinician[]> {
    const found = new Map<string, Clinician>();
    for (const batch of chunks(ids, 100)) {
      await drain(
        BATCH,
        batch.map((id) => keys.clinician(orgId, id) as Record<string, unknown>),
        async (pending) => {
          const out: BatchGetCommandOutput = await this.db.send(
            new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }),
          );
          for (const item of out.Responses?.[this.table] ?? []) {
            const c = toRecord<Clinician>(item);
            found.set(c.id, c);
          }
          return out.UnprocessedKeys?.[this.table]?.Keys;
        },
      );
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  /** The bank by name, a page at a time; filters apply within the page walk. */
  async list(
    orgId: string,
    filter: { role?: string; skill?: string; q?: string },
    page: PageRequest,
  ): Promise<Page<Clinician>> {
    const conditions: string[] = [];
    const values: Record<string, unknown> = { ':pk': keys.cliniciansByNamePartition(orgId) };
    if (filter.role) {
      conditions.push('contains(#roles, :role)');
      values[':role'] = filter.role;
    }
    if (filter.skill) {
      conditions.push('contains(skills, :skill)');
      values[':skill'] = filter.skill;
    }
    if (filter.q) {
      conditions.push('contains(searchName, :q)');
      values[':q'] = filter.q.toLowerCase();
    }
    return queryPage(
      this.db,
      {
        TableName: this.table,
        IndexName: INDEX.cliniciansByName.name,
        KeyConditionExpression: `${INDEX.cliniciansByName.partitionKey} = :pk`,
        FilterExpression: conditions.length ? conditions.join(' AND ') : undefined,
        ExpressionAttributeNames: filter.role ? { '#roles': 'roles' } : undefined,
        ExpressionAttributeValues: values,
        partitionAttribute: INDEX.cliniciansByName.partitionKey,
        partition: keys.cliniciansByNamePartition(orgId),
      },
      page,
      (item) => toRecord<Clinician>(item),
    );
  }

  /**
   * How many of the bank hold `role`. DynamoDB has no count but the query's:
   * this reads the whole bank index (every clinician's item, about 1.5 KB, so
   * one request and some 40 read units for 200 clinicians, one request per
   * MB beyond) and returns only the number.
   */
  async countWithRole(orgId: string, role: string): Promise<{ count: number; requests: number }> {
    let count = 0;
    let requests = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: INDEX.cliniciansByName.name,
          KeyConditionExpression: `${INDEX.cliniciansByName.partitionKey} = :pk`,
          FilterExpression: 'contains(#roles, :role)',
          ExpressionAttributeNames: { '#roles': 'roles' },
          ExpressionAttributeValues: { ':pk': keys.cliniciansByNamePartition(orgId), ':role': role },
          Select: 'COUNT',
          ExclusiveStartKey: start,
        }),
      );
      requests++;
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return { count, requests };
  }

  /** Clinicians holding `role` whose travel circle reaches the cell of `point`: one query. */
  async inCell(orgId: string, role: string, point: { lat: number; lon: number }) {
    const { items, requests } = await queryAll(
      this.db,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.cellPartition(orgId, role, cellOf(point)) },
      },
      (item) => toRecord<ClinicianSummary>(item),
    );
    return { clinicians: items, requests };
  }

  /** Every (organisation, clinician) a phone number belongs to. */
  async findByPhone(e164: string): Promise<{ orgId: string; clinicianId: string }[]> {
    const { items } = await queryAll<Record<string, unknown>>(this.db, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': keys.phonePartition(e164) },
    });
    return items.map((i) => ({ orgId: String(i.orgId), clinicianId: String(i.clinicianId) }));
  }
}

/** The clinicians' records, read (ClinicianReads) and written: profiles, guards, the location index, time off, IR35. */
export class ClinicianRepository extends ClinicianReads {
  private profileItem(c: Clinician, version: number) {
    return profileItem(c, version);
  }

  /** The profile written at the next version, only if still at the version read: every change to it goes this way. */
  private profileIfUnchanged(after: Clinician, version: number): TransactItem<'profile'> {
    return {
      name: 'profile',
      put: {
        Item: this.profileItem(after, version + 1),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': version },
      },
    };
  }

  private emailGuard(c: Clinician): TransactItem<'email'> {
    return {
      name: 'email',
      put: {
        Item: emailGuardItem(c),
        ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
        ExpressionAttributeValues: { ':id': c.id },
      },
    };
  }

  private phoneLookup(c: Clinician): TransactItem<'phoneLookup'> {
    return { name: 'phoneLookup', put: { Item: phoneLookupItem(c) } };
  }

  private phoneGuard(c: Clinician): TransactItem<'phone'> {
    return {
      name: 'phone',
      put: {
        Item: phoneGuardItem(c),
        ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
        ExpressionAttributeValues: { ':id': c.id },
      },
    };
  }

  /** Deletes what the batch requests name, sending again what DynamoDB leaves unprocessed. */
  private async batchWrite(requests: Record<string, unknown>[]): Promise<void> {
    for (const batch of chunks(requests, 25)) {
      await drain(BATCH, batch, async (pending) => {
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        return out.UnprocessedItems?.[this.table] as Record<string, unknown>[] | undefined;
      });
    }
  }

  /**
   * Refuses a number another clinician of the organisation holds. The guard
   * item decides between two writes racing; this read also finds holders
   * stored before the guard existed, who have only the lookup item.
   */
  private async assertPhoneFree(c: Clinician): Promise<void> {
    const holders = await this.findByPhone(c.phone);
    if (holders.some((h) => h.orgId === c.orgId && h.clinicianId !== c.id)) throw phoneInUse();
  }

  /** The profile, its email and phone guards and its phone lookup agree or none is written; then the location index follows. */
  async create(c: Clinician): Promise<void> {
    await this.assertPhoneFree(c);
    await this.write(
      [
        {
          name: 'profile',
          put: { Item: this.profileItem(c, 1), ConditionExpression: 'attribute_not_exists(PK)' },
        },
        this.emailGuard(c),
        this.phoneLookup(c),
        this.phoneGuard(c),
      ],
      c,
    );
    await this.syncCells(undefined, c);
  }

  /**
   * Takes back a clinician just created, when what must come with it (their
   * sign-in) could not be made: the profile only if nobody has changed it since,
   * its guards only if still its own, then its location index.
   */
  async discard(c: Clinician): Promise<void> {
    const out = await transact<ClinicianItem>(this.db, this.table, [
      {
        name: 'profile',
        delete: {
          Key: keys.clinician(c.orgId, c.id),
          ConditionExpression: 'version = :one',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
      {
        name: 'email',
        delete: {
          Key: keys.clinicianEmail(c.orgId, c.email),
          ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
          ExpressionAttributeValues: { ':id': c.id },
        },
      },
      { name: 'phoneLookup', delete: { Key: keys.phone(c.phone, c.orgId, c.id) } },
      {
        name: 'phone',
        delete: {
          Key: keys.clinicianPhone(c.orgId, c.phone),
          ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
          ExpressionAttributeValues: { ':id': c.id },
        },
      },
    ]);
    if (!out.ok) throw new Error(`Could not discard clinician ${c.id}: ${out.failed.join(', ')} changed meanwhile`);
    await this.batchWrite(
      cellKeys(c).map((k) => {
        const [PK, SK] = k.split('|');
        return { DeleteRequest: { Key: { PK, SK } } };
      }),
    );
  }

  /**
   * Replaces a profile only if nobody changed it since `before` was read;
   * `extra` is written with it. A new number takes its guard and frees the
   * old one; an unchanged number is not guarded afresh, so a clinician who
   * shared a number with a colleague before numbers were unique can still
   * change their availability.
   */
  /** `messages`: outbox records written in the profile's own transaction (a changed number asked to prove itself). */
  async update(
    before: Clinician & { version?: number },
    after: Clinician,
    messages: readonly OutboxMessage[] = [],
  ): Promise<void> {
    const extra = messages.map(
      (m): TransactItem<ClinicianItem> => ({ name: 'outbox', put: { Item: outboxItem(m, Date.parse(m.createdAt)) } }),
    );
    const version = before.version ?? 1;
    const phoneChanged = before.phone !== after.phone;
    if (phoneChanged) await this.assertPhoneFree(after);
    const items: TransactItem<ClinicianItem>[] = [
      this.profileIfUnchanged(after, version),
      this.emailGuard(after),
      this.phoneLookup(after),
      ...(phoneChanged ? [this.phoneGuard(after)] : []),
    ];
    if (before.email.toLowerCase() !== after.email.toLowerCase()) {
      items.push({ name: 'oldEmail', delete: { Key: keys.clinicianEmail(before.orgId, before.email) } });
    }
    if (phoneChanged) {
      items.push({ name: 'oldPhoneLookup', delete: { Key: keys.phone(before.phone, before.orgId, before.id) } });
      // Only our own: before numbers were unique, a colleague with the same number may hold it.
      const { Item: old } = await this.db.send(
        new GetCommand({
          TableName: this.table,
          Key: keys.clinicianPhone(before.orgId, before.phone),
          ConsistentRead: true,
        }),
      );
      if (old?.clinicianId === before.id) {
        items.push({
          name: 'oldPhone',
          delete: {
            Key: keys.clinicianPhone(before.orgId, before.phone),
            ConditionExpression: 'clinicianId = :id',
            ExpressionAttributeValues: { ':id': before.id },
          },
        });
      }
    }
    items.push(...extra);
    await this.write(items, after, true);
    await this.syncCells(before, after);
  }

  /**
   * Takes a clinician out of the bank: the profile (only if unchanged since
   * read) and their diary move together, so an accept that read the clinician
   * before this landed fails on the diary it read and, reading again, finds
   * them disabled. Then the location index drops them, so matching never
   * reads them again.
   */
  async disable(before: Clinician & { version?: number }, after: Clinician): Promise<void> {
    const version = before.version ?? 1;
    const out = await transact<ClinicianItem>(this.db, this.table, [
      this.profileIfUnchanged(after, version),
      {
        name: 'diary',
        update: {
          Key: keys.diary(after.orgId, after.id),
          UpdateExpression:
            'SET #type = :diary, orgId = :org, clinicianId = :id, bookings = if_not_exists(bookings, :none), ' +
            'version = if_not_exists(version, :zero) + :one',
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':diary': 'DIARY',
            ':org': after.orgId,
            ':id': after.id,
            ':none': [],
            ':zero': 0,
            ':one': 1,
          },
        },
      },
    ]);
    // The diary's update carries no condition: only the profile can have moved.
    if (!out.ok) throw changedBySomeoneElse();
    await this.syncCells(before, after);
  }

  /**
   * Marks the clinician's number proved, only if it is still `phone` and not
   * proved yet. Bumps the version, so a profile edit read before it fails.
   */
  async provePhone(orgId: string, clinicianId: string, phone: string): Promise<{ kind: 'proved' | 'unchanged' }> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.clinician(orgId, clinicianId),
          UpdateExpression: 'SET phoneVerified = :yes ADD version :one',
          ConditionExpression: 'phone = :from AND phoneVerified = :no',
          ExpressionAttributeValues: { ':yes': true, ':no': false, ':from': phone, ':one': 1 },
        }),
      );
      return { kind: 'proved' };
    } catch (error) {
      if (isConditionFailure(error)) return { kind: 'unchanged' };
      throw error;
    }
  }

  /** STOP and START by text: whether the clinician is texted, on an existing profile only. */
  async setSmsOptedOut(orgId: string, clinicianId: string, optedOut: boolean): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.clinician(orgId, clinicianId),
        UpdateExpression: 'SET smsOptedOut = :v ADD version :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':v': optedOut, ':one': 1 },
      }),
    );
  }

  /**
   * Replaces the clinician's time off, only if neither the profile nor the
   * diary moved since they were read. The diary's version moves with it, so
   * an accept that read the clinician before this lands fails its own diary
   * condition and, reading again, meets the time off.
   * @returns false when either had moved (read both again and retry).
   */
  async setTimeOff(
    before: Clinician & { version?: number },
    timeOff: TimeOff[],
    diary: { bookings: BookedInterval[]; version: number },
    at: string,
  ): Promise<boolean> {
    const after: Clinician = { ...before, timeOff, updatedAt: at };
    const { version: _v, ...profile } = after as Clinician & { version?: number };
    const version = before.version ?? 1;
    const out = await transact<ClinicianItem>(this.db, this.table, [
      this.profileIfUnchanged(profile, version),
      {
        name: 'diary',
        put: {
          Item: {
            ...keys.diary(before.orgId, before.id),
            type: 'DIARY',
            orgId: before.orgId,
            clinicianId: before.id,
            bookings: diary.bookings,
            version: diary.version + 1,
          },
          ConditionExpression: diary.version === 0 ? 'attribute_not_exists(PK)' : 'version = :dv',
          ...(diary.version === 0 ? {} : { ExpressionAttributeValues: { ':dv': diary.version } }),
        },
      },
    ]);
    // Either moving means the same to the caller: read both again.
    if (!out.ok) return false;
    await this.syncCells(before, profile);
    return true;
  }

  private async write(items: TransactItem<ClinicianItem>[], c: Clinician, isUpdate = false): Promise<void> {
    const out = await transact(this.db, this.table, items);
    if (out.ok) return;
    if (out.failed.includes('email')) {
      throw new ConflictError('ALREADY_EXISTS', `A clinician with email ${c.email} is already in the bank`, [
        { path: 'body.email', message: 'is already used by another clinician' },
      ]);
    }
    if (out.failed.includes('phone')) throw phoneInUse();
    if (out.failed.includes('profile')) {
      throw isUpdate ? changedBySomeoneElse() : new ConflictError('ALREADY_EXISTS', 'The clinician already exists');
    }
    // The old phone guard was read as ours just before: someone took it over since.
    throw changedBySomeoneElse();
  }

  /**
   * The location index is derived data: rewritten after the profile commits,
   * idempotently, so a retry or a later update repairs any gap.
   */
  private async syncCells(before: Clinician | undefined, after: Clinician): Promise<void> {
    const keep = new Set(cellKeys(after));
    const stale = before ? cellKeys(before).filter((k) => !keep.has(k)) : [];
    const requests = [
      ...stale.map((k) => {
        const [PK, SK] = k.split('|');
        return { DeleteRequest: { Key: { PK, SK } } };
      }),
      ...cellItems(after).map((Item) => ({ PutRequest: { Item } })),
    ];
    await this.batchWrite(requests);
  }

  /**
   * Records a determination: the audit item (never overwritten) and the
   * profile now naming it as the practice's current one commit together, only
   * if the profile is unchanged since read; then the location index follows.
   */
  async recordIr35(before: Clinician & { version?: number }, d: Ir35Determination, id: string): Promise<Clinician> {
    const { version: _v, ...profile } = before;
    const after: Clinician = {
      ...profile,
      ir35: { ...before.ir35, [d.practiceId]: { determination: d.determination, decidedAt: d.decidedAt } },
      updatedAt: d.decidedAt,
    };
    const version = before.version ?? 1;
    const out = await transact<ClinicianItem>(this.db, this.table, [
      this.profileIfUnchanged(after, version),
      {
        name: 'ir35',
        put: {
          Item: { ...keys.ir35Determination(d.orgId, d.clinicianId, d.decidedAt, id), type: 'IR35', ...d },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
    // A determination with this id already kept means the same as a moved profile: read again.
    if (!out.ok) throw changedBySomeoneElse();
    await this.syncCells(before, after);
    return after;
  }

  /**
   * Adds a verified document's dates to the profile, committing with the
   * document's own change (`decision`, which fails unless still pending),
   * only if the profile is unchanged since read; then the location index
   * follows, so matching sees the document from then on.
   * @returns `changed` when the profile moved (read it again and retry), `decided` when the document had.
   */
  async addEvidence(
    before: Clinician & { version?: number },
    evidence: VerifiedEvidence,
    decision: TransactItem<'document'>,
  ): Promise<{ ok: true; clinician: Clinician } | { ok: false; why: 'changed' | 'decided' }> {
    const { version: _v, ...profile } = before;
    const after: Clinician = {
      ...profile,
      evidence: [...(before.evidence ?? []).filter((e) => e.documentId !== evidence.documentId), evidence],
      updatedAt: evidence.verifiedAt,
    };
    const out = await transact(this.db, this.table, [this.profileIfUnchanged(after, before.version ?? 1), decision]);
    if (!out.ok) return { ok: false, why: out.failed.includes('document') ? 'decided' : 'changed' };
    await this.syncCells(before, after);
    return { ok: true, clinician: after };
  }
}
