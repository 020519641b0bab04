import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../lib/store/table';

/**
 * Counts what a document client's requests cost each partition of the table
 * and of each index, per second of a clock (the simulation's, not the wall's),
 * so a peak can be held against DynamoDB's per-partition limits: 1,000 write
 * units and 3,000 read units a second.
 *
 * DynamoDB reports consumed capacity per table and index, never per partition
 * key, so units are worked out from the items as DynamoDB bills them: a write
 * is 1 unit per KB of the item (2 in a transaction), an index entry written
 * likewise for each index the item lands in before or after the write (a key
 * that moves writes both partitions); a read is 1 unit per 4 KB read
 * consistently, half that eventually (2 in a transaction), a Query's items
 * summed before rounding. What DynamoDB Local itself reports in total is kept
 * beside, as a check on the estimate.
 */

export const WRITE_LIMIT = 1_000;
export const READ_LIMIT = 3_000;

/** `table` or an index's name. */
export type Target = string;

export interface Usage {
  writeUnits: number;
  readUnits: number;
  /** Items written (index entries included) and items read. */
  writes: number;
  reads: number;
}

const INDEXES = TABLE.indexes;
const PK = TABLE.partitionKey;
const SK = TABLE.sortKey;

type Item = Record<string, unknown>;
interface Consumed {
  CapacityUnits?: number;
  Table?: { CapacityUnits?: number };
  GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }>;
}
type Input = Record<string, unknown>;

/** A value as the document client holds it, or as a marshalled AttributeValue: the plain string either way. */
function plain(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 1 && typeof o.S === 'string') return o.S;
    if (keys.length === 1 && typeof o.N === 'string') return Number(o.N);
  }
  return v;
}

/** DynamoDB's item size, near enough: attribute names plus values as JSON. */
export function itemBytes(item: Item): number {
  let n = 0;
  for (const [k, v] of Object.entries(item)) {
    n += k.length;
    n += typeof v === 'string' ? Buffer.byteLength(v) : Buffer.byteLength(JSON.stringify(v) ?? '');
  }
  return n;
}

const writeUnits = (bytes: number) => Math.max(1, Math.ceil(bytes / 1024));
const readUnits = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

/** The index partitions an item sits in, by index name. */
function indexKeys(item: Item): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const i of INDEXES) {
    const pk = plain(item[i.partitionKey]);
    // An index holds an item only when it has both of the index's key attributes.
    out[i.name] = typeof pk === 'string' && item[i.sortKey] !== undefined ? pk : undefined;
  }
  return out;
}

interface Shadow {
  bytes: number;
  index: Record<string, string | undefined>;
}

export class PartitionMeter {
  /** `target\u0000key` → second → usage. */
  readonly usage = new Map<string, Map<number, Usage>>();
  /** What DynamoDB Local said it consumed, summed over every counted request: in all, and per table or index. */
  readonly reported = { units: 0, requests: 0, byTarget: new Map<Target, number>() };
  readonly requests = new Map<string, number>();
  /** Off while seeding: items are still followed (their index keys), nothing is counted. */
  counting = true;
  /** Last known size and index keys of every item written through the meter, for updates and deletes. */
  readonly #shadow = new Map<string, Shadow>();

  constructor(private readonly now: () => number) {}

