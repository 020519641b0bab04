import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { applyToTotals } from '../../functions/on-report-totals';
import type { Caller } from '../../lib/domain/caller';
import type { Booking, Clinician, Practice } from '../../lib/domain/types';
import { matchesTotalsFilter, ReportTotalsStore } from '../../lib/store/report-totals';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelBooking, cancelShift } from '../../lib/use-cases/cancellations';
import { recomputeSummary, reportSummary } from '../../lib/use-cases/reports';
import { postShift } from '../../lib/use-cases/shifts';
import { approveTimesheet, rejectTimesheet, submitTimesheet } from '../../lib/use-cases/timesheets';
import { type StreamPump, startStreamPump } from '../../local/stream-pump';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const admin: Caller = { userId: 'usr-admin', email: '', role: 'admin', orgId: ORG, practiceIds: [] };

/** A small seeded generator, so a failure can be run again as it was. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function itemsOfType(deps: TestDeps, type: string) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await deps.db.send(
      new ScanCommand({
        TableName: deps.table,
        FilterExpression: '#t = :t',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':t': type },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The totals items, keyed and stripped of nothing: what two runs must agree on exactly. */
async function totalsSnapshot(deps: TestDeps) {
  const items = await itemsOfType(deps, 'TOTALS');
  return Object.fromEntries(
    items.map((i) => [`${i.PK}|${i.SK}`, i]).sort(([a], [b]) => String(a).localeCompare(String(b))),
  );
}

const SEED = Number(process.env.REPORT_TOTALS_SEED ?? 20261206);

