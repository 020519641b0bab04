import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDeps } from '../../lib/all-deps';
import type { BookedInterval, Booking, Practice, Shift } from '../../lib/domain/types';
import { bookingItem } from '../../lib/store/bookings';
import { createDocumentClient } from '../../lib/store/client';
import * as keys from '../../lib/store/keys';
import { chunks } from '../../lib/store/records';
import { matchShift } from '../../lib/use-cases/matching';
import { postShift } from '../../lib/use-cases/shifts';
import { clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const SHIFT = { start: '2026-12-03T09:00:00.000Z', end: '2026-12-03T17:00:00.000Z' };
const HOUR = 3_600_000;

/** A booking as the accept path leaves it: the booking item and the interval in the clinician's diary. */
function booked(clinicianId: string, practiceAt: Practice, n: number, start: string, hours: number) {
  const end = new Date(Date.parse(start) + hours * HOUR).toISOString();
  const booking: Booking = {
    orgId: ORG,
    id: `bk-${clinicianId}-${n}`,
    shiftId: `sh-${clinicianId}-${n}`,
    clinicianId,
    practiceId: practiceAt.id,
    status: 'confirmed',
    bookedAt: '2026-11-01T00:00:00.000Z',
    start,
    end,
  };
  const interval: BookedInterval = {
    bookingId: booking.id,
    shiftId: booking.shiftId,
    start,
    end,
    site: { practiceId: practiceAt.id, lat: practiceAt.lat, lon: practiceAt.lon },
  };
  return { booking, interval };
}

function diaryItem(clinicianId: string, bookings: BookedInterval[]) {
  return { ...keys.diary(ORG, clinicianId), type: 'DIARY', orgId: ORG, clinicianId, bookings, version: 1 };
}

async function writeAll(deps: TestDeps, items: Record<string, unknown>[]) {
  for (const group of chunks(chunks(items, 25), 8)) {
    await Promise.all(
      group.map(async (batch) => {
        let pending = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = await deps.db.send(new BatchWriteCommand({ RequestItems: { [deps.table]: pending } }));
          pending = (out.UnprocessedItems?.[deps.table] ?? []) as typeof pending;
        }
      }),
    );
  }
}

