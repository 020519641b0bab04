import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { resetConfig } from '../../lib/config';
import { type Deps, overrideEdges, resetDeps } from '../../lib/deps';
import type { OutboxMessage } from '../../lib/domain/types';
import type { Publisher } from '../../lib/notify/publisher';
import { relayOutbox } from '../../lib/notify/relay';
import type { ExportRunEvent, ExportRunner } from '../../lib/schedule/export-runner';
import { createDocumentClient } from '../../lib/store/client';
import { type OutboxRecord, outboxItem } from '../../lib/store/outbox';
import { toRecord } from '../../lib/store/records';
import { matchesOutboxFilter } from '../../lib/store/stream-filters';
import { type StreamConsumer, type StreamPump, startStreamPump, wakeOnWrites } from '../../local/stream-pump';
import { freshDeps } from '../support/table';

/** Counts every delivery: "exactly once" means each id appears once here. */
class RecordingPublisher implements Publisher {
  readonly sent: string[] = [];
  /** Message id -> how many more publish calls refuse it. */
  readonly refusals = new Map<string, number>();
  async publish(messages: readonly OutboxMessage[]) {
    const failed: string[] = [];
    for (const m of messages) {
      const left = this.refusals.get(m.id) ?? 0;
      if (left > 0) {
        this.refusals.set(m.id, left - 1);
        failed.push(m.id);
      } else this.sent.push(m.id);
    }
    return { failed };
  }
}

const outboxRecord = (id: string): OutboxMessage => ({
  orgId: 'org1',
  id,
  kind: 'offer',
  channel: 'sms',
  to: '+447700900123',
  body: `Offer ${id}`,
  createdAt: '2026-11-22T09:00:00.000Z',
});

const imageOf = (r: DynamoDBRecord) =>
  toRecord<OutboxRecord>(unmarshall(r.dynamodb!.NewImage as Record<string, AttributeValue>));

/** What functions/on-outbox.ts does, with the publisher and the expander under the test's control. */
function relayConsumer(deps: Deps, publisher: Publisher, options: { poison?: string } = {}) {
  const events: DynamoDBStreamEvent[] = [];
  const consumer: StreamConsumer = {
    name: 'on-outbox',
    matches: matchesOutboxFilter,
    handler: async (event) => {
      events.push(event);
      const records = event.Records.map(imageOf);
      const { failed } = await relayOutbox(records, {
        db: deps.db,
        table: deps.table,
        publisher,
        clock: deps.clock,
        expand: async (record) => {
          if (record.id === options.poison) throw new Error('cannot render this record');
          return record.fanOut ? [] : [record];
        },
        sleep: async () => {},
      });
      return {
        batchItemFailures: event.Records.filter((r) => failed.includes(imageOf(r).id)).map((r) => ({
          itemIdentifier: r.dynamodb!.SequenceNumber!,
        })),
      };
    },
  };
  return { consumer, events, delivered: () => events.flatMap((e) => e.Records.map((r) => imageOf(r).id)) };
}

/** Points the functions' own configuration (functions/*.ts as Lambda runs them) at a test table. */
function handlersOn(deps: Deps): Deps {
  process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
  process.env.TABLE_NAME = deps.table;
  resetConfig();
  resetDeps();
  return deps;
}

const pumps: StreamPump[] = [];
const start = (deps: Deps, consumer: StreamConsumer, dataDir?: string) => {
  const pump = startStreamPump({
    endpoint: inject('dynamodbEndpoint'),
    tableName: deps.table,
    dataDir,
    consumers: [consumer],
    pollMs: 50,
    retryBaseMs: 10,
  });
  pumps.push(pump);
  return pump;
};
afterEach(async () => {
  await Promise.all(pumps.splice(0).map((p) => p.stop()));
});

async function writeOutbox(deps: Deps, ids: string[]) {
  for (const id of ids) {
    await deps.db.send(new PutCommand({ TableName: deps.table, Item: outboxItem(outboxRecord(id), Date.now()) }));
  }
}

const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const counts = (list: string[]) => list.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());

