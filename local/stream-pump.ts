import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '../lib/logger';
import { asInvocation, type DeadLetter, DeadLetters, handlerOf } from './local-lambda';

export type { DeadLetter } from './local-lambda';

export type StreamHandler = (
  event: DynamoDBStreamEvent,
  context: unknown,
) => Promise<DynamoDBBatchResponse | undefined>;

export interface StreamConsumer {
  /** Names the consumer in checkpoints and dead letters, like an event source mapping. */
  name: string;
  /** The event-source filter: records it refuses are skipped, as Lambda drops them. */
  matches: (record: DynamoDBRecord) => boolean;
  /** A handler module (relative to the repository root, exporting `handler`) or the handler itself. */
  handler: string | StreamHandler;
  /** Records per invocation; Lambda's batch size. @default 10 */
  batchSize?: number;
}

export interface StreamPumpOptions {
  endpoint: string;
  tableName: string;
  /** Checkpoints and dead letters go here; undefined keeps them in memory. */
  dataDir?: string;
  consumers: StreamConsumer[];
  region?: string;
  /** The wait between passes while records are coming (and for a second after). @default 150 */
  pollMs?: number;
  /**
   * The longest wait between passes while they find nothing: each quiet pass
   * doubles the wait from `pollMs` up to this, and `wake()` (a write was
   * made) or a record brings it back. An idle runtime's three consumers
   * otherwise keep DynamoDB Local answering twenty passes a second.
   * @default pollMs (never backs off)
   */
  idlePollMs?: number;
  /** Attempts at a batch before it is bisected, and at a single record before it is dead-lettered. @default 5 */
  maxAttempts?: number;
  /** First retry delay, doubling each attempt. @default 200 */
  retryBaseMs?: number;
  /**
   * Whether the database is there. While it is not (DynamoDB Local is being
   * restarted), nothing is attempted, and a batch that failed because it went
   * away is not held against its records: they are not dead-lettered for it.
   * @default always
   */
  ready?: () => boolean;
  /**
   * A consumer with no checkpoint yet starts after the records already in
   * the stream instead of at its start (where the stream ends when its first
   * pass begins): a first start's demo data is history, relayed long ago in
   * the story it tells. @default false
   */
  skipExisting?: boolean;
}

export interface StreamPump {
  /** Resolves once every consumer has made its first pass (with `skipExisting`, once each has passed the existing records). */
  readonly ready: Promise<void>;
  /** Resolves once every record written before the call has been handled (or dead-lettered). */
  drain(): Promise<void>;
  /** Something was written: every consumer looks at the stream now and polls at `pollMs` again. */
  wake(): void;
  stop(): Promise<void>;
  readonly deadLetters: readonly DeadLetter[];
}

interface ShardCheckpoint {
  /** The last sequence number handled. */
  seq?: string;
  /** Closed and read to its end. */
  done?: boolean;
}

interface ConsumerCheckpoint {
  streamArn?: string;
  shards: Record<string, ShardCheckpoint>;
}

interface StreamRecord extends DynamoDBRecord {
  dynamodb: NonNullable<DynamoDBRecord['dynamodb']> & { SequenceNumber: string };
}

interface Shard {
  ShardId: string;
  ParentShardId?: string;
  SequenceNumberRange?: { StartingSequenceNumber?: string; EndingSequenceNumber?: string };
}

class DynamoDbError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(`${type}: ${message}`);
    this.name = type;
  }
}

/**
 * Speaks the DynamoDB and DynamoDB Streams JSON protocol to DynamoDB Local
 * directly: the streams client is not a dependency, and DynamoDB Local
 * checks that a request is signed, not how.
 */
function wire(endpoint: string) {
  return async <T>(target: string, body: unknown): Promise<T> => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': target,
        'x-amz-date': '20260101T000000Z',
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/eu-west-2/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
      },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T & { __type?: string; Message?: string; message?: string };
    if (!res.ok) {
      throw new DynamoDbError(json.__type?.split('#').pop() ?? 'Error', json.Message ?? json.message ?? res.statusText);
    }
    return json;
  };
}

const delay = (ms: number, signal: AbortSignal, wakers?: Set<() => void>) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      wakers?.delete(done);
      resolve();
    }
    signal.addEventListener('abort', done);
    wakers?.add(done);
  });

/** How long a lookup of the table's stream ARN is trusted. */
const STREAM_LOOKUP_MS = 5_000;

/** How long after a record or a wake the consumers keep polling at `pollMs` before backing off. */
const BUSY_MS = 1_000;

