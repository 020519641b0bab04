import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { type ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/domain/errors';
import { toLocal } from '../../lib/domain/time';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelShift } from '../../lib/use-cases/cancellations';
import { idempotent } from '../../lib/use-cases/idempotency';
import { runJob } from '../../lib/use-cases/jobs';
import { bulkPostShifts, createTemplate, listTemplates, weekView } from '../../lib/use-cases/rota';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const admin: Caller = { userId: 'usr-admin', email: 'a@x', role: 'admin', orgId: ORG, practiceIds: [] };
const gpDay = [
  { from: '08:00', to: '12:10', breakMinutes: 0 },
  { from: '14:00', to: '18:10', breakMinutes: 0 },
];

async function shiftsInTable(deps: TestDeps, templateId: string) {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :t AND templateId = :id',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'SHIFT', ':id': templateId },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

describe('weekView', () => {
  let deps: TestDeps;
  const mine = practice();
  const theirs = practice();
  const doctor = clinician({ name: 'Dr Asha Patel' });

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [mine, theirs], [doctor]);
  });

  it('lays out a manager’s practices day by day, gaps and filled sessions, naming the booked clinician', async () => {
    const boss = manager([mine.id]);
    const post = (p: typeof mine, start: string, end: string) =>
      postShift(
        p.id === mine.id ? boss : admin,
        {
          practiceId: p.id,
          role: 'gp',
          skills: [],
          start,
          end,
          breakMinutes: 0,
          hourlyRatePence: 9000,
          cascadeMinutes: 0,
        },
        deps,
      );
    const morning = await post(mine, '2026-12-07T08:00:00.000Z', '2026-12-07T12:10:00.000Z');
    const afternoon = await post(mine, '2026-12-07T14:00:00.000Z', '2026-12-07T18:10:00.000Z');
    const thursday = await post(mine, '2026-12-10T08:00:00.000Z', '2026-12-10T12:10:00.000Z');
    await post(mine, '2026-12-14T08:00:00.000Z', '2026-12-14T12:10:00.000Z'); // the week after
    await post(theirs, '2026-12-08T08:00:00.000Z', '2026-12-08T12:10:00.000Z');
    const offer = morning.offers.find((o) => o.clinicianId === doctor.id)!;
    await acceptOffer(asClinician(doctor), offer.id, deps);

    const { days } = await weekView(boss, { from: '2026-12-07', to: '2026-12-13' }, deps);
    expect(days.map((d) => d.date)).toEqual([
      '2026-12-07',
      '2026-12-08',
      '2026-12-09',
      '2026-12-10',
      '2026-12-11',
      '2026-12-12',
      '2026-12-13',
    ]);
    expect(days[0]!.shifts).toEqual([
      {
        id: morning.shift.id,
        practiceId: mine.id,
        role: 'gp',
        localStart: '2026-12-07T08:00',
        localEnd: '2026-12-07T12:10',
        status: 'filled',
        clinicianName: 'Dr Asha Patel',
        hourlyRatePence: 9000,
      },
      expect.objectContaining({ id: afternoon.shift.id, status: 'open' }),
    ]);
    expect(days[0]!.shifts[1]).not.toHaveProperty('clinicianName');
    expect(days[1]!.shifts).toEqual([]); // the other practice's shift is not the manager's
    expect(days[3]!.shifts.map((s) => s.id)).toEqual([thursday.shift.id]);

    const whole = await weekView(admin, { from: '2026-12-07', to: '2026-12-13' }, deps);
    expect(whole.days[1]!.shifts.map((s) => s.practiceId)).toEqual([theirs.id]);
  });

  it('leaves cancelled shifts out and files a shift under its London date across the clock change', async () => {
    const boss = manager([mine.id]);
    // 23:30 UTC on 28 March 2026 is 23:30 GMT on the 28th; 23:30 UTC on the 29th is 00:30 BST on the 30th.
    deps.clock.set(new Date('2026-03-01T09:00:00Z'));
    const body = (start: string, end: string) => ({
      practiceId: mine.id,
      role: 'gp' as const,
      skills: [],
      start,
      end,
      breakMinutes: 0,
      hourlyRatePence: 9000,
      cascadeMinutes: 0,
    });
    const before = await postShift(boss, body('2026-03-28T23:30:00.000Z', '2026-03-29T04:00:00.000Z'), deps);
    const after = await postShift(boss, body('2026-03-29T23:30:00.000Z', '2026-03-30T04:00:00.000Z'), deps);
    const gone = await postShift(boss, body('2026-03-30T09:00:00.000Z', '2026-03-30T12:00:00.000Z'), deps);
    await cancelShift(boss, gone.shift.id, 'Covered in house', deps);
    const { days } = await weekView(boss, { from: '2026-03-28', to: '2026-03-30', practiceId: mine.id }, deps);
    expect(days.map((d) => [d.date, d.shifts.map((s) => s.id)])).toEqual([
      ['2026-03-28', [before.shift.id]],
      ['2026-03-29', []],
      ['2026-03-30', [after.shift.id]],
    ]);
    expect(days[2]!.shifts[0]!.localStart).toBe('2026-03-30T00:30');
    deps.clock.set(new Date('2026-11-22T09:00:00Z'));
  });

  it('refuses a manager a practice they do not run (403) and answers 404 for another organisation’s', async () => {
    await expect(
      weekView(manager([mine.id]), { from: '2026-12-07', to: '2026-12-13', practiceId: theirs.id }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const elsewhere = practice({ orgId: 'org-other' });
    await deps.practices.create(elsewhere);
    await expect(
      weekView(admin, { from: '2026-12-07', to: '2026-12-13', practiceId: elsewhere.id }, deps),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('shift templates', () => {
  let deps: TestDeps;
  const mine = practice();
  const theirs = practice();

  beforeAll(async () => {
    deps = await freshDeps();
    await seed(deps, [mine, theirs], []);
  });

  it('saves a GP day for a practice and lists it for that practice only', async () => {
    const boss = manager([mine.id]);
    const template = await createTemplate(
      boss,
      {
        practiceId: mine.id,
        name: 'GP day',
        role: 'gp',
        skills: [],
        sessions: gpDay,
        hourlyRatePence: 9500,
        cascadeMinutes: 30,
      },
      deps,
    );
    expect((await listTemplates(boss, mine.id, { limit: 50 }, deps)).items).toEqual([template]);
    expect((await listTemplates(admin, theirs.id, { limit: 50 }, deps)).items).toEqual([]);
    await expect(listTemplates(boss, theirs.id, { limit: 50 }, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      createTemplate(
        boss,
        {
          practiceId: theirs.id,
          name: 'x',
          role: 'gp',
          skills: [],
          sessions: gpDay,
          hourlyRatePence: 9500,
          cascadeMinutes: 30,
        },
        deps,
      ),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('bulkPostShifts', () => {
  let deps: TestDeps;
  const surgery = practice({ name: 'Abbey Manor Medical Practice' });
  const doctor = clinician({ name: 'Dr Only One' });
  const boss = manager([surgery.id]);

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-12-20T09:00:00Z'));
    await seed(deps, [surgery], [doctor]);
  });

  const template = (sessions = gpDay, name = 'GP day') =>
    createTemplate(
      boss,
      { practiceId: surgery.id, name, role: 'gp', skills: [], sessions, hourlyRatePence: 9500, cascadeMinutes: 0 },
      deps,
    );

  it('makes two shifts a day from a two-session template, and tells the one eligible clinician of all ten in one text', async () => {
    const t = await template();
    const sentBefore = deps.publisher.sent.length;
    const result = await bulkPostShifts(
      boss,
      { templateId: t.id, from: '2027-01-04', to: '2027-01-08', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      deps,
    );
    expect(result.skipped).toEqual([]);
    expect(result.shifts).toHaveLength(10);
    expect(result.shifts.map((s) => [s.start, s.end]).slice(0, 2)).toEqual([
      ['2027-01-04T08:00:00.000Z', '2027-01-04T12:10:00.000Z'],
      ['2027-01-04T14:00:00.000Z', '2027-01-04T18:10:00.000Z'],
    ]);
    const offers = (await Promise.all(result.shifts.map((s) => deps.offers.ofShift(s.orgId, s.id)))).flat();
    expect(offers).toHaveLength(10);
    expect(new Set(offers.map((o) => o.clinicianId))).toEqual(new Set([doctor.id]));

    const told = (await deliverOutbox(deps)).filter((m) => m.to === doctor.phone);
    expect(deps.publisher.sent.length - sentBefore).toBe(told.length);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ channel: 'sms', kind: 'offer' });
    for (const offer of offers) expect(told[0]!.body).toContain(`${offer.code}: `);
    // Relaying again sends nothing twice.
    expect(await deliverOutbox(deps)).toEqual([]);
  });

  it('skips, with the reason, days in the past, a session the clocks skip, days from 2070 and sessions already posted', async () => {
    const night = await template([{ from: '01:30', to: '07:00', breakMinutes: 0 }], 'Early clinic');
    deps.clock.set(new Date('2027-03-20T09:00:00Z'));
    const first = await bulkPostShifts(
      boss,
      { templateId: night.id, dates: ['2027-03-19', '2027-03-27', '2027-03-28', '2070-01-01', '2069-12-31'] },
      deps,
    );
    expect(first.shifts.map((s) => toLocal(s.start))).toEqual(['2027-03-27T01:30', '2069-12-31T01:30']);
    expect(first.skipped.map((s) => [s.date, s.reason])).toEqual([
      ['2027-03-19', 'PAST'],
      ['2027-03-28', 'CLOCK_CHANGE'],
      ['2070-01-01', 'TOO_FAR_AHEAD'],
    ]);
    const again = await bulkPostShifts(boss, { templateId: night.id, dates: ['2027-03-27', '2027-04-03'] }, deps);
    expect(again.shifts.map((s) => toLocal(s.start))).toEqual(['2027-04-03T01:30']);
    expect(again.skipped).toEqual([
      { date: '2027-03-27', session: '01:30-07:00', reason: 'DUPLICATE', message: expect.any(String) },
    ]);
    // A cancelled session can be posted again.
    await cancelShift(boss, first.shifts[0]!.id, 'Moved', deps);
    const reposted = await bulkPostShifts(boss, { templateId: night.id, dates: ['2027-03-27'] }, deps);
    expect(reposted.shifts).toHaveLength(1);
    deps.clock.set(new Date('2026-12-20T09:00:00Z'));
  });

  it('refuses more than 200 shifts, and another practice’s manager', async () => {
    const t = await template();
    await expect(
      bulkPostShifts(
        boss,
        { templateId: t.id, from: '2027-02-01', to: '2027-06-30', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
        deps,
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await shiftsInTable(deps, t.id)).toHaveLength(0);
    await expect(
      bulkPostShifts(manager(['prc-elsewhere']), { templateId: t.id, dates: ['2027-02-01'] }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      bulkPostShifts({ ...boss, orgId: 'org-other' }, { templateId: t.id, dates: ['2027-02-01'] }, deps),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('posts once for two concurrent requests with the same Idempotency-Key, both answering the same result', async () => {
    const t = await template();
    const body = {
      templateId: t.id,
      from: '2027-02-01',
      to: '2027-02-12',
      days: ['mon' as const, 'wed' as const, 'fri' as const],
    };
    const send = () =>
      idempotent(boss, 'POST /shifts/bulk', 'key-1', body, deps, async () => {
        const r = await bulkPostShifts(boss, body, deps);
        return { status: 201, body: { shifts: r.shifts.map((s) => s.id), skipped: r.skipped } };
      });
    const [a, b] = await Promise.all([send(), send()]);
    expect(a).toEqual(b);
    expect((a.body as { shifts: string[] }).shifts).toHaveLength(12);
    expect(await shiftsInTable(deps, t.id)).toHaveLength(12);
    // Later, the same key answers the first result again and posts nothing.
    expect(await send()).toEqual(a);
    expect(await shiftsInTable(deps, t.id)).toHaveLength(12);
    // The same key with another body is not the same request.
    await expect(
      idempotent(boss, 'POST /shifts/bulk', 'key-1', { ...body, days: ['tue'] }, deps, async () => ({
        status: 201,
        body: {},
      })),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' } satisfies Partial<ConflictError>);
  });

  it('posts each session once even when two different requests race for the same dates', async () => {
    const t = await template();
    const body = { templateId: t.id, dates: ['2027-03-01', '2027-03-02', '2027-03-03'] };
    const [a, b] = await Promise.all([bulkPostShifts(boss, body, deps), bulkPostShifts(boss, body, deps)]);
    expect(a.shifts.length + b.shifts.length).toBe(6);
    expect(a.skipped.length + b.skipped.length).toBe(6);
    expect([...a.skipped, ...b.skipped].every((s) => s.reason === 'DUPLICATE')).toBe(true);
    expect(await shiftsInTable(deps, t.id)).toHaveLength(6);
  });
});

describe('a bulk post’s later waves', () => {
  it('runs the next wave of all its shifts as one job, and tells each new clinician of theirs in one text', async () => {
    const deps = await freshDeps(new Date('2026-12-20T09:00:00Z'));
    const surgery = practice();
    const bank = Array.from({ length: 12 }, (_, i) => clinician({ phone: `+4477009011${String(i).padStart(2, '0')}` }));
    await seed(deps, [surgery], bank);
    const boss = manager([surgery.id]);
    const t = await createTemplate(
      boss,
      {
        practiceId: surgery.id,
        name: 'Morning',
        role: 'gp',
        skills: [],
        sessions: [{ from: '08:00', to: '12:10', breakMinutes: 0 }],
        hourlyRatePence: 9000,
        cascadeMinutes: 30,
      },
      deps,
    );
    const { shifts } = await bulkPostShifts(
      boss,
      { templateId: t.id, dates: ['2027-01-11', '2027-01-12', '2027-01-13'] },
      deps,
    );
    const first = await deliverOutbox(deps);
    expect(first).toHaveLength(10); // the first wave: ten clinicians, one text each
    for (const text of first) expect(text.body.match(/^\d{4}: /gm)).toHaveLength(3);

    const jobs = deps.scheduler.jobs.splice(0);
    expect(jobs).toEqual([
      {
        at: new Date('2026-12-20T09:30:00Z'),
        job: { kind: 'bulk-wave', orgId: ORG, practiceId: surgery.id, shiftIds: shifts.map((s) => s.id), wave: 2 },
      },
    ]);
    deps.clock.set(jobs[0]!.at);
    await runJob(jobs[0]!.job, deps);
    const second = await deliverOutbox(deps);
    const firstWave = new Set(first.map((m) => m.to));
    expect(second).toHaveLength(2);
    for (const text of second) {
      expect(firstWave.has(text.to)).toBe(false);
      expect(text.body.match(/^\d{4}: /gm)).toHaveLength(3);
    }
    expect(deps.scheduler.jobs).toEqual([]); // nobody left to offer
  });
});

describe('a large bulk post', () => {
  it('leaves the first wave of more than 20 shifts to one scheduled job, which tells the clinician in one summary', async () => {
    const deps = await freshDeps(new Date('2026-12-20T09:00:00Z'));
    const surgery = practice();
    const doctor = clinician({ maxWeeklyHours: 60 });
    await seed(deps, [surgery], [doctor]);
    const boss = manager([surgery.id]);
    const t = await createTemplate(
      boss,
      {
        practiceId: surgery.id,
        name: 'GP day',
        role: 'gp',
        skills: [],
        sessions: gpDay,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );
    const { shifts } = await bulkPostShifts(
      boss,
      { templateId: t.id, from: '2027-02-01', to: '2027-02-12', days: ['mon', 'tue', 'wed', 'thu', 'fri'] },
      deps,
    );
    expect(shifts).toHaveLength(20);
    const more = await bulkPostShifts(
      boss,
      { templateId: t.id, from: '2027-02-15', to: '2027-02-27', days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
      deps,
    );
    expect(more.shifts).toHaveLength(24);
    const jobs = deps.scheduler.jobs.splice(0);
    expect(jobs.map((j) => j.job)).toEqual([
      { kind: 'bulk-wave', orgId: ORG, practiceId: surgery.id, shiftIds: more.shifts.map((s) => s.id), wave: 1 },
    ]);
    await deliverOutbox(deps); // the first post's summary
    expect(await deps.offers.ofShift(ORG, more.shifts[0]!.id)).toEqual([]);
    await runJob(jobs[0]!.job, deps);
    const told = await deliverOutbox(deps);
    const offers = (await Promise.all(more.shifts.map((s) => deps.offers.ofShift(ORG, s.id)))).flat();
    expect(offers).toHaveLength(24);
    expect(told.length).toBeGreaterThanOrEqual(1);
    expect(told.length).toBeLessThanOrEqual(3);
    const all = told.map((m) => m.body).join('\n');
    for (const o of offers) expect(all).toContain(`${o.code}: `);
  });
});
