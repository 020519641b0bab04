import { cancelledInPassing } from './transact';

/**
 * How often, and how far apart, an operation is tried again.
 * The pause before try n (n ≥ 1) is `min(capMs, baseMs · 2^(n-1))` scaled by
 * a factor in [0.5, 1.5) drawn from `random`, so a burst of callers that lost
 * the same race spread out rather than collide again in step.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  capMs?: number;
  /** The injected random source (`deps.random`), so a test can pin the jitter. */
  random: () => number;
}

/** What a step returns to be run again after a pause: it read something that moved before it could write. */
export const AGAIN: unique symbol = Symbol('again');
export type Again = typeof AGAIN;

/** The errors worth another try as they stand: throttling, and a transaction that met another in passing. */
export function isTransient(error: unknown): boolean {
  if (cancelledInPassing(error)) return true;
  return (
    error instanceof Error &&
    [
      'TransactionConflictException',
      'TransactionInProgressException',
      'ProvisionedThroughputExceededException',
      'InternalServerError',
      'ThrottlingException',
      'RequestLimitExceeded',
    ].includes(error.name)
  );
}

export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The pause before try `attempt` (1 for the first retry). */
export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.capMs ?? Number.POSITIVE_INFINITY, policy.baseMs * 2 ** (attempt - 1));
  return ceiling * (0.5 + policy.random());
}

/**
 * Runs `step` until it returns a value. It runs again, after a backoff, when
 * it returns `AGAIN` (the caller's own judgement: a named condition it knows
 * to be a race, say) or throws an error `isTransient` accepts. When the tries
 * run out, `exhausted` says what to throw (by default the last transient
 * error, or a plain Error after `AGAIN`); any other error is thrown at once.
 */
export async function retry<T>(
  policy: RetryPolicy,
  step: (attempt: number) => Promise<T | Again>,
  exhausted?: () => Error,
): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < policy.attempts; attempt++) {
    if (attempt) await pause(backoffMs(policy, attempt));
    try {
      const result = await step(attempt);
      if (result !== AGAIN) return result as T;
      last = undefined;
    } catch (error) {
      if (!isTransient(error)) throw error;
      last = error;
    }
  }
  if (exhausted) throw exhausted();
  throw last ?? new Error(`Gave up after ${policy.attempts} tries`);
}

/**
 * Batch reads and writes hand back what DynamoDB left unprocessed: this calls
 * `send` with what is pending until nothing is, backing off between rounds.
 * Throws when the policy's tries run out with work still pending.
 */
export async function drain<K>(
  policy: RetryPolicy,
  pending: K[],
  send: (pending: K[]) => Promise<K[] | undefined>,
): Promise<void> {
  let rest: K[] | undefined = pending;
  await retry(
    policy,
    async () => {
      rest = rest?.length ? await send(rest) : undefined;
      return rest?.length ? AGAIN : undefined;
    },
    () => new Error(`DynamoDB left ${rest?.length ?? 0} requests unprocessed after ${policy.attempts} tries`),
  );
}
