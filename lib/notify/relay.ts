import { randomUUID } from 'node:crypto';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../domain/ports';
import type { OutboxMessage } from '../domain/types';
import { logger } from '../logger';
import { countMetric, METRIC } from '../metrics';
import * as keys from '../store/keys';
import type { OutboxRecord } from '../store/outbox';
import { isConditionFailure } from '../store/records';
import { backoffMs, type RetryPolicy } from '../store/retry';
import type { Publisher } from './publisher';

export interface RelayDeps {
  db: DynamoDBDocumentClient;
  table: string;
  publisher: Publisher;
  clock: Clock;
  /** A record to the messages it stands for: itself, or one per offeree for a fan-out. */
  expand: (record: OutboxRecord) => Promise<OutboxMessage[]>;
  /** Waits between publish attempts; tests pass one that does not. */
  sleep?: (ms: number) => Promise<void>;
  /** The jitter of those waits. @default Math.random */
  random?: () => number;
}

/**
 * A claim older than this belongs to an invocation that died mid-send, and may
 * be taken over. A publish takes seconds. The relay waits out a claim this old
 * itself (BUSY_POLLS_MS), so a record held up by a dead claim is not left to
 * the stream's retries, which could run out first and dead-letter it.
 */
export const CLAIM_STALE_MS = 15_000;
/** Markers outlive the outbox records (a week) so a replayed record still finds its message sent. */
const MARKER_TTL_SECONDS = 7 * 24 * 3600;
/**
 * Publish rounds within one invocation (the first and three retries), then
 * the stream retries the record: pauses of 75-225, 150-450 and 300-900 ms,
 * spread so that retries from many records do not arrive together.
 */
export const publishPolicy = (random: () => number): RetryPolicy => ({ attempts: 4, baseMs: 150, random });
const CLAIM_CONCURRENCY = 10;
/** Records of a batch worked out (expanded) at once. */
const EXPAND_CONCURRENCY = 4;
/**
 * Messages claimed together, then published and marked one by one: a batch,
 * its retries included, takes seconds at most, far inside CLAIM_STALE_MS.
 */
export const SEND_BATCH = 50;
/**
 * Pauses before looking again at messages another invocation holds: short at
 * first, growing, and 15.75 s in all, just past CLAIM_STALE_MS, so the last
 * look can take over a dead sender's claim.
 */
export const BUSY_POLLS_MS = [250, 500, 1000, 2000, 4000, 4000, 4000];

/** The marker that says a message has been (or is being) delivered. */
export const sentMarkerKey = keys.sentMarker;

/**
 * Thrown by an expander that worked out some of a record's messages but not
 * all its work: the relay sends those and retries the record, whose replay
 * finds them sent.
 */
