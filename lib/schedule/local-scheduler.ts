import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Job, jobName, type Scheduler } from './jobs';

export interface ScheduledJob {
  name: string;
  /** When it falls due, by the runtime's clock (UTC ISO). */
  at: string;
  job: Job;
  /** Failed runs so far, and when the next may be tried (real time, UTC ISO): the pump's bookkeeping. */
  attempts?: number;
  retryAfter?: string;
}

/**
 * The local stand-in for EventBridge Scheduler: one-off jobs kept in memory
 * and, with a data folder, in `schedules.json`, so a restart keeps them. The
 * schedule pump runs them when the runtime's clock passes their time.
 */
export class LocalScheduler implements Scheduler {
  readonly #jobs = new Map<string, ScheduledJob>();
  readonly #file: string | undefined;

  constructor(dataDir?: string) {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      this.#file = join(dataDir, 'schedules.json');
      if (existsSync(this.#file)) {
        for (const entry of JSON.parse(readFileSync(this.#file, 'utf8')) as ScheduledJob[]) {
          this.#jobs.set(entry.name, entry);
        }
      }
    }
  }

  async schedule(at: Date, job: Job): Promise<void> {
    const name = jobName(job);
    // As in EventBridge Scheduler, a name already taken is left as it is.
    if (this.#jobs.has(name)) return;
    this.#jobs.set(name, { name, at: at.toISOString(), job });
    this.#save();
  }

  async cancel(job: Job): Promise<void> {
    if (this.#jobs.delete(jobName(job))) this.#save();
  }

  list(): ScheduledJob[] {
    return [...this.#jobs.values()].sort((a, b) => a.at.localeCompare(b.at));
  }

  /** Jobs whose time has come by `now` and whose retry (if any) may go by `realNow`, earliest first. */
  due(now: Date, realNow: Date): ScheduledJob[] {
    const at = now.toISOString();
    const real = realNow.toISOString();
    return this.list().filter((e) => e.at <= at && (!e.retryAfter || e.retryAfter <= real));
  }

  /** Removes a job that has run, unless it has been replaced meanwhile (cancelled and scheduled anew). */
  complete(entry: ScheduledJob): void {
    if (this.#jobs.get(entry.name) === entry) {
      this.#jobs.delete(entry.name);
      this.#save();
    }
  }

  /** Records a failed run; the pump decides when to try again. */
  failed(entry: ScheduledJob, retryAfter: Date): void {
    if (this.#jobs.get(entry.name) !== entry) return;
    entry.attempts = (entry.attempts ?? 0) + 1;
    entry.retryAfter = retryAfter.toISOString();
    this.#save();
  }

  #save(): void {
    if (!this.#file) return;
    writeFileSync(`${this.#file}.tmp`, JSON.stringify(this.list(), null, 2));
    renameSync(`${this.#file}.tmp`, this.#file);
  }
}