describe('the local stream pump', () => {
  it('delivers every new outbox record once, in batches of ten, in the shape Lambda gives, and nothing else', async () => {
    const deps = await freshDeps(undefined, { stream: true });
    const publisher = new RecordingPublisher();
    const { consumer, events } = relayConsumer(deps, publisher);
    const pump = start(deps, consumer);

    await writeOutbox(deps, ids('a', 23));
    await deps.db.send(
      new PutCommand({ TableName: deps.table, Item: { PK: 'ORG#org1#SHIFT#s1', SK: 'SHIFT', type: 'SHIFT' } }),
    );
    // A change to an outbox item is no new message.
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: { PK: 'ORG#org1#OUTBOX#a0', SK: 'OUTBOX' },
        UpdateExpression: 'SET body = :b',
        ExpressionAttributeValues: { ':b': 'changed' },
      }),
    );
    await pump.drain();

    expect(publisher.sent.sort()).toEqual(ids('a', 23).sort());
    expect(events.every((e) => e.Records.length <= 10)).toBe(true);
    const records = events.flatMap((e) => e.Records);
    expect(records).toHaveLength(23);
    expect(records.every((r) => r.eventName === 'INSERT')).toBe(true);
    const first = records[0]!;
    expect(first).toMatchObject({
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-2',
      dynamodb: {
        Keys: { PK: { S: 'ORG#org1#OUTBOX#a0' }, SK: { S: 'OUTBOX' } },
        NewImage: { type: { S: 'OUTBOX' }, id: { S: 'a0' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(first.eventID).toEqual(expect.any(String));
    expect(first.eventSourceARN).toMatch(new RegExp(`table/${deps.table}/stream/`));
    expect(first.dynamodb?.ApproximateCreationDateTime).toEqual(expect.any(Number));
    expect(first.dynamodb?.SizeBytes).toEqual(expect.any(Number));
    // Shard order is kept: sequence numbers only grow.
    const sequence = records.map((r) => BigInt(r.dynamodb!.SequenceNumber!));
    expect(sequence).toEqual([...sequence].sort((x, y) => (x < y ? -1 : 1)));
  });

  it('resumes from its checkpoint after a restart, and replayed from the start sends nothing twice', async () => {
    const deps = await freshDeps(undefined, { stream: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'stream-pump-'));
    try {
      const publisher = new RecordingPublisher();
      const first = relayConsumer(deps, publisher);
      const pump = start(deps, first.consumer, dataDir);
      await writeOutbox(deps, ids('b', 12));
      await pump.drain();
      await pump.stop();
      expect(existsSync(join(dataDir, 'stream-checkpoints.json'))).toBe(true);

      const resumed = relayConsumer(deps, publisher);
      const again = start(deps, resumed.consumer, dataDir);
      await writeOutbox(deps, ['b12']);
      await again.drain();
      await again.stop();
      expect(resumed.delivered()).toEqual(['b12']);

      rmSync(join(dataDir, 'stream-checkpoints.json'));
      const replay = relayConsumer(deps, publisher);
      await start(deps, replay.consumer, dataDir).drain();
      expect(replay.delivered().sort()).toEqual(ids('b', 13).sort());

      expect([...counts(publisher.sent).values()].every((n) => n === 1)).toBe(true);
      expect(publisher.sent.sort()).toEqual(ids('b', 13).sort());
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('retries a batch the publisher partly refused, from the failed record on, and delivers each message once', async () => {
    const deps = await freshDeps(undefined, { stream: true });
    const publisher = new RecordingPublisher();
    // Refused for all four attempts of the first invocation, then accepted.
    publisher.refusals.set('c3', 4);
    publisher.refusals.set('c6', 4);
    const { consumer, delivered } = relayConsumer(deps, publisher);
    const pump = start(deps, consumer);

    await writeOutbox(deps, ids('c', 8));
    await pump.drain();

    expect(publisher.sent.sort()).toEqual(ids('c', 8).sort());
    const handed = counts(delivered());
    // Lambda retries from the first failure: the records before it are done with.
    expect(handed.get('c0')).toBe(1);
    expect(handed.get('c3')).toBeGreaterThanOrEqual(2);
    expect(pump.deadLetters).toEqual([]);
  });

  it('sets a poison record aside in the dead letters without holding up the records behind it', async () => {
    const deps = await freshDeps(undefined, { stream: true });
    const dataDir = mkdtempSync(join(tmpdir(), 'stream-pump-'));
    try {
      const publisher = new RecordingPublisher();
      const { consumer } = relayConsumer(deps, publisher, { poison: 'd2' });
      const pump = start(deps, consumer, dataDir);

      await writeOutbox(deps, ids('d', 6));
      await pump.drain();
      await writeOutbox(deps, ['later']);
      await pump.drain();

      expect(publisher.sent.sort()).toEqual(['d0', 'd1', 'd3', 'd4', 'd5', 'later']);
      expect(pump.deadLetters).toHaveLength(1);
      const letter = pump.deadLetters[0]!;
      expect(letter.consumer).toBe('on-outbox');
      expect(imageOf(letter.record as DynamoDBRecord).id).toBe('d2');
      const lines = readFileSync(join(dataDir, 'dead-letters.jsonl'), 'utf8').trim().split('\n');
      expect(lines.map((l) => imageOf(JSON.parse(l).record).id)).toEqual(['d2']);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('holds its records while the database is being restarted, rather than spending their attempts and dead-lettering them', async () => {
    const deps = await freshDeps(undefined, { stream: true });
    const publisher = new RecordingPublisher();
    const { consumer } = relayConsumer(deps, publisher);
    let down = false;
    let failedWhileDown = 0;
    const dying: StreamConsumer = {
      ...consumer,
      handler: async (event, context) => {
        // The database dies under the first invocation, and stays down for a while.
        if (!failedWhileDown++) {
          down = true;
          setTimeout(() => {
            down = false;
          }, 600);
        }
        if (down) throw new Error('connect ECONNREFUSED 127.0.0.1');
        return (consumer.handler as Exclude<StreamConsumer['handler'], string>)(event, context);
      },
    };
    const pump = startStreamPump({
      endpoint: inject('dynamodbEndpoint'),
      tableName: deps.table,
      consumers: [dying],
      pollMs: 50,
      retryBaseMs: 10,
      // Two attempts, 10 ms apart, are spent long before the database is back.
      maxAttempts: 2,
      ready: () => !down,
    });
    pumps.push(pump);

    await writeOutbox(deps, ids('h', 4));
    await pump.drain();

    expect(failedWhileDown).toBeGreaterThan(1);
    expect(pump.deadLetters).toEqual([]);
    expect(publisher.sent.sort()).toEqual(ids('h', 4));
  }, 60_000);

  it('runs functions/on-outbox.ts as Lambda would, skipping a malformed outbox item instead of retrying it', async () => {
    const deps = handlersOn(await freshDeps(undefined, { stream: true }));
    const publisher = new RecordingPublisher();
    overrideEdges({ publisher });
    const pump = start(deps, { name: 'on-outbox', matches: matchesOutboxFilter, handler: 'functions/on-outbox.ts' });

    await writeOutbox(deps, ['e0']);
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { PK: 'ORG#org1#OUTBOX#broken', SK: 'OUTBOX', type: 'OUTBOX', orgId: 'org1', id: 'broken' },
      }),
    );
    await writeOutbox(deps, ['e1']);
    await pump.drain();

    expect(publisher.sent).toEqual(['e0', 'e1']);
    expect(pump.deadLetters).toEqual([]);
  });

  it('runs functions/on-outbox.ts handing each export asked for (or retried) to its run, retrying a hand-over that failed', async () => {
    const deps = handlersOn(await freshDeps(undefined, { stream: true }));
    const publisher = new RecordingPublisher();
    const handed: ExportRunEvent[] = [];
    let refusals = 1;
    const exportRunner: ExportRunner = {
      async start(run) {
        if (refusals-- > 0) throw Object.assign(new Error('Rate Exceeded.'), { name: 'TooManyRequestsException' });
        handed.push(run);
      },
    };
    overrideEdges({ publisher, exportRunner });
    const pump = start(deps, { name: 'on-outbox', matches: matchesOutboxFilter, handler: 'functions/on-outbox.ts' });

    const asked = {
      orgId: 'org1',
      id: 'exp-1',
      from: '2026-11-01',
      to: '2026-11-30',
      status: 'running' as const,
      rows: 0,
      totalPence: 0,
      createdAt: '2026-11-22T09:00:00.000Z',
      createdBy: 'usr-hr',
    };
    await deps.exports.create(asked);
    await writeOutbox(deps, ['m0']);
    await pump.drain();
    // The first hand-over was refused; the stream gave the record back and the second went.
    expect(handed).toEqual([{ orgId: 'org1', exportId: 'exp-1' }]);
    // The text beside it went once, retried batch or not.
    expect(publisher.sent).toEqual(['m0']);

    // Settling it wakes nothing; HR retrying it hands it over again.
    await deps.exports.finish('org1', 'exp-1', {
      status: 'failed',
      rows: 0,
      totalPence: 0,
      finishedAt: asked.createdAt,
    });
    await pump.drain();
    expect(handed).toHaveLength(1);
    expect(await deps.exports.reopen('org1', 'exp-1', '2026-11-22T10:00:00.000Z')).toBe(true);
    await pump.drain();
    expect(handed).toEqual([
      { orgId: 'org1', exportId: 'exp-1' },
      { orgId: 'org1', exportId: 'exp-1' },
    ]);
    expect(pump.deadLetters).toEqual([]);
  });

  it('backs off while the stream is quiet; a write through a waking client, or a drain, brings it back at once', async () => {
    const deps = await freshDeps(undefined, { stream: true });
    const delivered = new Map<string, number>();
    const consumer: StreamConsumer = {
      name: 'watch',
      matches: matchesOutboxFilter,
      handler: async (event) => {
        for (const r of event.Records) delivered.set(imageOf(r).id, Date.now());
        return undefined;
      },
    };
    // Each pass of the pump lists the shards of this table's stream (DescribeStream): its times are the passes.
    const passes: number[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
      const target = new Headers(init?.headers).get('x-amz-target');
      if (target?.endsWith('.DescribeStream') && String(init?.body).includes(deps.table)) passes.push(Date.now());
      return realFetch(input, init);
    }) as typeof fetch;
    try {
      let pump: StreamPump | undefined;
      // A client of its own that wakes the pump; deps.db does not.
      const waking = createDocumentClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-2' });
      wakeOnWrites(waking, () => pump);
      pump = startStreamPump({
        endpoint: inject('dynamodbEndpoint'),
        tableName: deps.table,
        consumers: [consumer],
        pollMs: 50,
        // Unbounded here: after a quiet 4.5 s the wait has doubled past 3 s.
        idlePollMs: 60_000,
      });
      pumps.push(pump);
      await pump.ready;
      const quiet = async () => {
        const from = Date.now();
        await new Promise((r) => setTimeout(r, 4_500));
        // At 50 ms a pass, the last two quiet seconds would have had 40; backing off, a few.
        expect(passes.filter((t) => t > from + 2_500).length).toBeLessThanOrEqual(3);
      };

      await quiet();
      // Written without a wake: a drain looks now, not after the wait.
      await writeOutbox(deps, ['q0']);
      const drainFrom = Date.now();
      await pump.drain();
      expect(delivered.has('q0')).toBe(true);
      expect(Date.now() - drainFrom).toBeLessThan(2_000);

      await quiet();
      const wroteAt = Date.now();
      await waking.send(new PutCommand({ TableName: deps.table, Item: outboxItem(outboxRecord('q1'), Date.now()) }));
      await expect.poll(() => delivered.get('q1'), { timeout: 2_000, interval: 20 }).toBeDefined();
      expect(delivered.get('q1')! - wroteAt).toBeLessThan(2_000);
      waking.destroy();
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
