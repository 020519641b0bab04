import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError, ForbiddenError } from '../../lib/domain/errors';
import type { Clinician, OutboxMessage, Practice } from '../../lib/domain/types';
import * as keys from '../../lib/store/keys';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { complianceAtRisk, runComplianceReminders, setPracticeRequirements } from '../../lib/use-cases/compliance';
import { runJob } from '../../lib/use-cases/jobs';
import { shiftMatches } from '../../lib/use-cases/matching';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const admin: Caller = { ...manager([]), role: 'admin', userId: 'u-admin' };
const hr: Caller = { ...manager([]), role: 'hr', userId: 'u-hr' };
/** The route's default page: this file's lists are short. */
const FIRST_PAGE = { limit: 50 };

/** Every outbox record of a kind in the table, whether or not relayed yet. */
async function outbox(deps: TestDeps, kind: string): Promise<OutboxMessage[]> {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :outbox AND kind = :kind',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':outbox': 'OUTBOX', ':kind': kind },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as OutboxMessage[];
}

async function markers(deps: TestDeps, c: Clinician): Promise<string[]> {
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.table,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
      ExpressionAttributeValues: { ':pk': keys.clinician(ORG, c.id).PK, ':sk': 'REMINDED#' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map((i) => String(i.SK));
}

describe('compliance reminders: once per document per threshold, whatever retries', () => {
  let deps: TestDeps;
  let hendford: Practice;
  let preston: Practice;
  let locum: Clinician;
  let booked: Record<string, string>;

  const book = async (p: Practice, day: string) => {
    const posted = await postShift(
      manager([p.id]),
      {
        practiceId: p.id,
        role: 'gp',
        skills: [],
        start: `${day}T09:00:00.000Z`,
        end: `${day}T13:00:00.000Z`,
        breakMinutes: 0,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );
    const offer = posted.offers.find((o) => o.clinicianId === locum.id);
    if (!offer) throw new Error(`${locum.id} was not offered ${day}`);
    return (await acceptOffer(asClinician(locum), offer.id, deps)).id;
  };

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-11-20T09:00:00Z'));
    hendford = practice();
    preston = practice({ lat: 50.95, lon: -2.66 });
    locum = clinician({ notify: ['sms'] });
    await seed(deps, [hendford, preston], [locum]);
    await deps.users.create({
      id: 'usr-hendford-manager',
      email: 'manager@hendford.example',
      name: 'Hendford Manager',
      role: 'manager',
      orgId: ORG,
      practiceIds: [hendford.id],
    });
    booked = {
      before: await book(hendford, '2026-12-01'),
      hendford: await book(hendford, '2026-12-10'),
      preston: await book(preston, '2026-12-12'),
    };
    // HR corrects the training date after the bookings were made: the later two now fall after it lapses.
    const before = (await deps.clinicians.get(ORG, locum.id))!;
    const { version: _v, ...profile } = before;
    await deps.clinicians.update(before, {
      ...profile,
      compliance: { ...profile.compliance, trainingExpires: '2026-12-06' },
    });
    deps.clock.set(new Date('2026-11-22T07:00:00Z')); // 14 days before 6 December
  });

  it('tells the clinician and the managers of the practices booked after the lapse, once, however often it runs', async () => {
    const runs = await Promise.all([
      runComplianceReminders(ORG, deps),
      runComplianceReminders(ORG, deps),
      runComplianceReminders(ORG, deps),
    ]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(3); // the clinician's, Hendford's and Preston's
    expect(await runComplianceReminders(ORG, deps)).toBe(0);
    await runJob({ kind: 'compliance-reminders', orgId: ORG }, deps);

    const toClinician = await outbox(deps, 'compliance-expiring');
    expect(toClinician).toHaveLength(1);
    expect(toClinician[0]).toMatchObject({ channel: 'sms', to: locum.phone });
    expect(toClinician[0]!.body).toContain('basic life support training lapses on Sun 6 Dec 2026 (in 14 days)');
    expect(toClinician[0]!.body).toContain('2 bookings fall after then');

    const atRisk = await outbox(deps, 'booking-at-risk');
    expect(atRisk.map((m) => m.to).sort()).toEqual(['manager@hendford.example', preston.email].sort());
    const hendfordMail = atRisk.find((m) => m.to === 'manager@hendford.example')!;
    expect(hendfordMail.body).toContain('Thu 10 Dec');
    expect(hendfordMail.body).not.toContain('Tue 1 Dec'); // before the lapse: not at risk
    expect(await markers(deps, locum)).toHaveLength(3);

    const published = await deliverOutbox(deps);
    expect(published.filter((m) => m.kind === 'compliance-expiring')).toHaveLength(1);
    expect(published.filter((m) => m.kind === 'booking-at-risk')).toHaveLength(2);
  });

  it('sends nothing new until the next threshold, then that one once', async () => {
    deps.clock.set(new Date('2026-11-30T07:00:00Z')); // 6 days left: still the 14-day threshold
    expect(await runComplianceReminders(ORG, deps)).toBe(0);
    deps.clock.set(new Date('2026-12-03T07:00:00Z')); // 3 days left
    const runs = await Promise.all([runComplianceReminders(ORG, deps), runComplianceReminders(ORG, deps)]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(3);
    const toClinician = await outbox(deps, 'compliance-expiring');
    expect(toClinician).toHaveLength(2);
    expect(toClinician.map((m) => m.body).find((b) => b.includes('in 3 days'))).toBeDefined();
    deps.clock.set(new Date('2026-12-04T07:00:00Z'));
    expect(await runComplianceReminders(ORG, deps)).toBe(0);
    expect(await markers(deps, locum)).toHaveLength(6);
  });

  it('lists the lapse with its bookings at risk: all of them for HR, a manager only their practice', async () => {
    deps.clock.set(new Date('2026-12-04T07:00:00Z'));
    const all = await (await complianceAtRisk(hr, FIRST_PAGE, deps)).items;
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ clinicianId: locum.id, type: 'training-bls', expiresOn: '2026-12-06' });
    expect(all[0]!.documentId).toBeUndefined(); // a date an admin recorded, not a file
    expect(all[0]!.bookings.map((b) => b.bookingId)).toEqual([booked.hendford, booked.preston]);
    expect((await complianceAtRisk(admin, FIRST_PAGE, deps)).items).toEqual(all);

    const mine = (await complianceAtRisk(manager([hendford.id]), FIRST_PAGE, deps)).items;
    expect(mine[0]!.bookings.map((b) => b.bookingId)).toEqual([booked.hendford]);
    expect((await complianceAtRisk(manager(['prc-elsewhere']), FIRST_PAGE, deps)).items).toEqual([]);
    await expect(complianceAtRisk(asClinician(locum), FIRST_PAGE, deps)).rejects.toBeInstanceOf(ForbiddenError);

    // Once lapsed it stays listed while a booking still falls after it.
    deps.clock.set(new Date('2026-12-08T07:00:00Z'));
    const lapsed = (await complianceAtRisk(hr, FIRST_PAGE, deps)).items;
    expect(lapsed[0]!.bookings.map((b) => b.bookingId)).toEqual([booked.hendford, booked.preston]);
  });

  it('schedules the next day’s run from a run that came from the chain, never a backlog of days', async () => {
    deps.clock.set(new Date('2026-12-20T12:00:00Z'));
    deps.scheduler.jobs.length = 0;
    await runJob({ kind: 'compliance-reminders', orgId: ORG, on: '2026-12-05' }, deps);
    expect(deps.scheduler.jobs).toEqual([
      { at: new Date('2026-12-21T07:00:00.000Z'), job: { kind: 'compliance-reminders', orgId: ORG, on: '2026-12-21' } },
    ]);
    deps.scheduler.jobs.length = 0;
    await runJob({ kind: 'compliance-reminders', orgId: ORG }, deps);
    expect(deps.scheduler.jobs).toEqual([]);
  });
});

