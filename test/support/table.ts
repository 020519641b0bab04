import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDeps } from '../../lib/all-deps';
import type { Deps } from '../../lib/deps';
import { SettableClock } from '../../lib/domain/ports';
import type { OutboxMessage } from '../../lib/domain/types';
import type { Publisher } from '../../lib/notify/publisher';
import { relayOutbox } from '../../lib/notify/relay';
import type { Job, Scheduler } from '../../lib/schedule/jobs';
import { createDocumentClient } from '../../lib/store/client';
import { type OutboxRecord, outboxRecordOf } from '../../lib/store/outbox';
import { expandOutbox } from '../../lib/use-cases/expand-outbox';
import { ensureTable } from '../../local/dynamodb-local';

/** Remembers what was scheduled, for the test to run when it likes. */
export class RecordingScheduler implements Scheduler {
  readonly jobs: { at: Date; job: Job }[] = [];
  async schedule(at: Date, job: Job) {
    this.jobs.push({ at, job });
  }
  async cancel(job: Job) {
    const i = this.jobs.findIndex((j) => JSON.stringify(j.job) === JSON.stringify(job));
    if (i >= 0) this.jobs.splice(i, 1);
  }
}

export class RecordingPublisher implements Publisher {
  readonly sent: OutboxMessage[] = [];
  async publish(messages: readonly OutboxMessage[]) {
    this.sent.push(...messages);
    return { failed: [] };
  }
}

export type TestDeps = Deps & {
  clock: SettableClock;
  scheduler: RecordingScheduler;
  publisher: RecordingPublisher;
  endpoint: string;
};

/**
 * A fresh table, built from the one table definition, on the run's DynamoDB
 * Local, with the real repositories and a clock the test sets. Its stream is
 * off unless the test reads it (`stream: true`): the instance serves every
 * file of the run, and stream records it keeps slow every later write.
 */
export async function freshDeps(
  now = new Date('2026-11-22T09:00:00Z'),
  options: { stream?: boolean } = {},
): Promise<TestDeps> {
  const endpoint = inject('dynamodbEndpoint');
  const table = `test-${randomUUID()}`;
  await ensureTable(endpoint, table, { stream: options.stream ?? false });
  const db = createDocumentClient({ endpoint, region: 'eu-west-2' });
  const clock = new SettableClock(now);
  const scheduler = new RecordingScheduler();
  const publisher = new RecordingPublisher();
  return { ...createDeps(db, table, { scheduler, publisher }), clock, scheduler, publisher, endpoint };
}

/**
 * Runs the real outbox relay over every outbox record in the table, as the
 * stream would, and returns the messages it published this time: what people
 * were told. Records already relayed find their messages sent and add nothing.
 */
export async function deliverOutbox(
  deps: TestDeps,
  /** Only the records it picks: one shard's records, relayed before another's. */
  only: (record: OutboxRecord) => boolean = () => true,
): Promise<OutboxMessage[]> {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t IN (:outbox, :booking)',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':outbox': 'OUTBOX', ':booking': 'BOOKING' },
      ConsistentRead: true,
    }),
  );
  const records = (out.Items ?? [])
    .map((item) => outboxRecordOf(item) as OutboxRecord | undefined)
    .filter((r): r is OutboxRecord => r !== undefined)
    .filter(only);
  const before = deps.publisher.sent.length;
  const { failed } = await relayOutbox(records, {
    db: deps.db,
    table: deps.table,
    publisher: deps.publisher,
    clock: deps.clock,
    expand: (record) => expandOutbox(record, deps),
  });
  if (failed.length) throw new Error(`The relay left records to retry: ${failed.join(', ')}`);
  return deps.publisher.sent.slice(before);
}
