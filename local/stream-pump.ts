import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { addLogContext, logger, withLogScope } from '../lib/logger';
import { lambdaContext } from './api-event';
import { ROOT } from './server';

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

export interface DeadLetter {
  consumer: string;
  at: string;
  error: string;
  record: unknown;
}

export interface StreamPumpOptions {
  endpoint: string;
  tableName: string;
  /** Checkpoints and dead letters go here; undefined keeps them in memory. */
  dataDir?: string;
  consumers: StreamConsumer[];
  region?: string;
  /** @default 150 */
  pollMs?: number;
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
}

export interface StreamPump {
  /** Resolves once every record written before the call has been handled (or dead-lettered). */
  drain(): Promise<void>;
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

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });

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
  // Backoff 0.2, 0.4 ... 5 s: about 20 s of retries, longer than a dead sender's claim lasts (the relay's CLAIM_STALE_MS).
  const maxAttempts = options.maxAttempts ?? 8;
  const retryBaseMs = options.retryBaseMs ?? 200;
  const ready = options.ready ?? (() => true);
  const region = options.region ?? process.env.AWS_REGION ?? 'eu-west-2';
  const checkpointFile = options.dataDir ? join(options.dataDir, 'stream-checkpoints.json') : undefined;
  const deadLetterFile = options.dataDir ? join(options.dataDir, 'dead-letters.jsonl') : undefined;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });

  const checkpoints: Record<string, ConsumerCheckpoint> =
    checkpointFile && existsSync(checkpointFile) ? JSON.parse(readFileSync(checkpointFile, 'utf8')) : {};
  const saveCheckpoints = () => {
    if (!checkpointFile) return;
    // Write then rename, so a crash never leaves half a file to resume from.
    writeFileSync(`${checkpointFile}.tmp`, JSON.stringify(checkpoints, null, 2));
    renameSync(`${checkpointFile}.tmp`, checkpointFile);
  };

  const deadLetters: DeadLetter[] = [];
  const abort = new AbortController();
  /** Drains waiting for a pass, numbered across consumers, that starts after they were asked for. */
  const waiters: { consumer: string; after: number; resolve: () => void }[] = [];
  let passCounter = 0;

  const loadHandler = (() => {
    const cache = new Map<string, Promise<StreamHandler>>();
    return (handler: string | StreamHandler): Promise<StreamHandler> => {
      if (typeof handler === 'function') return Promise.resolve(handler);
      let loaded = cache.get(handler);
      if (!loaded) {
        const file = isAbsolute(handler) ? handler : join(ROOT, handler);
        loaded = import(pathToFileURL(file).href).then((m: { handler: StreamHandler }) => m.handler);
        cache.set(handler, loaded);
      }
      return loaded;
    };
  })();

  const runConsumer = async (consumer: StreamConsumer) => {
    checkpoints[consumer.name] ??= { shards: {} };
    const checkpoint = checkpoints[consumer.name]!;
    const iterators = new Map<string, string>();
    const batchSize = consumer.batchSize ?? 10;
    const handler = await loadHandler(consumer.handler);
    let streamArn: string | undefined;

    type Outcome = { ok: true } | { ok: false; failedAt: number; thrown: boolean; error: string };
    const invoke = async (records: StreamRecord[]): Promise<Outcome> => {
      const event: DynamoDBStreamEvent = { Records: records };
      const context = lambdaContext(consumer.name);
      try {
        // Its own log scope, as its own Lambda invocation would have: never a request's keys.
        const reply = await withLogScope({ consumer: consumer.name }, () => {
          addLogContext(context);
          return handler(event, context);
        });
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
      const letter: DeadLetter = { consumer: consumer.name, at: new Date().toISOString(), error, record };
      deadLetters.push(letter);
      if (deadLetterFile) appendFileSync(deadLetterFile, `${JSON.stringify(letter)}\n`);
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
        while (!ready() && !abort.signal.aborted) await delay(pollMs, abort.signal);
        if (abort.signal.aborted) throw new Error('stopped');
        last = await invoke(pending);
        if (last.ok) return;
        pending = pending.slice(last.failedAt);
        if (!ready()) {
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
        : { ShardIteratorType: 'TRIM_HORIZON' };
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
      for (;;) {
        let page: { Records?: StreamRecord[]; NextShardIterator?: string };
        try {
          page = await call('DynamoDBStreams_20120810.GetRecords', { ShardIterator: iterator, Limit: 1000 });
        } catch (error) {
          if (error instanceof DynamoDbError && error.type === 'ExpiredIteratorException') {
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
          if (consumer.matches(record)) matched.push(record);
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

    const pass = async (): Promise<void> => {
      const { Table } = await call<{ Table: { LatestStreamArn?: string } }>('DynamoDB_20120810.DescribeTable', {
        TableName: options.tableName,
      });
      if (!Table.LatestStreamArn) throw new Error(`Table ${options.tableName} has no stream`);
      if (Table.LatestStreamArn !== streamArn) {
        streamArn = Table.LatestStreamArn;
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
      while (progressed) {
        progressed = false;
        for (const shard of shards) {
          if (checkpoint.shards[shard.ShardId]?.done || !finished(shard.ParentShardId)) continue;
          const wasDone = checkpoint.shards[shard.ShardId]?.done;
          await readShard(shard);
          if (!wasDone && checkpoint.shards[shard.ShardId]?.done) progressed = true;
        }
      }
    };

    while (!abort.signal.aborted) {
      const started = ++passCounter;
      try {
        await pass();
        for (const w of waiters.filter((w) => w.consumer === consumer.name && w.after <= started)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      } catch (error) {
        if (abort.signal.aborted) break;
        if (error instanceof DynamoDbError && error.type === 'ResourceNotFoundException') {
          // The table is not there yet (or any more): wait for it.
        } else if (!ready()) {
          // The database is being restarted, and the runtime has said so once already.
        } else {
          logger.error('Stream pump pass failed', { consumer: consumer.name, error: describe(error) });
        }
      }
      await delay(pollMs, abort.signal);
    }
  };

  const loops = options.consumers.map((c) =>
    runConsumer(c).catch((error) =>
      logger.error('Stream consumer stopped', { consumer: c.name, error: describe(error) }),
    ),
  );

  return {
    deadLetters,
    drain() {
      // Only a pass that starts after now is sure to have seen every record written before now.
      const after = passCounter + 1;
      return Promise.all(
        options.consumers.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (abort.signal.aborted) return resolve();
              waiters.push({ consumer: c.name, after, resolve });
            }),
        ),
      ).then(() => undefined);
    },
    async stop() {
      abort.abort();
      await Promise.all(loops);
      for (const w of waiters.splice(0)) w.resolve();
    },
  };
}
