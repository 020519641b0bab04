import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettableClock } from '../../lib/domain/ports';
import { nextLondonMonthStart, nextLondonTime } from '../../lib/domain/time';
import type { Job } from '../../lib/schedule/jobs';
import { LocalScheduler } from '../../lib/schedule/local-scheduler';
import { type SchedulePump, startSchedulePump } from '../../local/schedule-pump';

const wave = (n: number): Job => ({ kind: 'wave', orgId: 'org1', shiftId: 'shift1', wave: n });
const reminder: Job = { kind: 'reminder', orgId: 'org1', bookingId: 'b1' };
const at = (iso: string) => new Date(iso);

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'schedules-'));
  dirs.push(dir);
  return dir;
};
const pumps: SchedulePump[] = [];
afterEach(async () => {
  await Promise.all(pumps.splice(0).map((p) => p.stop()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('LocalScheduler', () => {
  it('keeps the first time given for a job name, as Scheduler keeps an existing schedule', async () => {
    const scheduler = new LocalScheduler();
    await scheduler.schedule(at('2026-11-22T10:00:00Z'), wave(2));
    await scheduler.schedule(at('2026-11-22T11:00:00Z'), wave(2));
    expect(scheduler.list().map((e) => e.at)).toEqual(['2026-11-22T10:00:00.000Z']);
  });

  it('forgets a cancelled job, and cancelling one that is not there is fine', async () => {
    const scheduler = new LocalScheduler();
    await scheduler.schedule(at('2026-11-22T10:00:00Z'), wave(2));
    await scheduler.cancel(wave(2));
    await scheduler.cancel(reminder);
    expect(scheduler.list()).toEqual([]);
  });

  it('keeps its jobs in the data folder across a restart', async () => {
    const dir = tempDir();
    await new LocalScheduler(dir).schedule(at('2026-11-22T10:00:00Z'), reminder);
    expect(new LocalScheduler(dir).list()).toEqual([
      { name: 'reminder-org1-b1', at: '2026-11-22T10:00:00.000Z', job: reminder },
    ]);
  });
});

describe('the local schedule pump', () => {
  it('runs a job with the job as its event once the runtime clock reaches it, and then forgets it', async () => {
    const clock = new SettableClock(at('2026-11-22T09:00:00Z'));
    const scheduler = new LocalScheduler();
    const ran: Job[] = [];
    const pump = startSchedulePump({ scheduler, clock, pollMs: 60_000, handler: async (job) => ran.push(job) });
    pumps.push(pump);
    await scheduler.schedule(at('2026-11-22T09:30:00Z'), wave(2));
    await scheduler.schedule(at('2026-11-22T09:10:00Z'), reminder);

    await pump.tick();
    expect(ran).toEqual([]);

    clock.set(at('2026-11-22T09:30:00Z'));
    await pump.tick();
    await pump.tick();
    expect(ran).toEqual([reminder, wave(2)]);
    expect(scheduler.list()).toEqual([]);
  });

  it('keeps a job the handler scheduled afresh while it ran', async () => {
    const clock = new SettableClock(at('2026-11-22T09:00:00Z'));
    const scheduler = new LocalScheduler();
    const pump = startSchedulePump({
      scheduler,
      clock,
      pollMs: 60_000,
      // A job that puts itself back (cancel, then schedule again) must survive its own completion.
      handler: async (job) => {
        await scheduler.cancel(job);
        await scheduler.schedule(at('2026-11-23T09:00:00Z'), job);
      },
    });
    pumps.push(pump);
    await scheduler.schedule(at('2026-11-22T09:00:00Z'), reminder);
    await pump.tick();
    expect(scheduler.list().map((e) => e.at)).toEqual(['2026-11-23T09:00:00.000Z']);
  });

  it('tries a failing job again with backoff and dead-letters it after five attempts', async () => {
    const dir = tempDir();
    const clock = new SettableClock(at('2026-11-22T09:00:00Z'));
    const scheduler = new LocalScheduler(dir);
    let attempts = 0;
    const pump = startSchedulePump({
      scheduler,
      clock,
      dataDir: dir,
      pollMs: 60_000,
      retryBaseMs: 5,
      handler: async () => {
        attempts += 1;
        throw new Error('shift not found');
      },
    });
    pumps.push(pump);
    await scheduler.schedule(at('2026-11-22T09:00:00Z'), wave(3));

    await pump.tick();
    expect(attempts).toBe(1);
    // Backing off: an immediate tick does not run it again.
    await pump.tick();
    expect(attempts).toBe(1);
    for (let i = 0; i < 50 && attempts < 5; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await pump.tick();
    }
    expect(attempts).toBe(5);
    expect(scheduler.list()).toEqual([]);
    expect(pump.deadLetters).toHaveLength(1);
    expect(pump.deadLetters[0]).toMatchObject({ consumer: 'on-schedule', error: 'Error: shift not found' });
    const line = JSON.parse(readFileSync(join(dir, 'dead-letters.jsonl'), 'utf8').trim());
    expect(line.record.job).toEqual(wave(3));
  });
});

describe('recurring jobs on the local pump', () => {
  it('keeps the daily pension watchdog scheduled at 07:00 London, and again after each run', async () => {
    const clock = new SettableClock(at('2027-03-27T09:00:00Z'));
    const scheduler = new LocalScheduler();
    const ran: { job: Job; at: string }[] = [];
    const job: Job = { kind: 'pension-watchdog', orgId: 'org1' };
    const pump = startSchedulePump({
      scheduler,
      clock,
      pollMs: 60_000,
      handler: async (j) => ran.push({ job: j, at: clock.now().toISOString() }),
      recurring: [{ job, next: (now) => nextLondonTime(now, 7) }],
    });
    pumps.push(pump);
    await pump.tick();
    // GMT on the 27th, BST from the 28th (the clocks go forward at 01:00 that Sunday).
    expect(scheduler.list().map((e) => [e.name, e.at])).toEqual([
      ['pension-watchdog-org1', '2027-03-28T06:00:00.000Z'],
    ]);
    expect(ran).toEqual([]);
    clock.set(at('2027-03-28T06:00:00Z'));
    await pump.tick();
    expect(ran).toEqual([{ job, at: '2027-03-28T06:00:00.000Z' }]);
    await pump.tick();
    expect(scheduler.list().map((e) => e.at)).toEqual(['2027-03-29T06:00:00.000Z']);
    // Ticking again before then runs nothing more.
    await pump.tick();
    expect(ran).toHaveLength(1);
  });

  it('finds the next London hour across the clock changes', () => {
    expect(nextLondonTime(at('2027-01-10T06:59:59Z'), 7).toISOString()).toBe('2027-01-10T07:00:00.000Z');
    expect(nextLondonTime(at('2027-01-10T07:00:00Z'), 7).toISOString()).toBe('2027-01-11T07:00:00.000Z');
    expect(nextLondonTime(at('2027-03-27T08:00:00Z'), 7).toISOString()).toBe('2027-03-28T06:00:00.000Z');
    expect(nextLondonTime(at('2027-10-30T07:00:00Z'), 7).toISOString()).toBe('2027-10-31T07:00:00.000Z');
  });

  it("finds the next 1st of a month at a London hour, in winter and in summer time (the invoice run's)", () => {
    expect(nextLondonMonthStart(at('2027-01-10T12:00:00Z'), 6).toISOString()).toBe('2027-02-01T06:00:00.000Z');
    expect(nextLondonMonthStart(at('2027-02-01T05:59:59Z'), 6).toISOString()).toBe('2027-02-01T06:00:00.000Z');
    expect(nextLondonMonthStart(at('2027-02-01T06:00:00Z'), 6).toISOString()).toBe('2027-03-01T06:00:00.000Z');
    // 06:00 BST is 05:00 UTC.
    expect(nextLondonMonthStart(at('2027-03-15T00:00:00Z'), 6).toISOString()).toBe('2027-04-01T05:00:00.000Z');
    expect(nextLondonMonthStart(at('2027-10-20T00:00:00Z'), 6).toISOString()).toBe('2027-11-01T06:00:00.000Z');
    expect(nextLondonMonthStart(at('2027-12-31T23:30:00Z'), 6).toISOString()).toBe('2028-01-01T06:00:00.000Z');
  });
});
