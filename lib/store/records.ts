import { TABLE } from './table';

const STORAGE_ATTRIBUTES = new Set([
  TABLE.partitionKey,
  TABLE.sortKey,
  ...TABLE.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  'type',
  'ttl',
  'version',
  'searchName',
  // A booking's note to the outbox relay (see bookingOutboxRecord), not part of the booking.
  'confirm',
]);

/** An item without its keys and bookkeeping: the record the domain knows. */
export function toRecord<T>(item: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!STORAGE_ATTRIBUTES.has(k)) out[k] = v;
  return out as T;
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
