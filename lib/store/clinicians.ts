import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import { cellOf, cellsCovering } from '../domain/geo';
import type { VerifiedEvidence } from '../domain/requirements';
import type { BookedInterval, Clinician, Ir35Determination, OutboxMessage, TimeOff } from '../domain/types';
import { INDEX, keys } from './keys';
import { outboxItem } from './outbox';
import { type Page, type PageRequest, queryAll, queryPage } from './page';
import { cancellationCodes, chunks, isConditionFailure, toRecord } from './records';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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
  if (c.status === 'disabled' || c.status === 'applicant') return [];
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

export class ClinicianRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  private profileItem(c: Clinician, version: number) {
    return profileItem(c, version);
  }

  /** The profile written at the next version, only if still at the version read: every change to it goes this way. */
  private profileIfUnchanged(after: Clinician, version: number): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: this.profileItem(after, version + 1),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': version },
      },
    };
  }

  private emailGuard(c: Clinician): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: emailGuardItem(c),
        ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
        ExpressionAttributeValues: { ':id': c.id },
      },
    };
  }

  private phoneLookup(c: Clinician): TransactItem {
    return { Put: { TableName: this.table, Item: phoneLookupItem(c) } };
  }

  private phoneGuard(c: Clinician): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: phoneGuardItem(c),
        ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
        ExpressionAttributeValues: { ':id': c.id },
      },
    };
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
    const emailGuard = this.emailGuard(c);
    const phoneGuard = this.phoneGuard(c);
    await this.write(
      [
        {
          Put: { TableName: this.table, Item: this.profileItem(c, 1), ConditionExpression: 'attribute_not_exists(PK)' },
        },
        emailGuard,
        this.phoneLookup(c),
        phoneGuard,
      ],
      { c, emailGuard, phoneGuard },
    );
    await this.syncCells(undefined, c);
  }

  /**
   * Takes back a clinician just created, when what must come with it (their
   * sign-in) could not be made: the profile only if nobody has changed it since,
   * its guards only if still its own, then its location index.
   */
  async discard(c: Clinician): Promise<void> {
    await this.db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: this.table,
              Key: keys.clinician(c.orgId, c.id),
              ConditionExpression: 'version = :one',
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
          {
            Delete: {
              TableName: this.table,
              Key: keys.clinicianEmail(c.orgId, c.email),
              ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
              ExpressionAttributeValues: { ':id': c.id },
            },
          },
          { Delete: { TableName: this.table, Key: keys.phone(c.phone, c.orgId, c.id) } },
          {
            Delete: {
              TableName: this.table,
              Key: keys.clinicianPhone(c.orgId, c.phone),
              ConditionExpression: 'attribute_not_exists(PK) OR clinicianId = :id',
              ExpressionAttributeValues: { ':id': c.id },
            },
          },
        ],
      }),
    );
    for (const batch of chunks(cellKeys(c), 25)) {
      let pending: Record<string, unknown>[] | undefined = batch.map((k) => {
        const [PK, SK] = k.split('|');
        return { DeleteRequest: { Key: { PK, SK } } };
      });
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out: BatchWriteCommandOutput = await this.db.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
        );
        pending = out.UnprocessedItems?.[this.table];
      }
    }
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
      (m): TransactItem => ({ Put: { TableName: this.table, Item: outboxItem(m, Date.parse(m.createdAt)) } }),
    );
    const version = before.version ?? 1;
    const phoneChanged = before.phone !== after.phone;
    if (phoneChanged) await this.assertPhoneFree(after);
    const emailGuard = this.emailGuard(after);
    const phoneGuard = phoneChanged ? this.phoneGuard(after) : undefined;
    const items: TransactItem[] = [
      this.profileIfUnchanged(after, version),
      emailGuard,
      this.phoneLookup(after),
      ...(phoneGuard ? [phoneGuard] : []),
    ];
    if (before.email.toLowerCase() !== after.email.toLowerCase()) {
      items.push({ Delete: { TableName: this.table, Key: keys.clinicianEmail(before.orgId, before.email) } });
    }
    if (phoneChanged) {
      items.push({ Delete: { TableName: this.table, Key: keys.phone(before.phone, before.orgId, before.id) } });
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
          Delete: {
            TableName: this.table,
            Key: keys.clinicianPhone(before.orgId, before.phone),
            ConditionExpression: 'clinicianId = :id',
            ExpressionAttributeValues: { ':id': before.id },
          },
        });
      }
    }
    items.push(...extra);
    await this.write(items, { c: after, emailGuard, phoneGuard }, true);
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
    const items: TransactItem[] = [
      this.profileIfUnchanged(after, version),
      {
        Update: {
          TableName: this.table,
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
    ];
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (cancellationCodes(error)?.[0] === 'ConditionalCheckFailed') {
        throw new ConflictError('INVALID_STATE', 'The clinician was changed by someone else; reload and try again');
      }
      throw error;
    }
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
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            this.profileIfUnchanged(profile, version),
            {
              Put: {
                TableName: this.table,
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
          ],
        }),
      );
    } catch (error) {
      if (cancellationCodes(error)?.includes('ConditionalCheckFailed')) return false;
      throw error;
    }
    await this.syncCells(before, profile);
    return true;
  }

  private async write(
    items: TransactItem[],
    { c, emailGuard, phoneGuard }: { c: Clinician; emailGuard: TransactItem; phoneGuard?: TransactItem },
    isUpdate = false,
  ): Promise<void> {
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      const codes = cancellationCodes(error);
      const failed = (item: TransactItem | undefined) =>
        !!item && codes?.[items.indexOf(item)] === 'ConditionalCheckFailed';
      if (failed(emailGuard)) {
        throw new ConflictError('ALREADY_EXISTS', `A clinician with email ${c.email} is already in the bank`, [
          { path: 'body.email', message: 'is already used by another clinician' },
        ]);
      }
      if (failed(phoneGuard)) throw phoneInUse();
      if (codes?.[0] === 'ConditionalCheckFailed') {
        throw isUpdate
          ? new ConflictError('INVALID_STATE', 'The clinician was changed by someone else; reload and try again')
          : new ConflictError('ALREADY_EXISTS', 'The clinician already exists');
      }
      throw error;
    }
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
    for (const batch of chunks(requests, 25)) {
      let pending: typeof batch | undefined = batch;
      for (let attempt = 0; pending?.length; attempt++) {
        const out = await this.db.send(new BatchWriteCommand({ RequestItems: { [this.table]: pending } }));
        pending = out.UnprocessedItems?.[this.table] as typeof batch | undefined;
        if (pending?.length) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      }
    }
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
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            this.profileIfUnchanged(after, version),
            {
              Put: {
                TableName: this.table,
                Item: { ...keys.ir35Determination(d.orgId, d.clinicianId, d.decidedAt, id), type: 'IR35', ...d },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (cancellationCodes(error)?.includes('ConditionalCheckFailed')) {
        throw new ConflictError('INVALID_STATE', 'The clinician was changed by someone else; reload and try again');
      }
      throw error;
    }
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
    decision: TransactItem,
  ): Promise<{ ok: true; clinician: Clinician } | { ok: false; why: 'changed' | 'decided' }> {
    const { version: _v, ...profile } = before;
    const after: Clinician = {
      ...profile,
      evidence: [...(before.evidence ?? []).filter((e) => e.documentId !== evidence.documentId), evidence],
      updatedAt: evidence.verifiedAt,
    };
    try {
      await this.db.send(
        new TransactWriteCommand({ TransactItems: [this.profileIfUnchanged(after, before.version ?? 1), decision] }),
      );
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[1] === 'ConditionalCheckFailed') return { ok: false, why: 'decided' };
      if (codes?.[0] === 'ConditionalCheckFailed') return { ok: false, why: 'changed' };
      throw error;
    }
    await this.syncCells(before, after);
    return { ok: true, clinician: after };
  }

  /** Every IR35 determination made for the clinician, oldest first. */
  async ir35Determinations(orgId: string, clinicianId: string): Promise<Ir35Determination[]> {
    const { PK, SKPrefix } = keys.ir35Prefix(orgId, clinicianId);
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': PK, ':sk': SKPrefix },
        ConsistentRead: true,
      },
      (item) => toRecord<Ir35Determination>(item),
    );
    return items;
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
      let pending: Record<string, unknown>[] | undefined = batch.map((id) => keys.clinician(orgId, id));
      for (let attempt = 0; pending?.length; attempt++) {
        if (attempt) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const out: BatchGetCommandOutput = await this.db.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }),
        );
        for (const item of out.Responses?.[this.table] ?? []) {
          const c = toRecord<Clinician>(item);
          found.set(c.id, c);
        }
        pending = out.UnprocessedKeys?.[this.table]?.Keys;
      }
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
    const values: Record<string, unknown> = { ':pk': keys.cliniciansIndex(orgId) };
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
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: conditions.length ? conditions.join(' AND ') : undefined,
        ExpressionAttributeNames: filter.role ? { '#roles': 'roles' } : undefined,
        ExpressionAttributeValues: values,
        partitionAttribute: 'GSI1PK',
        partition: keys.cliniciansIndex(orgId),
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
          KeyConditionExpression: 'GSI1PK = :pk',
          FilterExpression: 'contains(#roles, :role)',
          ExpressionAttributeNames: { '#roles': 'roles' },
          ExpressionAttributeValues: { ':pk': keys.cliniciansIndex(orgId), ':role': role },
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
