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
 * A page of one index partition, unfiltered, in the index's sort order
 * (newest first when asked): what most lists of a parent's records read.
 */
export function pageOfIndexPartition<T>(
  db: DynamoDBDocumentClient,
  table: string,
  index: { readonly name: string; readonly partitionKey: string },
  partition: string,
  page: PageRequest,
  map: (item: Record<string, unknown>) => T,
  order: { newestFirst?: boolean } = {},
): Promise<Page<T>> {
  return queryPage(
    db,
    {
      TableName: table,
      IndexName: index.name,
      KeyConditionExpression: `${index.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': partition },
      ...(order.newestFirst ? { ScanIndexForward: false } : {}),
      partitionAttribute: index.partitionKey,
      partition,
    },
    page,
    map,
  );
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

/** Items' attributes a page keeps: each equal to its value, or to one of its values. */
export type Where = Readonly<Record<string, string | readonly string[] | undefined>>;

/** DynamoDB allows at most 100 operands to one IN. */
const IN_OPERANDS = 100;

/**
 * The filter of `where` for `queryPage` (attributes left undefined are not
 * filtered on). A list of values matches one of them; an empty list matches
 * nothing, so the caller answers an empty page without reading instead.
 */
export function filterOf(
  where: Where,
): Pick<QueryCommandInput, 'FilterExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
  const parts: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [attribute, value] of Object.entries(where)) {
    if (value === undefined) continue;
    const name = `#w${Object.keys(names).length}`;
    names[name] = attribute;
    const operand = (v: string) => {
      const placeholder = `:w${Object.keys(values).length}`;
      values[placeholder] = v;
      return placeholder;
    };
    if (typeof value === 'string') {
      parts.push(`${name} = ${operand(value)}`);
      continue;
    }
    if (!value.length) throw new Error(`filterOf: no value of ${attribute} to match`);
    const groups: string[] = [];
    for (let i = 0; i < value.length; i += IN_OPERANDS) {
      groups.push(
        `${name} IN (${value
          .slice(i, i + IN_OPERANDS)
          .map(operand)
          .join(', ')})`,
      );
    }
    parts.push(groups.length === 1 ? groups[0]! : `(${groups.join(' OR ')})`);
  }
  if (!parts.length) return {};
  return { FilterExpression: parts.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
}

/** The order of a list paged in memory (see `pageInMemory`). */
export interface MemoryOrder<T> {
  /**
   * Which list, for whom and with what query that changes its items: a
   * cursor given out for one is refused by any other, as a query's cursor is
   * outside its partition.
   */
  list: string;
  /** The names of the fields of an item's place in the order, for the cursor's shape. */
  fields: readonly string[];
  /** An item's place: those fields' values, which together no other item of the list shares. */
  place: (item: T) => readonly string[];
  /** How two places compare; field by field in code-unit order unless told. */
  compare?: (a: readonly string[], b: readonly string[]) => number;
}

/** Places compared field by field, in code-unit order. */
export function comparePlaces(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

/**
 * Pages a list no one query reads in its order: one computed from several
 * reads, or held whole in one item. The list is sorted by a total order and a
 * page starts after the place its cursor names, so an item added or removed
 * between pages moves no other across a page's edge: each item still listed
 * comes once. The cursor is encoded and checked as a query's is.
 */
export function pageInMemory<T>(items: readonly T[], order: MemoryOrder<T>, page: PageRequest): Page<T> {
  const compare = order.compare ?? comparePlaces;
  const sorted = items.map((item) => ({ item, place: order.place(item) }));
  sorted.sort((a, b) => compare(a.place, b.place));
  let start = 0;
  if (page.cursor) {
    const { after } = decodeCursor(page.cursor, 'list', order.list, ['list', 'after']);
    let place: unknown;
    try {
      place = JSON.parse(after as string);
    } catch {
      throw badCursor();
    }
    if (!Array.isArray(place) || place.length !== order.fields.length || !place.every((v) => typeof v === 'string')) {
      throw badCursor();
    }
    const from = place as string[];
    start = sorted.findIndex((s) => compare(s.place, from) > 0);
    if (start < 0) start = sorted.length;
  }
  const taken = sorted.slice(start, start + page.limit);
  const last = taken.at(-1);
  return {
    items: taken.map((s) => s.item),
    nextCursor:
      last && start + taken.length < sorted.length
        ? encodeCursor({ list: order.list, after: JSON.stringify(last.place) })
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
