import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDeps } from '../lib/all-deps';
import type { Caller } from '../lib/domain/caller';
import type { Clinician, Offer, Shift } from '../lib/domain/types';
import type { Job, Scheduler } from '../lib/schedule/jobs';
import { createDocumentClient } from '../lib/store/client';
import { acceptOffer } from '../lib/use-cases/bookings';
import { writeOffers } from '../lib/use-cases/offers';
import { createShift } from '../lib/use-cases/shifts';
import { ensureTable } from '../local/dynamodb-local';
import { BENCH_ORG, BENCH_PRACTICE } from './bank';
import { conditionalBump, counterItems, PAD, smallBooking } from './calibration';
import { batchPut, benchGp, coveredMs, type Latency, latency, pool, recordCommands } from './support';

export interface AcceptBench {
  accepts: number;
  latency: Latency;
  /** Median of each accept's time spent waiting on reads (overlapping reads counted once). */
  readsP50: number;
  /** Median of each accept's time inside the booking transaction. */
  transactionP50: number;
  /** Median of what is left: JSON, marshalling, rules, building the transaction. */
  otherP50: number;
  /** Requests per accept, and in how many sequential rounds. */
  requests: number;
  readRounds: number;
  transactionItems: number;
  commands: string[];
  /**
   * The calibration's raw conditional update and 3-item transaction, sent to the
   * accept's own table by its own client, one of each straight after every
   * measured accept: the floor at the same moment, on the same table.
   */
  interleaved: { conditionalUpdate: Latency; transaction3: Latency };
}

const quietScheduler: Scheduler & { jobs: number } = {
  jobs: 0,
  async schedule(_at: Date, _job: Job) {
    quietScheduler.jobs++;
  },
  async cancel() {},
};

const manager: Caller = {
  userId: 'usr-bench-manager',
  email: 'manager@bench.example',
  role: 'manager',
  orgId: BENCH_ORG,
  practiceIds: [BENCH_PRACTICE.id],
};

function clinician(i: number): Clinician {
  return benchGp(i, {
    orgId: BENCH_ORG,
    id: `cln-acc-${String(i).padStart(4, '0')}`,
    name: `Accept Clinician ${i}`,
    email: `acc${i}@bank.example`,
    home: { lat: BENCH_PRACTICE.lat + 0.05, lon: BENCH_PRACTICE.lon - 0.05 },
    maxTravelKm: 20,
    notify: ['sms', 'email'],
    completedShifts: 12,
  });
}

/**
 * `acceptOffer` in process, one accept per freshly posted and offered shift,
 * one after another; every DynamoDB request is timed through a middleware on
 * a client of its own, so reads and the transaction can be told apart.
 */
export async function benchAccept(ctx: {
  endpoint: string;
  /** The calibration's table, when it ran: see bench/run.ts. */
  table: string;
  shifts: number;
  warmup: number;
}): Promise<AcceptBench> {
  const { table } = ctx;
  await ensureTable(ctx.endpoint, table, { stream: false });
  const db = createDocumentClient({ endpoint: ctx.endpoint, region: 'eu-west-2' });
  const recorder = recordCommands(db);
  try {
    const deps = createDeps(db, table, {
      scheduler: quietScheduler,
      publisher: { publish: async () => ({ failed: [] }) },
    });
    await deps.practices.create(BENCH_PRACTICE);
    const total = ctx.shifts + ctx.warmup;
    const clinicians = Array.from({ length: total }, (_, i) => clinician(i));
    await pool(clinicians, 8, (c) => deps.clinicians.create(c));
    const now = deps.clock.now().getTime();
    const prepared = await pool(clinicians, 8, async (c): Promise<{ shift: Shift; offer: Offer; c: Clinician }> => {
      const i = clinicians.indexOf(c);
      const start = new Date(Math.ceil((now + 3 * 86_400_000) / 3_600_000) * 3_600_000 + i * 60_000).toISOString();
      const shift = await createShift(
        manager,
        {
          practiceId: BENCH_PRACTICE.id,
          role: 'gp',
          skills: [],
          start,
          end: new Date(Date.parse(start) + 8 * 3_600_000).toISOString(),
          breakMinutes: 30,
          hourlyRatePence: 9000,
          cascadeMinutes: 30,
        },
        deps,
      );
      const [offer] = await writeOffers(shift, BENCH_PRACTICE, [c], 0, manager.userId, deps);
      if (!offer) throw new Error(`no offer written for ${shift.id}`);
      return { shift, offer, c };
    });

    await batchPut(db, table, counterItems());
    await db.send(new PutCommand({ TableName: table, Item: { PK: 'CAL#SHIFT', SK: 'S', status: 'open', pad: PAD } }));
    const rawUpdates: number[] = [];
    const rawTransactions: number[] = [];
    const timed = async (into: number[], send: () => Promise<unknown>) => {
      const started = performance.now();
      await send();
      into.push(performance.now() - started);
    };

    const samples: number[] = [];
    const reads: number[] = [];
    const transactions: number[] = [];
    const others: number[] = [];
    let requests = 0;
    let readRounds = 0;
    let commands: string[] = [];
    let transactionItems = 0;
    for (let i = 0; i < prepared.length; i++) {
      const { offer, c } = prepared[i]!;
      const caller: Caller = {
        userId: `usr-${c.id}`,
        email: c.email,
        role: 'clinician',
        orgId: BENCH_ORG,
        practiceIds: [],
        clinicianId: c.id,
      };
      recorder.clear();
      const started = performance.now();
      const booking = await acceptOffer(caller, offer.id, deps);
      const ms = performance.now() - started;
      if (booking.clinicianId !== c.id) throw new Error('the accept booked someone else');
      const log = [...recorder.log];
      await timed(i < ctx.warmup ? [] : rawUpdates, () => db.send(conditionalBump(table, i)));
      await timed(i < ctx.warmup ? [] : rawTransactions, () =>
        db.send(new TransactWriteCommand({ TransactItems: smallBooking(table, 'CAL#SHIFT', `acc-${i}`, i) })),
      );
      if (i < ctx.warmup) continue;
      const isTx = (name: string) => name.startsWith('TransactWrite');
      const tx = log.filter((l) => isTx(l.name));
      const rd = log.filter((l) => !isTx(l.name));
      const readMs = coveredMs(rd);
      const txMs = tx.reduce((s, l) => s + l.ms, 0);
      samples.push(ms);
      reads.push(readMs);
      transactions.push(txMs);
      others.push(ms - readMs - txMs);
      requests = log.length;
      transactionItems = tx[0]?.items ?? 0;
      commands = log.sort((a, b) => a.start - b.start).map((l) => l.name.replace('Command', ''));
      // Requests that start before the previous one ended run together: count the sequential rounds of reads.
      let rounds = 0;
      let end = Number.NEGATIVE_INFINITY;
      for (const r of rd.sort((a, b) => a.start - b.start)) {
        if (r.start >= end) rounds++;
        end = Math.max(end, r.start + r.ms);
      }
      readRounds = rounds;
    }
    const med = (xs: number[]) => latency(xs).p50;
    return {
      accepts: samples.length,
      latency: latency(samples),
      readsP50: med(reads),
      transactionP50: med(transactions),
      otherP50: med(others),
      requests,
      readRounds,
      transactionItems,
      commands,
      interleaved: { conditionalUpdate: latency(rawUpdates), transaction3: latency(rawTransactions) },
    };
  } finally {
    db.destroy();
  }
}
