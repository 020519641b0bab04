import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { resetConfig } from '../../lib/config';
import { deps as handlerDeps, overrideEdges, resetDeps } from '../../lib/deps';
import type { Job, Scheduler } from '../../lib/schedule/jobs';
import { TableScheduler, tableScheduler } from '../../lib/schedule/table-scheduler';
import * as keys from '../../lib/store/keys';
import { matchesOutboxFilter } from '../../lib/store/outbox';
import { TimesheetRepository } from '../../lib/store/timesheets';
import { type StreamPump, startStreamPump } from '../../local/stream-pump';
import { freshDeps, RecordingPublisher, type TestDeps } from '../support/table';

/** EventBridge Scheduler as on-outbox sees it: every call in order, and refusals the test asks for. */
class CallLog implements Scheduler {
  readonly calls: string[] = [];
  /** Calls (as logged) that fail this many more times. */
  readonly refusals = new Map<string, number>();
  async schedule(at: Date, job: Job) {
    this.#call(`schedule ${job.kind} ${at.toISOString()}`);
  }
  async cancel(job: Job) {
    this.#call(`cancel ${job.kind}`);
  }
  #call(entry: string) {
    const left = this.refusals.get(entry) ?? 0;
    if (left > 0) {
      this.refusals.set(entry, left - 1);
      throw new Error('ThrottlingException');
    }
    this.calls.push(entry);
  }
}

const wave: Job = { kind: 'wave', orgId: 'org1', shiftId: 'shf1', wave: 2 };
const reminder: Job = { kind: 'reminder', orgId: 'org1', bookingId: 'bkg1' };
const at = (iso: string) => new Date(iso);

const pumps: StreamPump[] = [];
afterEach(async () => {
  await Promise.all(pumps.splice(0).map((p) => p.stop()));
  overrideEdges({ scheduler: undefined, publisher: undefined });
  resetDeps();
});

/** functions/on-outbox.ts on the table's stream, as the local runtime and Lambda run it, with the scheduler logged. */
async function relay(): Promise<{ deps: TestDeps; scheduler: CallLog; pump: StreamPump }> {
  const deps = await freshDeps(undefined, { stream: true });
  process.env.DYNAMODB_ENDPOINT = inject('dynamodbEndpoint');
  process.env.TABLE_NAME = deps.table;
  resetConfig();
  resetDeps();
  const scheduler = new CallLog();
  overrideEdges({ publisher: new RecordingPublisher(), scheduler });
  const pump = startStreamPump({
    endpoint: inject('dynamodbEndpoint'),
    tableName: deps.table,
    consumers: [{ name: 'on-outbox', matches: matchesOutboxFilter, handler: 'functions/on-outbox.ts' }],
    pollMs: 50,
    retryBaseMs: 10,
  });
  pumps.push(pump);
  return { deps, scheduler, pump };
}

describe('scheduling through the table', () => {
  it('makes, remakes and deletes schedules from the job requests a request writes, in the order written', async () => {
    const { deps, scheduler, pump } = await relay();
    const jobs = tableScheduler(deps);
    await jobs.schedule(at('2026-12-08T09:30:00Z'), wave);
    await jobs.schedule(at('2026-12-09T08:00:00Z'), reminder);
    await jobs.cancel(reminder);
    // The same job asked for again (its item rewritten) is asked of the scheduler again, which keeps the first.
    await jobs.schedule(at('2026-12-08T09:30:00Z'), wave);
    await pump.drain();

    expect(scheduler.calls).toEqual([
      'schedule wave 2026-12-08T09:30:00.000Z',
      'schedule reminder 2026-12-09T08:00:00.000Z',
      'cancel reminder',
      'schedule wave 2026-12-08T09:30:00.000Z',
    ]);
    expect(pump.deadLetters).toEqual([]);

    const item = (
      await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.jobRequest('org1', 'wave-org1-shf1-2') }))
    ).Item!;
    expect(item).toMatchObject({ type: 'JOB', op: 'schedule', at: '2026-12-08T09:30:00.000Z', job: wave });
    // Gone a week after it was written (real time), as outbox records are.
    expect(item.ttl).toBeGreaterThan(Date.now() / 1000 + 6 * 24 * 3600);
    expect(item.ttl).toBeLessThan(Date.now() / 1000 + 8 * 24 * 3600);
  });

  it('retries a request the scheduler refused, and holds back a later request for the same job until it is made', async () => {
    const { deps, scheduler, pump } = await relay();
    scheduler.refusals.set('schedule reminder 2026-12-09T08:00:00.000Z', 2);
    const jobs = tableScheduler(deps);
    await jobs.schedule(at('2026-12-09T08:00:00Z'), reminder);
    await jobs.cancel(reminder);
    await jobs.schedule(at('2026-12-08T09:30:00Z'), wave);
    await pump.drain();

    // Never a cancel before the schedule it undoes; everything settled in the end, nothing parked.
    expect(scheduler.calls.filter((c) => c.includes('reminder'))).toEqual([
      'schedule reminder 2026-12-09T08:00:00.000Z',
      'cancel reminder',
    ]);
    expect(scheduler.calls).toContain('schedule wave 2026-12-08T09:30:00.000Z');
    expect(pump.deadLetters).toEqual([]);
  });

  it('skips a job request it cannot read instead of retrying it forever', async () => {
    const { deps, scheduler, pump } = await relay();
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.jobRequest('org1', 'broken'), type: 'JOB', op: 'schedule', job: { kind: 'nonsense' } },
      }),
    );
    await tableScheduler(deps).schedule(at('2026-12-08T09:30:00Z'), wave);
    await pump.drain();

    expect(scheduler.calls).toEqual(['schedule wave 2026-12-08T09:30:00.000Z']);
    expect(pump.deadLetters).toEqual([]);
  });

  it('gives a handler that schedules through the table the table scheduler, which no local override replaces', async () => {
    const { deps, scheduler } = await relay();
    const d = handlerDeps({ timesheets: TimesheetRepository }, { jobs: tableScheduler });
    expect(d.scheduler).toBeInstanceOf(TableScheduler);
    expect(handlerDeps({ timesheets: TimesheetRepository }).scheduler).toBe(scheduler);
    await d.scheduler.schedule(at('2026-12-10T18:00:00Z'), {
      kind: 'timesheet-auto-approve',
      orgId: 'org1',
      timesheetId: 'tms1',
      revision: 0,
    });
    const item = await deps.db.send(
      new GetCommand({ TableName: deps.table, Key: keys.jobRequest('org1', 'tsa-org1-tms1-0') }),
    );
    expect(item.Item).toMatchObject({ type: 'JOB', op: 'schedule', at: '2026-12-10T18:00:00.000Z' });
  });
});