describe("a practice's own requirements", () => {
  it('exclude everyone without the type from its shifts, naming it, and only an admin sets them', async () => {
    const deps = await freshDeps(new Date('2026-11-20T09:00:00Z'));
    const strict = practice();
    const locum = clinician();
    await seed(deps, [strict], [locum]);
    await expect(setPracticeRequirements(manager([strict.id]), strict.id, ['hep-b'], deps)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const updated = await setPracticeRequirements(admin, strict.id, ['hep-b', 'hep-b'], deps);
    expect(updated.requirements).toEqual(['hep-b']);

    const posted = await postShift(
      manager([strict.id]),
      {
        practiceId: strict.id,
        role: 'gp',
        skills: [],
        start: '2026-12-14T09:00:00.000Z',
        end: '2026-12-14T12:00:00.000Z',
        breakMinutes: 0,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );
    expect(posted.offers).toEqual([]);
    const matches = await shiftMatches(manager([strict.id]), posted.shift.id, deps);
    expect(matches.excluded).toEqual([
      expect.objectContaining({
        clinicianId: locum.id,
        reasons: ['COMPLIANCE'],
        details: { missing: ['hep-b'], lapsed: [] },
      }),
    ]);

    // An offer made before the practice asked for more is refused at accept, naming what is missing.
    await setPracticeRequirements(admin, strict.id, [], deps);
    const later = await postShift(
      manager([strict.id]),
      {
        practiceId: strict.id,
        role: 'gp',
        skills: [],
        start: '2026-12-15T09:00:00.000Z',
        end: '2026-12-15T12:00:00.000Z',
        breakMinutes: 0,
        hourlyRatePence: 9000,
        cascadeMinutes: 0,
      },
      deps,
    );
    expect(later.offers.map((o) => o.clinicianId)).toEqual([locum.id]);
    const before = (await deps.clinicians.get(ORG, locum.id))!;
    const { version: _v, ...profile } = before;
    await deps.clinicians.update(before, { ...profile, compliance: { ...profile.compliance, rightToWork: false } });
    const refused = await acceptOffer(asClinician(locum), later.offers[0]!.id, deps).catch((e) => e);
    expect(refused).toBeInstanceOf(ConflictError);
    expect(refused).toMatchObject({
      code: 'NOT_ELIGIBLE',
      details: { reasons: ['COMPLIANCE'], missing: ['right-to-work'], lapsed: [] },
    });
  });
});
