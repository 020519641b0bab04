import { AsyncLocalStorage } from 'node:async_hooks';
import { createDeps } from '../lib/all-deps';
import type { Deps } from '../lib/deps';
import type { Caller } from '../lib/domain/caller';
import { SettableClock } from '../lib/domain/ports';
import type { Practice, Role } from '../lib/domain/types';
import { relayOutbox } from '../lib/notify/relay';
import type { Job, Scheduler } from '../lib/schedule/jobs';
import { createDocumentClient } from '../lib/store/client';
import { newClinicianItems } from '../lib/store/clinicians';
import { type OutboxRecord, outboxRecordOf } from '../lib/store/outbox';
import { acceptOffer } from '../lib/use-cases/bookings';
import { expandOutbox } from '../lib/use-cases/expand-outbox';
import { runJob } from '../lib/use-cases/jobs';
import { bulkPostShifts, createTemplate } from '../lib/use-cases/rota';
import { postShift } from '../lib/use-cases/shifts';
import { ensureTable } from '../local/dynamodb-local';
import { BENCH_ORG, generateBank } from './bank';
import { PartitionMeter, READ_LIMIT, type Target, WRITE_LIMIT } from './partition-meter';
import { batchPut, pool, prng } from './support';

/**
 * A national bank's peak hour, driven through the real use cases on
 * DynamoDB Local: 4,000 shifts posted in a day, a third of them in one hour,
 * each posted by its practice's manager (postShift: the shift, matching, the
 * first wave of offers with their texts), later waves from the scheduler,
 * accepts by clinicians who were offered, and every outbox record relayed
 * (texts sent, the "now filled" fan-out, the booking settled). Each event
 * runs at its own simulated instant, so the partition meter buckets what it
 * writes and reads by simulated second while the wall clock runs as fast as
 * DynamoDB Local allows.
 */

export interface HotKey {
  target: Target;
  key: string;
  /** Busiest simulated second, in units. */
  peak: number;
  /** Mean over the simulated window, units a second. */
  mean: number;
  items: number;
}

export interface HotPartitionsBench {
  shifts: number;
  simulatedSeconds: number;
  clinicians: number;
  practices: number;
  offers: number;
  accepts: number;
  acceptsRefused: number;
  textsSent: number;
  waves: number;
  bulkPosts: number;
  refusals: string[];
  /** The one maximal bulk post (200 shifts) added to the peak: the largest burst one request can make. */
  maxBulkShifts: number;
  failures: string[];
  wallMs: number;
  seedMs: number;
  requests: Record<string, number>;
  /** Per target, the hottest partitions by peak write units and by peak read units. */
  writes: HotKey[];
  reads: HotKey[];
  estimatedUnits: number;
  reportedUnits: number;
  /** Per table and index: units the meter worked out, and what DynamoDB Local reported (0 where it reports none). */
  unitsByTarget: { target: Target; estimated: number; reported: number }[];
}

interface Moment {
  at: number;
  outbox: OutboxRecord[];
}

/** The simulation's clock: each event reads its own instant, so events may overlap on the wall. */
class EventClock extends SettableClock {
  constructor(private readonly store: AsyncLocalStorage<Moment>) {
    super();
  }
  override now(): Date {
    const m = this.store.getStore();
    return m ? new Date(m.at) : super.now();
  }
}

const ROLES: readonly (readonly [Role, number])[] = [
  ['gp', 45],
  ['practice-nurse', 25],
  ['hca', 10],
  ['anp', 10],
  ['pharmacist', 10],
];

