import { logger } from '../logger';
import { jobName } from './job-name';
import { JobSchema, type Scheduler } from './jobs';
import { JOB_REQUEST_TYPE, type JobRequest } from './table-scheduler';

/** The request in a job item's image, or undefined for one that is not a well-formed request. */
export function jobRequestOf(item: Record<string, unknown>): JobRequest | undefined {
  if (item.type !== JOB_REQUEST_TYPE) return undefined;
  const job = JobSchema.safeParse(item.job);
  if (!job.success) return undefined;
  if (item.op === 'cancel') return { op: 'cancel', job: job.data };
  if (item.op === 'schedule' && typeof item.at === 'string' && !Number.isNaN(Date.parse(item.at))) {
    return { op: 'schedule', at: item.at, job: job.data };
  }
  return undefined;
}

/**
 * Settles job requests from the stream, in order, against the real scheduler.
 * Answers the indexes of those it could not settle. Once one request for a job
 * fails, the later ones for the same job in the batch are not tried: a cancel
 * must not run before the schedule it undoes, which the stream will retry.
 */
export async function settleJobRequests(requests: readonly JobRequest[], scheduler: Scheduler): Promise<number[]> {
  const failed: number[] = [];
  const heldUp = new Set<string>();
  for (const [index, request] of requests.entries()) {
    const name = jobName(request.job);
    if (heldUp.has(name)) {
      failed.push(index);
      continue;
    }
    try {
      if (request.op === 'schedule') await scheduler.schedule(new Date(request.at), request.job);
      else await scheduler.cancel(request.job);
    } catch (error) {
      logger.warn('Job request not settled; the stream will retry it', {
        job: name,
        op: request.op,
        error: error as Error,
      });
      heldUp.add(name);
      failed.push(index);
    }
  }
  return failed;
}
