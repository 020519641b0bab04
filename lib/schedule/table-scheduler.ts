import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as keys from '../store/keys';
import { jobName } from './job-name';
import type { Job, Scheduler } from './jobs';

/** The item type of a job request, which the table's stream delivers to `on-outbox`. */
export const JOB_REQUEST_TYPE = 'JOB';
/** A request is settled within seconds of being written; it is kept a week, as outbox records are, then expires. */
const JOB_REQUEST_TTL_SECONDS = 7 * 24 * 3600;

/** What a request asks of EventBridge Scheduler: make the job's schedule for `at`, or delete it. */
export type JobRequest = { op: 'schedule'; at: string; job: Job } | { op: 'cancel'; job: Job };

/**
 * Schedules through the table: `schedule` and `cancel` write the request as
 * an item (one partition per job name), and the stream consumer makes or
 * deletes the schedule (`settleJobRequests`, lib/schedule/job-requests.ts). A request handler so needs only
 * DynamoDB, which it writes anyway, rather than EventBridge Scheduler's
 * client, IAM role and a second service that can fail after the change is
 * stored; a request the stream cannot settle is retried and, in the end,
 * parked in the outbox's dead-letter queue. Requests for one job are settled
 * in the order they were written (one item, one shard).
 */
export class TableScheduler implements Scheduler {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    /** Real time, for the expiry; never the runtime's settable clock. */
    private readonly nowMs: () => number = Date.now,
  ) {}

  schedule(at: Date, job: Job): Promise<void> {
    return this.#put({ op: 'schedule', at: at.toISOString(), job });
  }

  cancel(job: Job): Promise<void> {
    return this.#put({ op: 'cancel', job });
  }

  async #put(request: JobRequest): Promise<void> {
    const now = this.nowMs();
    await this.db.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.jobRequest(request.job.orgId, jobName(request.job)),
          type: JOB_REQUEST_TYPE,
          ...request,
          // A second identical request must still change the item, so the stream delivers it again.
          requestedAt: new Date(now).toISOString(),
          ttl: Math.floor(now / 1000) + JOB_REQUEST_TTL_SECONDS,
        },
      }),
    );
  }
}

let shared: { scheduler: TableScheduler; db: DynamoDBDocumentClient; table: string } | undefined;

/** The `jobs` factory `deps` takes: one table scheduler per table client. */
export function tableScheduler(core: { db: DynamoDBDocumentClient; table: string }): Scheduler {
  if (shared?.db !== core.db || shared.table !== core.table) {
    shared = { scheduler: new TableScheduler(core.db, core.table), db: core.db, table: core.table };
  }
  return shared.scheduler;
}