export async function benchHotPartitions(ctx: {
  endpoint: string;
  /** Shifts posted in the peak hour (a third of the day's). */
  shifts: number;
  /** The simulated window the peak's shifts are posted over: 3,600 s, or less at the same rate for a quick run. */
  seconds: number;
  clinicians: number;
  practices: number;
  /** Events run at once on the wall clock. */
  concurrency: number;
  /** Of `shifts`, how many come in bulk posts of 40 (a practice's month of two sessions a weekday). */
  bulkShifts: number;
  log: (line: string) => void;
}): Promise<HotPartitionsBench> {
  const table = `hot-${Date.now()}`;
  await ensureTable(ctx.endpoint, table, { stream: false });
  const db = createDocumentClient({ endpoint: ctx.endpoint, region: 'eu-west-2' });
  const moments = new AsyncLocalStorage<Moment>();
  const clock = new EventClock(moments);
  const meter = new PartitionMeter(() => clock.now().getTime());
  let offers = 0;
  meter.attach(db, (item) => {
    if (meter.counting && item.SK === 'OFFER') offers++;
    const record = outboxRecordOf(item) as OutboxRecord | undefined;
    if (record) moments.getStore()?.outbox.push(record);
  });
  const rng = prng(17);
  const start = Date.parse('2026-12-07T08:00:00.000Z');
  const end = start + ctx.seconds * 1000;

  type Event = { at: number; run: () => Promise<void> };
  const queue: Event[] = [];
  const enqueue = (e: Event) => {
    // Work scheduled past the window (reminders, the last waves) is not the peak's.
    if (e.at >= end + 600_000) return;
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (queue[mid]!.at <= e.at) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, e);
  };

  let waves = 0;
  let textsSent = 0;
  const failures: string[] = [];
  /** An accept the rules refuse (the clinician booked elsewhere meanwhile) is a real answer, not a failure. */
  const refusals: string[] = [];
  const scheduler: Scheduler = {
    async schedule(at: Date, job: Job) {
      if (job.kind === 'reminder') return;
      enqueue({
        at: Math.max(at.getTime(), clock.now().getTime() + 1000),
        run: async () => {
          waves++;
          await runJob(job, deps);
        },
      });
    },
    async cancel() {},
  };
  const deps: Deps = {
    ...createDeps(db, table, {
      scheduler,
      publisher: {
        publish: async (messages) => {
          textsSent += messages.length;
          return { failed: [] };
        },
      },
    }),
    clock,
  };
  const relay = (records: OutboxRecord[]) =>
    relayOutbox(records, {
      db,
      table,
      publisher: deps.publisher,
      clock,
      expand: (r) => expandOutbox(r, deps),
      sleep: async () => {},
    });

  // Seeding is not the peak: its writes are followed (index keys) but not counted.
  const seedStarted = performance.now();
  meter.counting = false;
  const practices: Practice[] = Array.from({ length: ctx.practices }, (_, i) => ({
    orgId: BENCH_ORG,
    id: `prc-${String(i).padStart(4, '0')}`,
    name: `Surgery ${i}`,
    odsCode: `H${String(i).padStart(5, '0')}`,
    lat: 50.7 + rng.float() * 2.6,
    lon: -3.8 + rng.float() * 4.1,
    createdAt: '2026-11-01T00:00:00.000Z',
  }));
  // Each is a transaction (the practice and its ODS code's guard): eight at a time, as the bank's seed goes.
  await pool(practices, 8, (p) => deps.practices.create(p));
  const bank = generateBank(ctx.clinicians, 17, practices[0]!.id);
  await batchPut(
    db,
    table,
    bank.flatMap((c) => newClinicianItems(c)),
  );
  const managerOf = (practice: Practice): Caller => ({
    userId: `usr-mgr-${practice.id}`,
    email: `manager@${practice.id}.example`,
    role: 'manager',
    orgId: BENCH_ORG,
    practiceIds: [practice.id],
  });
  // Weekdays from the day after the peak: a bulk post names dates, each date one shift per session.
  const weekdays: string[] = [];
  for (let d = Date.UTC(2026, 11, 8); weekdays.length < 60; d += 86_400_000) {
    const day = new Date(d).getUTCDay();
    if (day !== 0 && day !== 6) weekdays.push(new Date(d).toISOString().slice(0, 10));
  }
  const session = (from: string, to: string) => ({ from, to, breakMinutes: 0 });
  const template = async (practice: Practice, sessions: ReturnType<typeof session>[]) =>
    createTemplate(
      managerOf(practice),
      {
        practiceId: practice.id,
        name: `Bench ${sessions.length} sessions`,
        role: 'practice-nurse',
        skills: [],
        sessions,
        hourlyRatePence: 4000,
        cascadeMinutes: 15,
      },
      deps,
    );
  const bulkPosts = Math.floor(ctx.bulkShifts / 40);
  const bulkTemplates = [];
  for (let i = 0; i < bulkPosts; i++) {
    const practice = practices[i % practices.length]!;
    bulkTemplates.push({
      practice,
      template: await template(practice, [session('08:00', '12:00'), session('13:00', '17:00')]),
    });
  }
  const maxPractice = practices.at(-1)!;
  const maxTemplate = await template(maxPractice, [
    session('08:00', '10:00'),
    session('10:00', '12:00'),
    session('13:00', '15:00'),
    session('15:00', '17:00'),
  ]);
  const seedMs = performance.now() - seedStarted;
  ctx.log(
    `  seeded ${practices.length} practices and ${bank.length.toLocaleString('en-GB')} clinicians in ${Math.round(seedMs)} ms`,
  );
  meter.counting = true;

  let accepts = 0;
  let acceptsRefused = 0;
  let maxBulkShifts = 0;
  for (const { practice, template: t } of bulkTemplates) {
    enqueue({
      at: start + Math.floor(rng.float() * ctx.seconds * 1000),
      run: async () => {
        await bulkPostShifts(managerOf(practice), { templateId: t.id, dates: weekdays.slice(0, 20) }, deps);
      },
    });
  }
  enqueue({
    at: start + Math.floor(rng.float() * ctx.seconds * 1000),
    run: async () => {
      const out = await bulkPostShifts(
        managerOf(maxPractice),
        { templateId: maxTemplate.id, dates: weekdays.slice(0, 50) },
        deps,
      );
      maxBulkShifts = out.shifts.length;
    },
  });
  for (let n = 0; n < ctx.shifts - bulkPosts * 40; n++) {
    const at = start + Math.floor(rng.float() * ctx.seconds * 1000);
    const practice = rng.pick(practices);
    const role = rng.weighted(ROLES);
    const day = rng.int(1, 12);
    const startsAt = new Date(Date.UTC(2026, 11, 7 + day, 8 + rng.int(0, 2) * 4)).toISOString();
    const fills = rng.chance(0.8);
    const acceptAfter = rng.int(60, 25 * 60) * 1000;
    const pick = rng.float();
    enqueue({
      at,
      run: async () => {
        const posted = await postShift(
          managerOf(practice),
          {
            practiceId: practice.id,
            role,
            skills: [],
            start: startsAt,
            end: new Date(Date.parse(startsAt) + 4 * 3_600_000).toISOString(),
            breakMinutes: 0,
            hourlyRatePence: 9000,
            cascadeMinutes: 15,
          },
          deps,
        );
        const offer = posted.offers[Math.floor(pick * posted.offers.length)];
        if (!fills || !offer) return;
        enqueue({
          at: at + acceptAfter,
          run: async () => {
            const caller: Caller = {
              userId: `usr-${offer.clinicianId}`,
              email: `${offer.clinicianId}@bank.example`,
              role: 'clinician',
              orgId: BENCH_ORG,
              practiceIds: [],
              clinicianId: offer.clinicianId,
            };
            try {
              await acceptOffer(caller, offer.id, deps);
              accepts++;
            } catch (error) {
              // Another commitment that day, or the offer went with a later wave's winner: a real 409.
              acceptsRefused++;
              if (refusals.length < 3) refusals.push((error as Error).message);
            }
          },
        });
      },
    });
  }

  const wallStarted = performance.now();
  let inflight = 0;
  let done = 0;
  const total = () => done + inflight + queue.length;
  await new Promise<void>((finish) => {
    const pump = () => {
      while (inflight < ctx.concurrency && queue.length) {
        const e = queue.shift()!;
        inflight++;
        const moment: Moment = { at: e.at, outbox: [] };
        moments
          .run(moment, async () => {
            await e.run();
            // The stream hands the outbox records to the relay within the second.
            while (moment.outbox.length) {
              const records = moment.outbox.splice(0);
              const out = await relay(records);
              if (out.failed.length) failures.push(`relay failed ${out.failed.length} records`);
            }
          })
          .catch((error: unknown) => {
            if (failures.length < 20) failures.push((error as Error).stack ?? String(error));
          })
          .finally(() => {
            inflight--;
            done++;
            if (done % 250 === 0)
              ctx.log(`  ${done} of ${total()} events, ${Math.round(performance.now() - wallStarted)} ms`);
            pump();
          });
      }
      if (!inflight && !queue.length) finish();
    };
    pump();
  });
  const wallMs = performance.now() - wallStarted;
  db.destroy();

  const from = Math.floor(start / 1000);
  const to = Math.floor(end / 1000) + 600;
  // Per target the busiest partitions by their peak second and by their mean: one shift's partition takes a
  // burst of offers at once, while the organisation-wide ones take a little from every shift all hour.
  const hot = (units: 'writeUnits' | 'readUnits'): HotKey[] =>
    ['table', 'GSI1', 'GSI2', 'GSI3'].flatMap((target) => {
      const all = meter.hottest(target, units, from, to, Number.POSITIVE_INFINITY);
      const byMean = [...all].sort((a, b) => b.total[units] - a.total[units]).slice(0, 3);
      const chosen = [...new Set([...all.slice(0, 3), ...byMean])];
      return chosen.map((h) => ({
        target,
        key: h.key,
        peak: h.peak,
        // Over the posting window: what the peak hour sustains.
        mean: h.total[units] / ctx.seconds,
        items: units === 'writeUnits' ? h.total.writes : h.total.reads,
      }));
    });
  let estimatedUnits = 0;
  const estimated = new Map<Target, number>();
  for (const [id, bySecond] of meter.usage) {
    const target = id.split('\u0000')[0]!;
    for (const u of bySecond.values()) {
      estimatedUnits += u.readUnits + u.writeUnits;
      estimated.set(target, (estimated.get(target) ?? 0) + u.readUnits + u.writeUnits);
    }
  }
  return {
    shifts: ctx.shifts,
    simulatedSeconds: ctx.seconds,
    clinicians: bank.length,
    practices: practices.length,
    offers,
    accepts,
    acceptsRefused,
    textsSent,
    waves,
    bulkPosts,
    refusals,
    maxBulkShifts,
    failures,
    wallMs,
    seedMs,
    requests: Object.fromEntries(meter.requests),
    writes: hot('writeUnits'),
    reads: hot('readUnits'),
    estimatedUnits,
    reportedUnits: meter.reported.units,
    unitsByTarget: ['table', 'GSI1', 'GSI2', 'GSI3'].map((target) => ({
      target,
      estimated: estimated.get(target) ?? 0,
      reported: meter.reported.byTarget.get(target) ?? 0,
    })),
  };
}

export const overHalf = (k: HotKey, kind: 'write' | 'read') =>
  k.peak > (kind === 'write' ? WRITE_LIMIT : READ_LIMIT) / 2;