  /** Adds the meter to a client; every request through it is counted. */
  attach(db: DynamoDBDocumentClient, onWritten?: (item: Item) => void): this {
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as Input;
        input.ReturnConsumedCapacity ??= 'INDEXES';
        // The document client's commands run as the low-level ones: PutItemCommand, TransactWriteItemsCommand...
        const name = String(context.commandName ?? '?')
          .replace(/Command$/, '')
          .replace(/(Item|Items)$/, '');
        const at = this.now();
        this.wrote(name, input, at);
        const out = await next(args);
        this.read(name, input, (out as { output: Input }).output ?? {}, at);
        if (onWritten) for (const item of putItems(name, input)) onWritten(item);
        return out;
      },
      { step: 'initialize', name: 'benchPartitionMeter' },
    );
    return this;
  }

  #add(target: Target, key: string, at: number, u: Partial<Usage>) {
    if (!this.counting) return;
    const id = `${target}\u0000${key}`;
    let bySecond = this.usage.get(id);
    if (!bySecond) {
      bySecond = new Map();
      this.usage.set(id, bySecond);
    }
    const second = Math.floor(at / 1000);
    let b = bySecond.get(second);
    if (!b) {
      b = { writeUnits: 0, readUnits: 0, writes: 0, reads: 0 };
      bySecond.set(second, b);
    }
    b.writeUnits += u.writeUnits ?? 0;
    b.readUnits += u.readUnits ?? 0;
    b.writes += u.writes ?? 0;
    b.reads += u.reads ?? 0;
  }

  #count(name: string) {
    if (this.counting) this.requests.set(name, (this.requests.get(name) ?? 0) + 1);
  }

  /** One item's write: its table partition, and every index partition it leaves or enters. */
  #writeItem(key: Item, after: Item | undefined, at: number, factor: number, update?: Input) {
    const pk = String(plain(key[PK]));
    const id = `${pk}\u0000${String(plain(key[SK]))}`;
    const before = this.#shadow.get(id);
    let next: Shadow | undefined;
    if (after) next = { bytes: itemBytes(after), index: indexKeys(after) };
    else if (update) next = applyUpdate(before, update);
    const bytes = next?.bytes ?? before?.bytes ?? 0;
    this.#add('table', pk, at, { writeUnits: writeUnits(bytes) * factor, writes: 1 });
    for (const i of INDEXES) {
      const was = before?.index[i.name];
      const is = next?.index[i.name];
      if (is) this.#add(i.name, is, at, { writeUnits: writeUnits(bytes) * factor, writes: 1 });
      // A delete, or a key that moved, also takes the entry out of the old partition.
      if (was && was !== is) this.#add(i.name, was, at, { writeUnits: factor, writes: 1 });
    }
    if (next) this.#shadow.set(id, next);
    else this.#shadow.delete(id);
  }

  /** Writes are counted as sent: a write refused by its condition is still billed. */
  wrote(name: string, input: Input, at: number) {
    switch (name) {
      case 'Put':
        this.#count(name);
        this.#writeItem(input.Item as Item, input.Item as Item, at, 1);
        return;
      case 'Update':
        this.#count(name);
        this.#writeItem(input.Key as Item, undefined, at, 1, input);
        return;
      case 'Delete':
        this.#count(name);
        this.#writeItem(input.Key as Item, undefined, at, 1);
        return;
      case 'BatchWrite': {
        this.#count(name);
        for (const requests of Object.values(input.RequestItems as Record<string, Input[]>)) {
          for (const r of requests) {
            const put = r.PutRequest as { Item: Item } | undefined;
            const del = r.DeleteRequest as { Key: Item } | undefined;
            if (put) this.#writeItem(put.Item, put.Item, at, 1);
            else if (del) this.#writeItem(del.Key, undefined, at, 1);
          }
        }
        return;
      }
      case 'TransactWrite': {
        this.#count(name);
        for (const t of input.TransactItems as Record<string, Input>[]) {
          if (t.Put) this.#writeItem(t.Put.Item as Item, t.Put.Item as Item, at, 2);
          else if (t.Update) this.#writeItem(t.Update.Key as Item, undefined, at, 2, t.Update);
          else if (t.Delete) this.#writeItem(t.Delete.Key as Item, undefined, at, 2);
          else if (t.ConditionCheck) {
            // Billed as a write of the item's table partition; no index is touched.
            const pk = String(plain((t.ConditionCheck.Key as Item)[PK]));
            this.#add('table', pk, at, { writeUnits: 2, writes: 1 });
          }
        }
        return;
      }
    }
  }

  /** Reads are counted from what came back. */
  read(name: string, input: Input, output: Input, at: number) {
    const cc = output.ConsumedCapacity as Consumed | Consumed[] | undefined;
    if (this.counting && cc) {
      const add = (target: Target, units = 0) =>
        this.reported.byTarget.set(target, (this.reported.byTarget.get(target) ?? 0) + units);
      for (const c of Array.isArray(cc) ? cc : [cc]) {
        this.reported.units += c.CapacityUnits ?? 0;
        add('table', c.Table?.CapacityUnits);
        for (const [index, u] of Object.entries(c.GlobalSecondaryIndexes ?? {})) add(index, u.CapacityUnits);
      }
      this.reported.requests++;
    }
    const consistent = input.ConsistentRead === true;
    switch (name) {
      case 'Get': {
        this.#count(name);
        const item = output.Item as Item | undefined;
        const pk = String(plain((input.Key as Item)[PK]));
        this.#add('table', pk, at, {
          readUnits: readUnits(item ? itemBytes(item) : 0, consistent),
          reads: item ? 1 : 0,
        });
        return;
      }
      case 'Query': {
        this.#count(name);
        const index = input.IndexName as string | undefined;
        const keyName = index ? INDEXES.find((i) => i.name === index)!.partitionKey : PK;
        const pk = queriedPartition(input, keyName);
        const items = (output.Items as Item[] | undefined) ?? [];
        const bytes = items.reduce((s, i) => s + itemBytes(i), 0);
        this.#add(index ?? 'table', pk, at, { readUnits: readUnits(bytes, consistent), reads: items.length });
        return;
      }
      case 'BatchGet': {
        this.#count(name);
        for (const [table, got] of Object.entries((output.Responses as Record<string, Item[]>) ?? {})) {
          const consistentHere = (input.RequestItems as Record<string, Input>)[table]?.ConsistentRead === true;
          for (const item of got) {
            this.#add('table', String(plain(item[PK])), at, {
              readUnits: readUnits(itemBytes(item), consistentHere),
              reads: 1,
            });
          }
        }
        return;
      }
      case 'TransactGet': {
        this.#count(name);
        const responses = (output.Responses as { Item?: Item }[] | undefined) ?? [];
        (input.TransactItems as { Get: { Key: Item } }[]).forEach((t, n) => {
          const item = responses[n]?.Item;
          this.#add('table', String(plain(t.Get.Key[PK])), at, {
            readUnits: 2 * readUnits(item ? itemBytes(item) : 0, true),
            reads: item ? 1 : 0,
          });
        });
        return;
      }
      case 'Update': {
        // An update that returns the item tells its true size and index keys.
        const item = output.Attributes as Item | undefined;
        if (item && input.ReturnValues === 'ALL_NEW') {
          this.#shadow.set(`${String(plain(item[PK]))}\u0000${String(plain(item[SK]))}`, {
            bytes: itemBytes(item),
            index: indexKeys(item),
          });
        }
        return;
      }
    }
  }

  /** Every partition's busiest second and its mean rate over [from, to) seconds, busiest first. */
  hottest(
    target: Target,
    units: 'writeUnits' | 'readUnits',
    from: number,
    to: number,
    top = 5,
  ): { key: string; peak: number; peakSecond: number; mean: number; total: Usage }[] {
    const out: { key: string; peak: number; peakSecond: number; mean: number; total: Usage }[] = [];
    for (const [id, bySecond] of this.usage) {
      const [t, key] = id.split('\u0000') as [string, string];
      if (t !== target) continue;
      let peak = 0;
      let peakSecond = from;
      const total: Usage = { writeUnits: 0, readUnits: 0, writes: 0, reads: 0 };
      for (const [second, u] of bySecond) {
        if (second < from || second >= to) continue;
        if (u[units] > peak) {
          peak = u[units];
          peakSecond = second;
        }
        total.writeUnits += u.writeUnits;
        total.readUnits += u.readUnits;
        total.writes += u.writes;
        total.reads += u.reads;
      }
      if (total[units] > 0) out.push({ key, peak, peakSecond, mean: total[units] / (to - from), total });
    }
    return out.sort((a, b) => b.peak - a.peak || b.mean - a.mean).slice(0, top);
  }
}

