import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createDeps, type Deps } from '../../lib/deps';
import { SettableClock } from '../../lib/domain/ports';
import type { OutboxMessage } from '../../lib/domain/types';
import type { Publisher } from '../../lib/notify/publisher';
import type { Job, Scheduler } from '../../lib/schedule/jobs';
import { createDocumentClient } from '../../lib/store/client';
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

export type TestDeps = Deps & { clock: SettableClock; scheduler: RecordingScheduler; endpoint: string };

/**
 * A fresh table, built from the one table definition, on the run's DynamoDB
 * Local, with the real repositories and a clock the test sets.
 */
export async function freshDeps(now = new Date('2026-11-22T09:00:00Z')): Promise<TestDeps> {
  const endpoint = inject('dynamodbEndpoint');
  const table = `test-${randomUUID()}`;
  await ensureTable(endpoint, table);
  const db = createDocumentClient({ endpoint, region: 'eu-west-2' });
  const clock = new SettableClock(now);
  const scheduler = new RecordingScheduler();
  return { ...createDeps(db, table, { scheduler, publisher: new RecordingPublisher() }), clock, scheduler, endpoint };
}
