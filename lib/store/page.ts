import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../domain/errors';
import { TABLE } from './table';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

const badCursor = () =>
  new ValidationError('The cursor is not valid', [
    { path: 'query.cursor', message: 'is not a cursor this list gave out' },
  ]);

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A cursor is honoured only for the partition it was issued for, so a caller
 * cannot steer a list into another organisation's records by crafting one.
 */
function decodeCursor(
  cursor: string,
  partitionAttribute: string,
  partition: string,
  keyAttributes: readonly string[],
): Record<string, unknown> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw badCursor();
  const record = key as Record<string, unknown>;
  if (record[partitionAttribute] !== partition) throw badCursor();
  // Exactly the attributes a page of this query ends on, each a non-empty string.
  const names = Object.keys(record).sort();
  if (names.join() !== [...keyAttributes].sort().join()) throw badCursor();
  if (!Object.values(record).every((v) => typeof v === 'string' && v.length > 0 && v.length <= 1024)) throw badCursor();
  return record;
}

/**
 * Queries one partition a page at a time. With a filter, DynamoDB may return
 * fewer items than asked for; keep reading until the page is full or the
 * partition ends, so `limit` means what a client thinks it means. It reads one
 * item beyond the page, so a cursor is given out only while more remain (a
 * last page that ends exactly at `limit` carries none), and the cursor is the
 * key of the page's last item.
 */
export async function queryPage<T>(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'> & { partitionAttribute: string; partition: string },
  page: PageRequest,
  map: (item: Record<string, unknown>) => T = (item) => item as T,
): Promise<Page<T>> {
  const { partitionAttribute, partition, ...query } = input;
  const read: Record<string, unknown>[] = [];
  const index = TABLE.indexes.find((i) => i.name === query.IndexName);
  const keyAttributes = [TABLE.partitionKey, TABLE.sortKey, ...(index ? [index.partitionKey, index.sortKey] : [])];
  let startKey = page.cursor ? decodeCursor(page.cursor, partitionAttribute, partition, keyAttributes) : undefined;
  let fromCursor = startKey !== undefined;
  do {
    const out = await db
      .send(new QueryCommand({ ...query, Limit: page.limit + 1 - read.length, ExclusiveStartKey: startKey }))
      .catch((error: unknown) => {
        // A cursor of this partition but outside this query's key range (another `from`): not one it gave out.
        if (fromCursor && (error as Error).name === 'ValidationException') throw badCursor();
        throw error;
      });
    fromCursor = false;
    read.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey && read.length <= page.limit);
  const items = read.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    nextCursor:
      last && read.length > page.limit
        ? encodeCursor(Object.fromEntries(keyAttributes.map((a) => [a, last[a]])))
        : undefined,
  };
}

/** Reads a whole partition (bounded by the caller's key condition). */
export async function queryAll<T>(
  db: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  map: (item: Record<string, unknown>) => T = (item) => item as T,
): Promise<{ items: T[]; requests: number }> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  let requests = 0;
  do {
    const out = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    requests++;
    for (const item of out.Items ?? []) items.push(map(item));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return { items, requests };
}
