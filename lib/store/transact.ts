import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';

type RawItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type WithoutTable<T> = T extends object ? Omit<T, 'TableName'> : never;

/** A put, as TransactWriteItems takes it, less the table (the helper adds it). */
export type PutWrite = WithoutTable<NonNullable<RawItem['Put']>>;
export type UpdateWrite = WithoutTable<NonNullable<RawItem['Update']>>;
export type DeleteWrite = WithoutTable<NonNullable<RawItem['Delete']>>;
export type ConditionCheckWrite = WithoutTable<NonNullable<RawItem['ConditionCheck']>>;

/**
 * One item of a transaction, named so that a failed condition is reported by
 * what the item is (`'shift'`, `'diary'`, `'guard:cln-1'`) rather than by its
 * place in the list. Names need not be unique: items sharing a name fail
 * together as that name.
 */
export type TransactItem<N extends string = string> = { name: N } & (
  | { put: PutWrite; update?: never; delete?: never; check?: never }
  | { update: UpdateWrite; put?: never; delete?: never; check?: never }
  | { delete: DeleteWrite; put?: never; update?: never; check?: never }
  | { check: ConditionCheckWrite; put?: never; update?: never; delete?: never }
);

/**
 * What a transaction came to: written, or refused because the named items'
 * conditions failed (each name once, in the order the items were given).
 * Anything else (throttling, a conflict with another transaction, a
 * validation error) is thrown as DynamoDB raised it, for `retry` to judge.
 */
export type TransactOutcome<N extends string = string> = { ok: true } | { ok: false; failed: N[] };

/** The most items one TransactWriteItems may hold. */
export const MAX_TRANSACT_ITEMS = 100;

function raw(table: string, item: TransactItem): RawItem {
  if (item.put) return { Put: { TableName: table, ...item.put } };
  if (item.update) return { Update: { TableName: table, ...item.update } };
  if (item.delete) return { Delete: { TableName: table, ...item.delete } };
  return { ConditionCheck: { TableName: table, ...item.check! } };
}

/**
 * Writes the items in one transaction. The only place that reads
 * `CancellationReasons`: DynamoDB lists them by position, and this turns the
 * positions back into the caller's names.
 */
export async function transact<N extends string>(
  db: DynamoDBDocumentClient,
  table: string,
  items: readonly TransactItem<N>[],
): Promise<TransactOutcome<N>> {
  try {
    await db.send(new TransactWriteCommand({ TransactItems: items.map((i) => raw(table, i)) }));
    return { ok: true };
  } catch (error) {
    const failed = failedNames(error, items);
    if (!failed?.length) throw error;
    return { ok: false, failed };
  }
}

/** The names of the items whose condition failed, or undefined when the error is not a cancelled transaction. */
export function failedNames<N extends string>(error: unknown, items: readonly { name: N }[]): N[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  const names = new Set<N>();
  (error.CancellationReasons ?? []).forEach((reason, i) => {
    const item = items[i];
    if (reason.Code === 'ConditionalCheckFailed' && item) names.add(item.name);
  });
  return [...names];
}

/** Whether a transaction was cancelled only because another transaction or DynamoDB's capacity got in the way. */
export function cancelledInPassing(error: unknown): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code).filter((c) => c && c !== 'None');
  return (
    codes.length > 0 &&
    codes.every((c) => c === 'TransactionConflict' || c === 'ThrottlingError' || c === 'ProvisionedThroughputExceeded')
  );
}