/** The items a successful write put, for a caller that follows them (an outbox record, an offer). */
function putItems(name: string, input: Input): Item[] {
  if (name === 'Put') return [input.Item as Item];
  if (name === 'TransactWrite')
    return (input.TransactItems as Record<string, Input>[]).flatMap((t) => (t.Put ? [t.Put.Item as Item] : []));
  if (name === 'BatchWrite')
    return Object.values(input.RequestItems as Record<string, Input[]>).flatMap((rs) =>
      rs.flatMap((r) => (r.PutRequest ? [(r.PutRequest as { Item: Item }).Item] : [])),
    );
  return [];
}

/** The partition key value a Query names: `<name> = :value` in its key condition, through its name placeholders. */
function queriedPartition(input: Input, keyName: string): string {
  const names = (input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {};
  const values = (input.ExpressionAttributeValues as Record<string, unknown> | undefined) ?? {};
  const condition = String(input.KeyConditionExpression ?? '');
  for (const m of condition.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const name = names[m[1]!] ?? m[1];
    if (name === keyName) return String(plain(values[m[2]!]));
  }
  return '?';
}

/** The index keys after an update: SET of an index key attribute moves it there, REMOVE takes it out. */
function applyUpdate(before: Shadow | undefined, update: Input): Shadow {
  const names = (update.ExpressionAttributeNames as Record<string, string> | undefined) ?? {};
  const values = (update.ExpressionAttributeValues as Record<string, unknown> | undefined) ?? {};
  const expression = String(update.UpdateExpression ?? '');
  const index = { ...(before?.index ?? {}) };
  const clauses = expression.split(/\b(SET|REMOVE|ADD|DELETE)\b/i);
  for (let n = 1; n < clauses.length; n += 2) {
    const verb = clauses[n]!.toUpperCase();
    const body = clauses[n + 1] ?? '';
    for (const part of splitTopLevel(body)) {
      if (verb === 'SET') {
        const m = part.match(/^\s*([#\w]+)\s*=\s*(:\w+)\s*$/);
        if (!m) continue;
        const name = names[m[1]!] ?? m[1];
        const i = INDEXES.find((x) => x.partitionKey === name);
        if (i) index[i.name] = String(plain(values[m[2]!]));
      } else if (verb === 'REMOVE') {
        const name = names[part.trim()] ?? part.trim();
        const i = INDEXES.find((x) => x.partitionKey === name);
        if (i) index[i.name] = undefined;
      }
    }
  }
  return { bytes: before?.bytes ?? 0, index };
}

/** Splits an update clause on commas outside parentheses (`if_not_exists(a, :b)` stays whole). */
function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let n = 0; n < body.length; n++) {
    const ch = body[n];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(body.slice(start, n));
      start = n + 1;
    }
  }
  parts.push(body.slice(start));
  return parts.filter((p) => p.trim());
}