const describe = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * The local stand-in for Lambda's DynamoDB event source mappings: reads the
 * table's stream from DynamoDB Local, builds the events Lambda would, and
 * invokes each consumer's handler with the same semantics: batches in shard
 * order, ReportBatchItemFailures (retry from the first failed record), and,
 * after the attempts run out, bisection down to the poison record, which goes
 * to the dead letters so the records behind it can move on.
 */
export function startStreamPump(options: StreamPumpOptions): StreamPump {
  const call = wire(options.endpoint);
  const pollMs = options.pollMs ?? 150;
  const idlePollMs = Math.max(options.idlePollMs ?? pollMs, pollMs);
  // Backoff 0.2, 0.4 ... 5 s: about 20 s of retries, longer than a dead sender's claim lasts (the relay's CLAIM_STALE_MS).
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 200;
  const databaseUp = options.ready ?? (() => true);
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const checkpointFile = options.dataDir ? join(options.dataDir, 'stream-checkpoints.json') : undefined;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

  const checkpoints: Record<string, ConsumerCheckpoint> =
    checkpointFile && existsSync(checkpointFile) ? JSON.parse(readFileSync(checkpointFile, 'utf8')) : {};
  const saveCheckpoints = () => {
    if (!checkpointFile) return;
    // Write then rename, so a crash never leaves half a file to resume from.
    writeFileSync(`${checkpointFile}.tmp`, JSON.stringify(checkpoints, null, 2));
    renameSync(`${checkpointFile}.tmp`, checkpointFile);
  };

  const deadLetters = new DeadLetters(options.dataDir);
  const abort = new AbortController();
  /** Drains waiting for a pass, numbered across consumers, that starts after they were asked for. */
  const waiters: { consumer: string; after: number; resolve: () => void }[] = [];
  let passCounter = 0;
  /** Consumers' waits between passes that a wake cuts short. */
  const sleepers = new Set<() => void>();
  let wokenAt = 0;
  const wake = () => {
    wokenAt = Date.now();
    for (const cut of [...sleepers]) cut();
  };

  /**
   * The table's stream, looked up for every consumer at most once in
   * STREAM_LOOKUP_MS: DescribeTable makes DynamoDB Local count the whole
   * table (50 ms at the demo's size, more as a test run fills it), and the
   * stream changes only when the table is made again. A failed pass looks
   * again at once.
   */
  let lookup: { at: number; arn: Promise<string> } | undefined;
  const latestStreamArn = (): Promise<string> => {
    if (!lookup || Date.now() - lookup.at > STREAM_LOOKUP_MS) {
      const arn = call<{ Table: { LatestStreamArn?: string } }>('DynamoDB_20120810.DescribeTable', {
        TableName: options.tableName,
      }).then(({ Table }) => {
        if (!Table.LatestStreamArn) throw new Error(`Table ${options.tableName} has no stream`);
        return Table.LatestStreamArn;
      });
      const current = { at: Date.now(), arn };
      lookup = current;
      arn.catch(() => {
        if (lookup === current) lookup = undefined;
      });
    }
    return lookup.arn;
  };

  const runConsumer = async (consumer: StreamConsumer) => {
    // Records already there are passed over on the first pass only when this consumer has never read the stream.
    let skipping = options.skipExisting === true && checkpoints[consumer.name] === undefined;
    checkpoints[consumer.name] ??= { shards: {} };
    const checkpoint = checkpoints[consumer.name]!;
    const iterators = new Map<string, string>();
    const batchSize = consumer.batchSize ?? 10;
    // Loaded at the first batch, so a pump with nothing to deliver yet starts without compiling the handler.
    const loadHandler = handlerOf(consumer.handler);
    let streamArn: string | undefined;

    type Outcome = { ok: true } | { ok: false; failedAt: number; thrown: boolean; error: string };
    const invoke = async (records: StreamRecord[]): Promise<Outcome> => {
      const event: DynamoDBStreamEvent = { Records: records };
      try {
        const handler = await loadHandler();
        // Its own log scope, as its own Lambda invocation would have: never a request's keys.
        const reply = await asInvocation(consumer.name, { consumer: consumer.name }, (context) =>
          handler(event, context),
        );
        const failures = reply?.batchItemFailures ?? [];
        if (!failures.length) return { ok: true };
        const failed = new Set(failures.map((f) => f.itemIdentifier));
        const index = records.findIndex((r) => failed.has(r.dynamodb.SequenceNumber));
        // An identifier naming no record of the batch fails the whole batch, as Lambda treats it.
        return { ok: false, failedAt: Math.max(index, 0), thrown: index < 0, error: 'reported in batchItemFailures' };
      } catch (error) {
        return { ok: false, failedAt: 0, thrown: true, error: describe(error) };
      }
    };

    const deadLetter = (record: StreamRecord, error: string) => {
      deadLetters.add(consumer.name, error, record);
      logger.error('Stream record dead-lettered', {
        consumer: consumer.name,
        sequenceNumber: record.dynamodb.SequenceNumber,
        error,
      });
    };

    /** Handles a batch until it succeeds; a batch that keeps failing is split, and a record that keeps failing is set aside. */
    const handle = async (batch: StreamRecord[]): Promise<void> => {
      let pending = batch;
      let last: Outcome = { ok: true };
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        while (!databaseUp() && !abort.signal.aborted) await delay(pollMs, abort.signal);
        if (abort.signal.aborted) throw new Error('stopped');
        last = await invoke(pending);
        if (last.ok) return;
        pending = pending.slice(last.failedAt);
        if (!databaseUp()) {
          // The database went away under it: try again once it is back, as if this attempt had not been made.
          attempt--;
          continue;
        }
        if (attempt < maxAttempts) await delay(Math.min(retryBaseMs * 2 ** (attempt - 1), 5_000), abort.signal);
      }
      if (abort.signal.aborted) throw new Error('stopped');
      if (last.ok) return;
      if (pending.length === 1) return deadLetter(pending[0]!, last.error);
      // A reported failure names its record: split it off at once. A thrown error names none: halve.
      const cut = last.thrown ? Math.ceil(pending.length / 2) : 1;
      await handle(pending.slice(0, cut));
      await handle(pending.slice(cut));
    };

    const iteratorFor = async (shard: Shard): Promise<string> => {
      const seq = checkpoint.shards[shard.ShardId]?.seq;
      const request = seq
        ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: seq }
        : // Skipping what is there: at the end of the shard now, without reading its records.
          { ShardIteratorType: skipping ? 'LATEST' : 'TRIM_HORIZON' };
      try {
        const { ShardIterator } = await call<{ ShardIterator: string }>('DynamoDBStreams_20120810.GetShardIterator', {
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ...request,
        });
        return ShardIterator;
      } catch (error) {
        if (!(error instanceof DynamoDbError) || error.type !== 'TrimmedDataAccessException' || !seq) throw error;
        const { ShardIterator } = await call<{ ShardIterator: string }>('DynamoDBStreams_20120810.GetShardIterator', {
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        });
        return ShardIterator;
      }
    };

    /** Reads one shard as far as it goes now; true if it returned nothing new. */
    const readShard = async (shard: Shard): Promise<boolean> => {
      let iterator = iterators.get(shard.ShardId) ?? (await iteratorFor(shard));
      let idle = true;
      let renewed = false;
      for (;;) {
        let page: { Records?: StreamRecord[]; NextShardIterator?: string };
        try {
          page = await call('DynamoDBStreams_20120810.GetRecords', { ShardIterator: iterator, Limit: 1000 });
        } catch (error) {
          // An iterator kept across a long wait can go stale (DynamoDB Local then also answers Trimmed): start again
          // from the checkpoint, once; a fresh iterator that fails too fails the pass.
          const stale =
            error instanceof DynamoDbError &&
            (error.type === 'ExpiredIteratorException' || error.type === 'TrimmedDataAccessException');
          if (stale && !renewed) {
            renewed = true;
            iterators.delete(shard.ShardId);
            iterator = await iteratorFor(shard);
            continue;
          }
          throw error;
        }
        const records = (page.Records ?? []).map((r) => ({ ...r, awsRegion: region, eventSourceARN: streamArn }));
        if (records.length) idle = false;

        let matched: StreamRecord[] = [];
        let through: string | undefined;
        const flush = async () => {
          if (matched.length) await handle(matched);
          matched = [];
          if (through) {
            checkpoint.shards[shard.ShardId] = { seq: through };
            saveCheckpoints();
          }
        };
        for (const record of records) {
          if (!skipping && consumer.matches(record)) matched.push(record);
          through = record.dynamodb.SequenceNumber;
          if (matched.length >= batchSize) await flush();
        }
        await flush();

        if (!page.NextShardIterator) {
          iterators.delete(shard.ShardId);
          checkpoint.shards[shard.ShardId] = { ...checkpoint.shards[shard.ShardId], done: true };
          saveCheckpoints();
          return idle;
        }
        iterator = page.NextShardIterator;
        iterators.set(shard.ShardId, iterator);
        if (!records.length) return idle;
      }
    };

    /** One look at every shard; true if any had records. */
    const pass = async (): Promise<boolean> => {
      const latest = await latestStreamArn();
      if (latest !== streamArn) {
        streamArn = latest;
        iterators.clear();
        // A new stream (the table was made again): the old positions mean nothing in it.
        if (checkpoint.streamArn !== streamArn) {
          checkpoint.streamArn = streamArn;
          checkpoint.shards = {};
          saveCheckpoints();
        }
      }
      const shards: Shard[] = [];
      let start: string | undefined;
      do {
        const { StreamDescription } = await call<{
          StreamDescription: { Shards?: Shard[]; LastEvaluatedShardId?: string };
        }>('DynamoDBStreams_20120810.DescribeStream', {
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        });
        shards.push(...(StreamDescription.Shards ?? []));
        start = StreamDescription.LastEvaluatedShardId;
      } while (start);

      const known = new Set(shards.map((s) => s.ShardId));
      const finished = (id: string | undefined) => !id || !known.has(id) || checkpoint.shards[id]?.done === true;
      // Parents before children, so a key's changes are handled in the order they happened.
      let progressed = true;
      let busy = false;
      while (progressed) {
        progressed = false;
        for (const shard of shards) {
          if (checkpoint.shards[shard.ShardId]?.done || !finished(shard.ParentShardId)) continue;
          const wasDone = checkpoint.shards[shard.ShardId]?.done;
          if (!(await readShard(shard))) busy = true;
          if (!wasDone && checkpoint.shards[shard.ShardId]?.done) progressed = true;
        }
      }
      return busy;
    };

    let wait = pollMs;
    let busyAt = Date.now();
    while (!abort.signal.aborted) {
      const started = ++passCounter;
      try {
        if (await pass()) busyAt = Date.now();
        skipping = false;
        firstPass.get(consumer.name)?.();
        for (const w of waiters.filter((w) => w.consumer === consumer.name && w.after <= started)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        // Whatever went wrong, the next pass asks which stream the table has now, and reads on from the checkpoints.
        lookup = undefined;
        iterators.clear();
        if (error instanceof DynamoDbError && error.type === 'ResourceNotFoundException') {
          // The table is not there yet (or any more): wait for it.
        } else if (!databaseUp()) {
          // The database is being restarted, and the runtime has said so once already.
        } else {
          logger.error('Stream pump pass failed', { consumer: consumer.name, error: describe(error) });
        }
      }
      // Quiet for a while (no record, no wake): wait twice as long each pass, up to idlePollMs.
      wait = Date.now() - Math.max(busyAt, wokenAt) < BUSY_MS ? pollMs : Math.min(wait * 2, idlePollMs);
      await delay(wait, abort.signal, sleepers);
    }
  };

  const firstPass = new Map<string, () => void>();
  const ready = Promise.all(
    options.consumers.map((c) => new Promise<void>((resolve) => firstPass.set(c.name, resolve))),
  ).then(() => undefined);
  const loops = options.consumers.map((c) =>
    runConsumer(c).catch((error) =>
      logger.error('Stream consumer stopped', { consumer: c.name, error: describe(error) }),
    ),
  );

  return {
    ready,
    deadLetters: deadLetters.letters,
    wake,
    drain() {
      // Only a pass that starts after now is sure to have seen every record written before now.
      const after = passCounter + 1;
      const drained = Promise.all(
        options.consumers.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (abort.signal.aborted) return resolve();
              waiters.push({ consumer: c.name, after, resolve });
            }),
        ),
      ).then(() => undefined);
      // A consumer that backed off looks now rather than after its wait.
      wake();
      return drained;
    },
    async stop() {
      abort.abort();
      await Promise.all(loops);
      for (const resolve of firstPass.values()) resolve();
      for (const w of waiters.splice(0)) w.resolve();
    },
  };
}

/** Commands that change the table, by the names the SDK reports (the client's and the document client's). */
const WRITES = /^(Put|Update|Delete|BatchWrite|TransactWrite)\w*Command$/;

/**
 * Wakes the pump after every write `db` makes, so a pump that has backed off
 * (`idlePollMs`) sees the new records at once; reads wake nothing.
 */
export function wakeOnWrites(db: DynamoDBDocumentClient, pump: () => StreamPump | undefined): void {
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (WRITES.test(context.commandName ?? '')) pump()?.wake();
      return result;
    },
    { step: 'initialize', name: 'localStreamPumpWake', override: true },
  );
}