describe('matching reads what its candidates need, not the organisation', () => {
  let deps: TestDeps;
  let surgery: Practice;
  let shift: Shift;
  /** Every DynamoDB command a match sends, counted by the SDK client itself. */
  const sent: string[] = [];
  let counted: ReturnType<typeof createDeps>;

  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    const elsewhere = practice({ lat: 51.2, lon: -2.3 });
    const free = clinician({ roles: ['paramedic'], name: 'Free' });
    const busy = clinician({ roles: ['paramedic'], name: 'Busy' });
    const clashing = clinician({ roles: ['paramedic'], name: 'Clashing' });
    await seed(deps, [surgery, elsewhere], [free, busy, clashing]);
    // The candidates' own bookings: one worked a lot in the last four weeks (ranked after the free one), one is
    // booked over the shift itself (excluded: CLASH).
    const busyWeeks = [1, 3, 5, 8, 12, 15, 19, 22, 26].map((days, n) =>
      booked(busy.id, surgery, n, new Date(Date.parse(SHIFT.start) - days * 24 * HOUR).toISOString(), 10),
    );
    const clash = [booked(clashing.id, surgery, 0, '2026-12-03T12:00:00.000Z', 4)];
    await writeAll(deps, [
      ...[...busyWeeks, ...clash].map((b) => bookingItem(b.booking)),
      diaryItem(
        busy.id,
        busyWeeks.map((b) => b.interval),
      ),
      diaryItem(
        clashing.id,
        clash.map((b) => b.interval),
      ),
    ]);
    ({ shift } = await postShift(
      manager([surgery.id]),
      {
        practiceId: surgery.id,
        role: 'paramedic',
        skills: [],
        ...SHIFT,
        breakMinutes: 0,
        hourlyRatePence: 4000,
        cascadeMinutes: 0,
      },
      deps,
    ));
    const db = createDocumentClient({ endpoint: deps.endpoint, region: 'eu-west-2' });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    counted = createDeps(db, deps.table);
  });

  it('answers the same in the same number of requests with 4,000 bookings of other clinicians in the same weeks', async () => {
    sent.length = 0;
    const before = await matchShift(shift, counted);
    const requestsBefore = sent.length;
    expect(before.candidates.map((c) => c.name)).toEqual(['Free', 'Busy']);
    expect(before.excluded.map((e) => [e.name, e.reasons])).toEqual([['Clashing', ['CLASH']]]);
    expect(before.requests).toBe(requestsBefore);

    // Other clinicians, at another practice, booked through the 37 days a match looks at: each with a diary, as
    // the accept path leaves them, and together well over one 1 MB page of the organisation's booking index.
    const others = Array.from({ length: 4000 }, (_, n) => {
      const start = new Date(Date.parse(SHIFT.start) + ((n % 37) - 29) * 24 * HOUR + (n % 3) * HOUR).toISOString();
      return booked(`other-${n % 800}`, practice({ id: 'prc-elsewhere', lat: 51.2, lon: -2.3 }), n, start, 8);
    });
    const diaries = new Map<string, BookedInterval[]>();
    for (const o of others)
      diaries.set(o.booking.clinicianId, [...(diaries.get(o.booking.clinicianId) ?? []), o.interval]);
    await writeAll(deps, [
      ...others.map((o) => bookingItem(o.booking)),
      ...[...diaries].map(([id, list]) => diaryItem(id, list)),
    ]);

    sent.length = 0;
    const after = await matchShift(shift, counted);
    expect(sent.length).toBe(requestsBefore);
    expect(after.requests).toBe(sent.length);
    expect(after.candidates).toEqual(before.candidates);
    expect(after.excluded).toEqual(before.excluded);
  }, 120_000);

  it('reads the diaries in BatchGetItem requests of at most 100 keys, never the organisation’s booking index', async () => {
    const commands: { name: string; keys?: number; index?: string }[] = [];
    const db = createDocumentClient({ endpoint: deps.endpoint, region: 'eu-west-2' });
    db.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as {
          IndexName?: string;
          RequestItems?: Record<string, { Keys?: unknown[] }>;
        };
        commands.push({
          name: String(context.commandName),
          keys: input.RequestItems?.[deps.table]?.Keys?.length,
          index: input.IndexName,
        });
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    // 230 more candidates next door, 233 in all: three BatchGetItem requests for their diaries, in parallel.
    const crowd = Array.from({ length: 230 }, () => clinician({ roles: ['paramedic'] }));
    await seed(deps, [], crowd);
    const match = await matchShift(shift, createDeps(db, deps.table));
    expect(match.candidates).toHaveLength(232);
    const batches = commands.filter((c) => c.name === 'BatchGetItemCommand');
    expect(batches.map((b) => b.keys ?? 0).sort((a, b) => a - b)).toEqual([33, 100, 100]);
    expect(commands.some((c) => c.index === 'GSI3')).toBe(false);
    expect(match.requests).toBe(commands.length);
  }, 120_000);

  it('offering reads the diaries of the clinicians the static rules let through, and no one else’s', async () => {
    const blocked = clinician({ roles: ['paramedic'], name: 'Blocked', blockedPracticeIds: [surgery.id] });
    await seed(deps, [], [blocked]);
    const clash = booked(blocked.id, surgery, 0, '2026-12-03T10:00:00.000Z', 2);
    await writeAll(deps, [bookingItem(clash.booking), diaryItem(blocked.id, [clash.interval])]);
    const asked: string[] = [];
    const db = createDocumentClient({ endpoint: deps.endpoint, region: 'eu-west-2' });
    db.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { RequestItems?: Record<string, { Keys?: { PK?: string | { S?: string } }[] }> };
        for (const k of input.RequestItems?.[deps.table]?.Keys ?? [])
          asked.push(String(typeof k.PK === 'string' ? k.PK : k.PK?.S));
        return next(args);
      },
      { step: 'initialize', name: 'recordKeys' },
    );
    const offering = await matchShift(shift, createDeps(db, deps.table), undefined, { explain: false });
    expect(asked).toHaveLength(233);
    expect(asked).not.toContain(keys.diary(ORG, blocked.id).PK);
    // A clinician the static rules let through is still judged on their diary.
    const clashing = offering.excluded.find((e) => e.name === 'Clashing');
    expect(clashing?.reasons).toEqual(['CLASH']);
    expect(asked).toContain(keys.diary(ORG, clashing!.clinicianId).PK);
    expect(offering.excluded.find((e) => e.clinicianId === blocked.id)?.reasons).toEqual(['BLOCKED']);
    // The manager's view reads everyone's diary and gives every reason.
    const explained = await matchShift(shift, deps);
    expect(explained.excluded.find((e) => e.clinicianId === blocked.id)?.reasons).toEqual(['CLASH', 'BLOCKED']);
    expect(explained.candidates).toEqual(offering.candidates);
  }, 120_000);
});