describe('report totals kept from the stream', { timeout: 180_000 }, () => {
  let deps: TestDeps;
  let practices: Practice[];
  let bank: Clinician[];
  let pump: StreamPump;
  const delivered: DynamoDBRecord[] = [];
  const periods = [
    { from: '2026-10-20', to: '2026-11-30' },
    { from: '2026-10-25', to: '2026-11-08' },
  ];

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-10-01T08:00:00Z'), { stream: true });
    practices = [practice(), practice(), practice()];
    bank = Array.from({ length: 10 }, () => clinician());
    await seed(deps, practices, bank);
    const totals = new ReportTotalsStore(deps.db, deps.table);
    pump = startStreamPump({
      endpoint: inject('dynamodbEndpoint'),
      tableName: deps.table,
      pollMs: 50,
      retryBaseMs: 10,
      consumers: [
        {
          name: 'on-report-totals',
          matches: matchesTotalsFilter,
          batchSize: 100,
          handler: async (event) => {
            delivered.push(...event.Records);
            return applyToTotals(event.Records, totals);
          },
        },
      ],
    });

    // Random shifts through the real use cases: left open, cancelled, filled after a while, booking cancelled.
    const rnd = random(SEED);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const bookings: Booking[] = [];
    const postedAt = Date.parse('2026-10-01T08:00:00Z');
    for (let i = 0; i < 36; i++) {
      const p = pick(practices);
      const day = new Date(Date.parse('2026-10-20T00:00:00Z') + Math.floor(rnd() * 41) * 86_400_000);
      // 23:30 UTC the night the clocks go back is already the next London date.
      const [h, m] = pick([
        [7, 0],
        [9, 0],
        [13, 30],
        [23, 30],
      ] as const);
      const start = new Date(day.getTime() + (h * 60 + m) * 60_000);
      const at = postedAt + i * 600_000;
      deps.clock.set(new Date(at));
      const { shift, offers } = await postShift(
        manager([p.id]),
        {
          practiceId: p.id,
          role: 'gp',
          skills: [],
          start: start.toISOString(),
          end: new Date(start.getTime() + 3 * 3_600_000).toISOString(),
          breakMinutes: 0,
          hourlyRatePence: 8000 + Math.floor(rnd() * 40) * 100,
          cascadeMinutes: 0,
        },
        deps,
      );
      const fate = rnd();
      if (fate < 0.15) continue;
      if (fate < 0.3) {
        await cancelShift(manager([p.id]), shift.id, 'Covered in house', deps);
        continue;
      }
      deps.clock.set(new Date(at + Math.floor(rnd() * 900) * 60_000));
      const offer = offers.length ? pick(offers) : undefined;
      if (!offer) continue;
      const who = bank.find((c) => c.id === offer.clinicianId)!;
      try {
        const booking = await acceptOffer(asClinician(who), offer.id, deps);
        if (rnd() < 0.12) await cancelBooking(asClinician(who), booking.id, 'Unwell', deps);
        else bookings.push(booking);
      } catch {
        // A clash with the clinician's other bookings: the shift stays open.
      }
    }

    // After every shift: claims, then decisions.
    deps.clock.set(new Date('2026-12-02T09:00:00Z'));
    for (const b of bookings) {
      if (rnd() < 0.15) continue;
      const who = bank.find((c) => c.id === b.clinicianId)!;
      const t = await submitTimesheet(asClinician(who), b.id, {}, deps);
      const decision = rnd();
      if (decision < 0.6) await approveTimesheet(admin, t.id, deps);
      else if (decision < 0.8) await rejectTimesheet(admin, t.id, 'Not worked', deps);
    }
    await pump.drain();
    // Some hundred use-case calls against DynamoDB Local on a shared machine.
  }, 170_000);

  afterAll(async () => {
    await pump?.stop();
  });

  const callers = () => [admin, manager([practices[0]!.id, practices[2]!.id]), manager([practices[1]!.id])];

  it('gives the report the records give, for every caller, period and grouping (reconciliation)', async () => {
    const whole = await recomputeSummary(admin, { ...periods[0]!, groupBy: 'week' }, deps);
    // The generated data is worth reconciling: something of each kind.
    expect(whole.shiftsPosted).toBeGreaterThan(5);
    expect(whole.shiftsFilled).toBeGreaterThan(3);
    expect(whole.shiftsCancelled).toBeGreaterThan(0);
    expect(whole.spendPence).toBeGreaterThan(0);
    expect(whole.medianMinutesToFill).not.toBeNull();
    for (const caller of callers()) {
      for (const period of periods) {
        for (const groupBy of [undefined, 'week', 'month'] as const) {
          const label = `${caller.role} ${caller.practiceIds.join(',')} ${period.from}..${period.to} ${groupBy}`;
          expect(await reportSummary(caller, { ...period, groupBy }, deps), label).toEqual(
            await recomputeSummary(caller, { ...period, groupBy }, deps),
          );
        }
      }
    }
  });

  it('reads day totals for a report, never a shift or timesheet, at most one item per practice per day', async () => {
    const read: Record<string, unknown>[] = [];
    const counting = {
      ...deps,
      db: {
        send: async (command: unknown) => {
          const out = await deps.db.send(command as never);
          read.push(...(((out as { Items?: Record<string, unknown>[] }).Items ?? []) as Record<string, unknown>[]));
          return out;
        },
      },
    } as unknown as TestDeps;
    const { from, to } = periods[0]!;
    await reportSummary(admin, { from, to, groupBy: 'week' }, counting);
    const types = new Set(read.map((i) => i.type));
    // (The practice list comes through the practices repository, which has its own client.)
    expect([...types]).toEqual(['TOTALS']);
    const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
    expect(read.filter((i) => i.type === 'TOTALS').length).toBeLessThanOrEqual(days * practices.length);
    // The role items are not read for the report.
    expect(read.some((i) => String(i.SK).startsWith('ROLE#'))).toBe(false);
  });

  it("keeps each role's totals beside the practice's, adding up to them", async () => {
    const totals = new ReportTotalsStore(deps.db, deps.table);
    for (const p of practices) {
      const days = await totals.days(ORG, p.id, '2026-10-01', '2026-12-31');
      const gp = await totals.roleDays(ORG, p.id, 'gp', '2026-10-01', '2026-12-31');
      const sum = (xs: { posted: number; filled: number; cancelled: number; spendPence: number }[]) =>
        xs.reduce(
          (t, x) => ({
            posted: t.posted + x.posted,
            filled: t.filled + x.filled,
            cancelled: t.cancelled + x.cancelled,
            spendPence: t.spendPence + x.spendPence,
          }),
          { posted: 0, filled: 0, cancelled: 0, spendPence: 0 },
        );
      // Every generated shift is a GP's.
      expect(sum(gp), p.id).toEqual(sum(days));
      expect(await totals.roleDays(ORG, p.id, 'nurse', '2026-10-01', '2026-12-31')).toEqual([]);
    }
  });

  it('changes nothing when a batch is delivered again, out of order, or all at once', async () => {
    expect(delivered.length).toBeGreaterThan(36);
    const before = await totalsSnapshot(deps);
    const sourcesBefore = await itemsOfType(deps, 'TOTALS_SOURCE');
    expect(Object.keys(before).length).toBeGreaterThan(0);
    const totals = new ReportTotalsStore(deps.db, deps.table);
    const shuffled = [...delivered];
    const rnd = random(SEED + 1);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    // Again as delivered, then backwards, then shuffled in batches of seven, two copies racing.
    expect(await applyToTotals(delivered, totals)).toEqual({ batchItemFailures: [] });
    await applyToTotals([...delivered].reverse(), totals);
    for (let i = 0; i < shuffled.length; i += 7) {
      const batch = shuffled.slice(i, i + 7);
      await Promise.all([applyToTotals(batch, totals), applyToTotals(batch, totals)]);
    }
    expect(await totalsSnapshot(deps)).toEqual(before);
    // Not even a revision moved: a record already counted as it stands is not written again.
    expect(await itemsOfType(deps, 'TOTALS_SOURCE')).toEqual(expect.arrayContaining(sourcesBefore));
    expect(await itemsOfType(deps, 'TOTALS_SOURCE')).toHaveLength(sourcesBefore.length);
    expect(await reportSummary(admin, { ...periods[0]!, groupBy: 'month' }, deps)).toEqual(
      await recomputeSummary(admin, { ...periods[0]!, groupBy: 'month' }, deps),
    );
  });

  it('rebuilds lost totals from the records, converging with the stream when both run at once', async () => {
    const before = await totalsSnapshot(deps);
    const stored = [...(await itemsOfType(deps, 'TOTALS')), ...(await itemsOfType(deps, 'TOTALS_SOURCE'))];
    for (let i = 0; i < stored.length; i += 25) {
      await deps.db.send(
        new BatchWriteCommand({
          RequestItems: {
            [deps.table]: stored.slice(i, i + 25).map((s) => ({ DeleteRequest: { Key: { PK: s.PK, SK: s.SK } } })),
          },
        }),
      );
    }
    expect(await totalsSnapshot(deps)).toEqual({});
    const totals = new ReportTotalsStore(deps.db, deps.table);
    // Without the revision condition, these would add the same records' contributions two and three times.
    const [first, second] = await Promise.all([
      totals.rebuild(ORG),
      totals.rebuild(ORG),
      applyToTotals(delivered, totals),
    ]);
    expect(first.shifts).toBe(36);
    expect(first.moved + second.moved).toBeLessThanOrEqual(first.shifts + first.timesheets);
    const after = await totalsSnapshot(deps);
    // The rebuilt items are the same figures; only attributes of emptied-out items could differ, and none are empty.
    expect(after).toEqual(before);
    expect(await totals.rebuild(ORG)).toMatchObject({ moved: 0 });
  });
});
