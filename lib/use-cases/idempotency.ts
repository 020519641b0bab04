import { createHash } from 'node:crypto';
import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ValidationError } from '../domain/errors';
import type { StoredReply } from '../store/idempotency';
import { pause } from '../store/retry';

/** Printable ASCII without spaces, as clients generate them (UUIDs, ULIDs). */
const KEY = /^[\x21-\x7e]{1,128}$/;
/** Longer than any bulk post takes; a claim older than this belongs to a request that died. */
const LEASE_MS = 60_000;
/** How long a duplicate waits for the first request's result before answering that it is still running. */
const WAIT_MS = 25_000;
const POLL_MS = 100;

/**
 * Runs a request once per `Idempotency-Key`: the first answers and its reply
 * is kept; the same key again (even while the first still runs) answers that
 * reply, status and body, and changes nothing. Keys are the caller's own: the
 * same key from another user is another request. A key sent with a different
 * body is refused, since it cannot mean the same request.
 */
export async function idempotent<R extends StoredReply>(
  caller: Caller,
  route: string,
  key: string | undefined,
  request: unknown,
  deps: Pick<Deps, 'clock' | 'idempotency'>,
  run: () => Promise<R>,
): Promise<R> {
  if (key === undefined) return run();
  if (!KEY.test(key)) {
    throw new ValidationError('The Idempotency-Key header is not valid', [
      { path: 'headers.idempotency-key', message: 'must be 1 to 128 printable characters without spaces' },
    ]);
  }
  const scoped = `${caller.userId}#${route}#${key}`;
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
  const deadline = Date.now() + WAIT_MS;
  // A poll, not a retry: waiting on another request's reply is bounded by time, evenly spaced,
  // and nothing here failed, so retry()'s tries, backoff and transient rules do not fit.
  for (;;) {
    const claim = await deps.idempotency.claim(caller.orgId, scoped, hash, deps.clock.now().getTime(), LEASE_MS);
    // The reply this route gave the first time, kept as it was sent.
    if (claim.outcome === 'done') return claim.reply as R;
    if (claim.outcome === 'mismatch') {
      throw new ConflictError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was sent before with another request');
    }
    if (claim.outcome === 'claimed') break;
    if (Date.now() > deadline) {
      throw new ConflictError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being served');
    }
    await pause(POLL_MS);
  }
  let reply: R;
  try {
    reply = await run();
  } catch (error) {
    await deps.idempotency.release(caller.orgId, scoped).catch(() => undefined);
    throw error;
  }
  await deps.idempotency.complete(caller.orgId, scoped, reply);
  return reply;
}
