import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../domain/errors';
import type { Practice } from '../domain/types';
import * as keys from './keys';
import { queryAll } from './page';
import { chunks, toRecord } from './records';
import { drain, type RetryPolicy } from './retry';
import { type TransactItem, transact } from './transact';

/** Unprocessed keys of a batch read are asked for again: DynamoDB leaves some only under load. */
const BATCH_READ: RetryPolicy = { attempts: 10, baseMs: 25, capMs: 1000, random: Math.random };

const odsCodeTaken = (code: string) =>
  new ConflictError('ALREADY_EXISTS', `A practice with ODS code ${code} already exists`, [
    { path: 'body.odsCode', message: 'is already used by another practice' },
  ]);

export class PracticeRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /** ODS codes are unique within an organisation. */
  async create(practice: Practice): Promise<void> {
    const out = await transact(this.db, this.table, [
      {
        name: 'practice',
        put: {
          Item: { ...keys.practice(practice.orgId, practice.id), type: 'PRACTICE', ...practice },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        name: 'ods-code',
        put: {
          Item: { ...keys.odsCode(practice.orgId, practice.odsCode), type: 'GUARD', practiceId: practice.id },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
    if (out.ok) return;
    if (out.failed.includes('ods-code')) throw odsCodeTaken(practice.odsCode);
    throw new Error(`Practice ${practice.id} exists already`);
  }

  /**
   * Changes the fields given (a map such as `maxHourlyRatePence` is replaced
   * whole). A new ODS code takes its guard and frees the old one in the same
   * transaction, so codes stay unique.
   */
  async update(before: Practice, change: Partial<Omit<Practice, 'orgId' | 'id' | 'createdAt'>>): Promise<Practice> {
    const fields = Object.entries(change).filter(([, v]) => v !== undefined);
    if (!fields.length) return before;
    const names = Object.fromEntries(fields.map(([k], i) => [`#f${i}`, k]));
    const values = Object.fromEntries(fields.map(([, v], i) => [`:v${i}`, v]));
    const items: TransactItem<'practice' | 'ods-code' | 'old-ods-code'>[] = [
      {
        name: 'practice',
        update: {
          Key: keys.practice(before.orgId, before.id),
          UpdateExpression: `SET ${fields.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
    const code = change.odsCode;
    if (code !== undefined && code !== before.odsCode) {
      items.push(
        {
          name: 'ods-code',
          put: {
            Item: { ...keys.odsCode(before.orgId, code), type: 'GUARD', practiceId: before.id },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
        {
          name: 'old-ods-code',
          delete: {
            Key: keys.odsCode(before.orgId, before.odsCode),
            ConditionExpression: 'practiceId = :me',
            ExpressionAttributeValues: { ':me': before.id },
          },
        },
      );
    }
    const out = await transact(this.db, this.table, items);
    if (!out.ok) {
      if (out.failed.includes('ods-code') && code !== undefined) throw odsCodeTaken(code);
      throw new ConflictError('INVALID_STATE', 'The practice changed meanwhile: read it again');
    }
    return { ...before, ...Object.fromEntries(fields) };
  }

  async get(orgId: string, id: string): Promise<Practice | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.practice(orgId, id) }));
    return out.Item ? toRecord<Practice>(out.Item) : undefined;
  }

  /**
   * The practices named, those that exist, ordered as `list` orders them: what
   * a view of a few practices reads instead of the organisation's whole list.
   */
  async getMany(orgId: string, ids: readonly string[]): Promise<Practice[]> {
    const found: Practice[] = [];
    for (const batch of chunks([...new Set(ids)], 100)) {
      await drain(
        BATCH_READ,
        batch.map((id): Record<string, unknown> => keys.practice(orgId, id)),
        async (pending) => {
          const out: BatchGetCommandOutput = await this.db.send(
            new BatchGetCommand({ RequestItems: { [this.table]: { Keys: pending } } }),
          );
          for (const item of out.Responses?.[this.table] ?? []) found.push(toRecord<Practice>(item));
          return out.UnprocessedKeys?.[this.table]?.Keys;
        },
      );
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }

  async list(orgId: string): Promise<Practice[]> {
    const { PK, SKPrefix } = keys.practicesPrefix(orgId);
    const { items } = await queryAll(
      this.db,
      {
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
        ExpressionAttributeValues: { ':pk': PK, ':sk': SKPrefix },
      },
      (item) => toRecord<Practice>(item),
    );
    return items.sort((a, b) => a.name.localeCompare(b.name));
  }
}
