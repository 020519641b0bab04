import { gunzipSync, gzipSync } from 'node:zlib';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as keys from './keys';

/** A first result is answered again for a day; after that the key is forgotten. */
const KEPT_SECONDS = 24 * 3600;

export interface StoredReply {
  status: number;
  body: unknown;
}

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'done'; reply: StoredReply }
  | { outcome: 'pending' }
  | { outcome: 'mismatch' };

/**
 * A first reply as kept: the JSON it was sent as, gzipped (binary). Its bytes
 * are what a replay sends, where a map's keys would come back from DynamoDB
 * in no order; and a bulk post's 200 shifts stay far inside an item's 400 KB.
 * A string or a map: kept by earlier versions.
 */
function storedReply(kept: unknown): StoredReply {
  if (kept instanceof Uint8Array) return JSON.parse(gunzipSync(kept).toString('utf8')) as StoredReply;
  if (typeof kept === 'string') return JSON.parse(kept) as StoredReply;
  return kept as StoredReply;
}

/**
 * The record that makes a request with an `Idempotency-Key` take effect once.
 * The first request claims it with a conditional put; a duplicate, however
 * close behind, finds it claimed and waits for the reply stored on it. A
 * claim whose request died is taken over once its lease has run out.
 */
export class IdempotencyRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(
    orgId: string,
    key: string,
    requestHash: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<IdempotencyClaim> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.idempotency(orgId, key),
            type: 'IDEMPOTENCY',
            status: 'pending',
            requestHash,
            leaseUntil: nowMs + leaseMs,
            ttl: Math.floor(nowMs / 1000) + KEPT_SECONDS,
          },
          ConditionExpression:
            'attribute_not_exists(PK) OR (#status = :pending AND leaseUntil < :now AND requestHash = :hash)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':now': nowMs, ':hash': requestHash },
        }),
      );
      return { outcome: 'claimed' };
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
    return this.read(orgId, key, requestHash);
  }

  async read(orgId: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.table, Key: keys.idempotency(orgId, key), ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return { outcome: 'pending' };
    if (item.requestHash !== requestHash) return { outcome: 'mismatch' };
    if (item.status === 'done') return { outcome: 'done', reply: storedReply(item.reply) };
    return { outcome: 'pending' };
  }

  async complete(orgId: string, key: string, reply: StoredReply): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.table,
        Key: keys.idempotency(orgId, key),
        UpdateExpression: 'SET #status = :done, reply = :reply REMOVE leaseUntil',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':done': 'done',
          ':pending': 'pending',
          ':reply': gzipSync(JSON.stringify(reply)),
        },
      }),
    );
  }

  /** A request that failed leaves no first result: the next one with the key runs afresh. */
  async release(orgId: string, key: string): Promise<void> {
    await this.db.send(
      new DeleteCommand({
        TableName: this.table,
        Key: keys.idempotency(orgId, key),
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
  }
}