export class PartlyExpanded extends Error {
  constructor(
    readonly messages: OutboxMessage[],
    cause: unknown,
  ) {
    super(`Expanded in part: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'PartlyExpanded';
  }
}

type Claim = 'claimed' | 'sent' | 'busy';
interface ClaimToken {
  claimedAt: string;
  token: string;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Publishes outbox records, each message once in normal operation, however
 * often the stream delivers the record: a message is claimed with a
 * conditional put before it is sent, marked sent as soon as its own publish
 * returns, and released if it could not be sent so that the stream's retry
 * sends it.
 *
 * Returns the ids of the records to retry: those with a message not
 * delivered, or still being delivered by another invocation.
 */
export async function relayOutbox(records: readonly OutboxRecord[], deps: RelayDeps): Promise<{ failed: string[] }> {
  const sleep = deps.sleep ?? defaultSleep;
  const failedRecords = new Set<string>();
  /** Each message once, with every record it came from (a replayed record can sit twice in one batch). */
  const messages = new Map<string, { message: OutboxMessage; records: Set<string> }>();
  const keyOf = (m: OutboxMessage) => `${m.orgId}\u0000${m.id}`;

  const add = (record: OutboxRecord, found: readonly OutboxMessage[]) => {
    for (const message of found) {
      const seen = messages.get(keyOf(message));
      if (seen) seen.records.add(record.id);
      else messages.set(keyOf(message), { message, records: new Set([record.id]) });
    }
  };
  // Each record once (a replayed one can sit twice in a batch), several at a time: a booking's record withdraws
  // every other offer of its shift, and a batch of them one after another held the texts behind them for seconds.
  const distinct = [...new Map(records.map((r) => [`${r.orgId}\u0000${r.id}`, r])).values()];
  const expanded = await mapLimited(distinct, EXPAND_CONCURRENCY, async (record) => {
    try {
      return { record, found: await deps.expand(record) };
    } catch (error) {
      return { record, error };
    }
  });
  for (const { record, found, error } of expanded) {
    if (found) {
      add(record, found);
      continue;
    }
    failedRecords.add(record.id);
    // What could be worked out is still sent; the record comes back for the rest.
    const partly = error instanceof PartlyExpanded;
    if (partly) add(record, error.messages);
    logger.error(partly ? 'Could not finish an outbox record; its messages go now' : 'Could not expand outbox record', {
      recordId: record.id,
      kind: record.kind,
      // Not the partial messages themselves: their bodies are nobody's business in a log.
      error: (partly ? error.cause : error) as Error,
    });
  }

  const undelivered = new Set<OutboxMessage>();
  const entries = [...messages.values()].map((e) => e.message);
  // The token, not the time, tells our claim from another's: the local runtime's clock can stand still.
  const token = randomUUID();
  let busy = await claimAndSend(entries, token, deps, sleep, undelivered);
  // Another invocation holds these. A live one finishes in well under a second; a dead one's claim goes stale
  // after CLAIM_STALE_MS. Waiting here covers both, rather than trusting the stream's retries to outlast it.
  for (const pauseMs of BUSY_POLLS_MS) {
    if (!busy.length) break;
    await sleep(pauseMs);
    busy = await claimAndSend(busy, token, deps, sleep, undelivered);
  }
  for (const m of busy) undelivered.add(m);
  for (const m of undelivered) for (const recordId of messages.get(keyOf(m))!.records) failedRecords.add(recordId);

  if (undelivered.size)
    logger.warn('Outbox messages left for a retry', { messageIds: [...undelivered].map((m) => m.id) });
  return { failed: [...failedRecords] };
}

/**
 * Claims and publishes the messages a batch at a time, each batch claimed
 * just before it goes: a fan-out to a thousand offerees takes far longer than
 * CLAIM_STALE_MS, and claims made at its start would look abandoned before its
 * last texts went, for another invocation to take over and send again.
 *
 * Within a batch the messages go one at a time, each marked sent as soon as
 * its own publish returns: a relay that dies (a SIGKILL, a Lambda timeout)
 * leaves at most the one message it was publishing delivered but unmarked,
 * the only one the takeover of its stale claims sends twice. Refusals are
 * retried with backoff, a round over what is left at a time; what still fails
 * is released and added to `undelivered`. Returns the messages another
 * invocation holds.
 */
async function claimAndSend(
  messages: readonly OutboxMessage[],
  token: string,
  deps: RelayDeps,
  sleep: (ms: number) => Promise<void>,
  undelivered: Set<OutboxMessage>,
): Promise<OutboxMessage[]> {
  const busy: OutboxMessage[] = [];
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    const batch = messages.slice(i, i + SEND_BATCH);
    const mine: ClaimToken = { claimedAt: deps.clock.now().toISOString(), token };
    const claims = await mapLimited(batch, CLAIM_CONCURRENCY, (m) => claim(m, mine, deps));
    busy.push(...batch.filter((_, j) => claims[j] === 'busy'));
    let pending = batch.filter((_, j) => claims[j] === 'claimed');
    const policy = publishPolicy(deps.random ?? Math.random);
    for (let attempt = 0; pending.length && attempt < policy.attempts; attempt++) {
      if (attempt > 0) await sleep(backoffMs(policy, attempt));
      const refused: OutboxMessage[] = [];
      for (const m of pending) {
        if (await publishOne(m, attempt, deps)) await markSent(m, deps);
        else refused.push(m);
      }
      pending = refused;
    }
    await mapLimited(pending, CLAIM_CONCURRENCY, (m) => release(m, mine, deps));
    for (const m of pending) undelivered.add(m);
  }
  return busy;
}

/** True once the publisher has taken the message; a publisher that throws refuses it. */
async function publishOne(message: OutboxMessage, attempt: number, deps: RelayDeps): Promise<boolean> {
  let taken = false;
  try {
    const { failed } = await deps.publisher.publish([message]);
    taken = !failed.includes(message.id);
  } catch (error) {
    logger.warn('Publisher failed', { attempt, messageId: message.id, error: error as Error });
  }
  // Every refusal counts, retries included: a rising count is SMS spend limits or bad numbers, seen early.
  if (message.channel === 'sms') countMetric(taken ? METRIC.textSent : METRIC.textRefused);
  return taken;
}

async function claim(message: OutboxMessage, { claimedAt, token }: ClaimToken, deps: RelayDeps): Promise<Claim> {
  const key = sentMarkerKey(message.orgId, message.id);
  const stale = new Date(Date.parse(claimedAt) - CLAIM_STALE_MS).toISOString();
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...key, type: 'SENT', state: 'sending', claimedAt, token, ttl: ttlFrom(claimedAt) },
        ConditionExpression: 'attribute_not_exists(PK) OR (#state = :sending AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':stale': stale },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return 'claimed';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The document client leaves the old item of a failed condition in wire form.
    const old = (error as { Item?: Record<string, unknown> }).Item?.state as { S?: string } | string | undefined;
    let state = typeof old === 'string' ? old : old?.S;
    if (!state) {
      const { Item } = await deps.db.send(new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: true }));
      // Released between our put and this read: let the retry claim it afresh.
      state = (Item?.state as string | undefined) ?? 'released';
    }
    return state === 'sent' ? 'sent' : 'busy';
  }
}

function ttlFrom(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000) + MARKER_TTL_SECONDS;
}

async function markSent(message: OutboxMessage, deps: RelayDeps): Promise<void> {
  const sentAt = deps.clock.now().toISOString();
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...sentMarkerKey(message.orgId, message.id),
          type: 'SENT',
          state: 'sent',
          sentAt,
          ttl: ttlFrom(sentAt),
        },
      }),
    );
  } catch (error) {
    // Delivered all the same: failing the record would only send it again.
    logger.error('Could not mark a delivered message as sent', { messageId: message.id, error: error as Error });
  }
}

async function release(message: OutboxMessage, { token }: ClaimToken, deps: RelayDeps): Promise<void> {
  try {
    await deps.db.send(
      new DeleteCommand({
        TableName: deps.table,
        Key: sentMarkerKey(message.orgId, message.id),
        // Only our own claim: a later invocation may have taken it over.
        ConditionExpression: '#state = :sending AND #token = :token',
        ExpressionAttributeNames: { '#state': 'state', '#token': 'token' },
        ExpressionAttributeValues: { ':sending': 'sending', ':token': token },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return;
    // The claim goes stale in a minute and the retry takes it over then.
    logger.error('Could not release a message claim', { messageId: message.id, error: error as Error });
  }
}
