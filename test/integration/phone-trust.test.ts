import { DeleteCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import type { Clinician, Practice } from '../../lib/domain/types';
import { presentClinician } from '../../lib/http/present';
import { CreateClinicianBody } from '../../lib/schemas/clinician';
import * as keys from '../../lib/store/keys';
import { cancelShift } from '../../lib/use-cases/cancellations';
import { createClinician, getClinician, updateClinician } from '../../lib/use-cases/clinicians';
import { handleInboundText } from '../../lib/use-cases/inbound-sms';
import { offerShift } from '../../lib/use-cases/offers';
import { createShift } from '../../lib/use-cases/shifts';
import { clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

/** Sorts before ORG in the phone lookup, so today's code meets its membership first. */
const OTHER = 'org-other';
const NUMBER = '+447700900123';

let deps: TestDeps;
let surgery: Practice;
let otherSurgery: Practice;

const admin = (orgId: string): Caller => ({
  userId: `usr-admin-${orgId}`,
  email: `admin@${orgId}.example`,
  role: 'admin',
  orgId,
  practiceIds: [],
});
const managerOf = (p: Practice): Caller => ({ ...manager([p.id]), orgId: p.orgId });

const newClinicianBody = (overrides: Record<string, unknown> = {}) =>
  CreateClinicianBody.parse({
    name: 'Dr New Locum',
    email: `new.${Math.random().toString(36).slice(2)}@bank.example`,
    phone: '07700 900555',
    roles: ['gp'],
    home: { lat: 50.95, lon: -2.64 },
    compliance: {
      dbsCheckedOn: '2025-06-01',
      trainingExpires: '2028-01-01',
      indemnityExpires: '2028-01-01',
      rightToWork: true,
    },
    ...overrides,
  });

async function outbox(filter: { kind?: string; orgId?: string; id?: string } = {}) {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :t',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'OUTBOX' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).filter(
    (m) =>
      (!filter.kind || m.kind === filter.kind) &&
      (!filter.orgId || m.orgId === filter.orgId) &&
      (!filter.id || String(m.id).startsWith(filter.id)),
  );
}

async function shiftAt(p: Practice, start: string, end: string) {
  return createShift(
    managerOf(p),
    {
      practiceId: p.id,
      role: 'gp',
      skills: [],
      start,
      end,
      breakMinutes: 0,
      hourlyRatePence: 9000,
      cascadeMinutes: 30,
    },
    deps,
  );
}

async function offerTo(p: Practice, cs: Clinician[], start: string, end: string) {
  const shift = await shiftAt(p, start, end);
  const offers = await offerShift(managerOf(p), shift.id, { clinicianIds: cs.map((c) => c.id) }, deps);
  return { shift, offers };
}

const text = (body: string, messageId = `msg-${Math.random()}`, from = NUMBER) =>
  handleInboundText({ from, body, messageId }, deps);

beforeEach(async () => {
  deps = await freshDeps();
  for (const [id, name] of [
    [ORG, 'Test Group'],
    [OTHER, 'Other Group'],
  ] as const) {
    await deps.db.send(
      new PutCommand({ TableName: deps.table, Item: { ...keys.organisation(id), type: 'ORGANISATION', id, name } }),
    );
  }
  surgery = practice({ name: 'Yeovil Health Centre' });
  otherSurgery = practice({ orgId: OTHER, name: 'Quantock Surgery' });
  await deps.practices.create(surgery);
  await deps.practices.create(otherSurgery);
});

describe('phone numbers are unique within an organisation', () => {
  it('refuses POST /clinicians with a number another clinician of the organisation holds, with 409 PHONE_IN_USE', async () => {
    const held = clinician({ phone: '+447700900555' });
    await seed(deps, [], [held]);
    await expect(createClinician(admin(ORG), newClinicianBody(), deps)).rejects.toMatchObject({
      status: 409,
      code: 'PHONE_IN_USE',
    });
    // Another organisation may hold it: a locum in two banks.
    await expect(createClinician(admin(OTHER), newClinicianBody(), deps)).resolves.toMatchObject({
      phone: '+447700900555',
    });
  });

  it('refuses PATCH /clinicians/{id} to a number another clinician of the organisation holds', async () => {
    const held = clinician({ phone: '+447700900555' });
    const mover = clinician({ phone: '+447700900556' });
    await seed(deps, [], [held, mover]);
    await expect(updateClinician(admin(ORG), mover.id, { phone: '+447700900555' }, deps)).rejects.toMatchObject({
      status: 409,
      code: 'PHONE_IN_USE',
    });
    expect((await deps.clinicians.get(ORG, mover.id))?.phone).toBe('+447700900556');
  });

  it('lets only one of two clinicians created at once with the same number in', async () => {
    const results = await Promise.allSettled([
      createClinician(admin(ORG), newClinicianBody(), deps),
      createClinician(admin(ORG), newClinicianBody(), deps),
      createClinician(admin(ORG), newClinicianBody(), deps),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect((r as PromiseRejectedResult).reason).toMatchObject({ code: 'PHONE_IN_USE' });
    }
    expect((await deps.clinicians.findByPhone('+447700900555')).filter((m) => m.orgId === ORG)).toHaveLength(1);
  });

  it('refuses a number held by a clinician stored before the guard existed', async () => {
    const held = clinician({ phone: '+447700900555' });
    await seed(deps, [], [held]);
    // A clinician from before v1.1 has only the lookup item.
    await deps.db.send(new DeleteCommand({ TableName: deps.table, Key: keys.clinicianPhone(ORG, held.phone) }));
    await expect(createClinician(admin(ORG), newClinicianBody(), deps)).rejects.toMatchObject({
      code: 'PHONE_IN_USE',
    });
  });

  it('lets two clinicians who shared a number before it was unique change other fields, and one move off it', async () => {
    const first = clinician({ phone: '+447700900555' });
    const second = clinician({ phone: '+447700900556' });
    await seed(deps, [], [first, second]);
    // Made to share the number as data from before v1.1 could: profile and lookup, no guard of its own.
    await deps.db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: keys.clinician(ORG, second.id),
        UpdateExpression: 'SET phone = :p',
        ExpressionAttributeValues: { ':p': first.phone },
      }),
    );
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.phone(first.phone, ORG, second.id), type: 'PHONE', orgId: ORG, clinicianId: second.id },
      }),
    );
    await expect(updateClinician(admin(ORG), second.id, { maxTravelKm: 20 }, deps)).resolves.toMatchObject({
      maxTravelKm: 20,
    });
    await updateClinician(admin(ORG), second.id, { phone: '+447700900557' }, deps);
    // The number stays guarded for the clinician who still has it.
    await expect(createClinician(admin(ORG), newClinicianBody(), deps)).rejects.toMatchObject({
      code: 'PHONE_IN_USE',
    });
    await expect(updateClinician(admin(ORG), first.id, { maxTravelKm: 15 }, deps)).resolves.toBeTruthy();
  });

  it('frees the old number when a clinician changes theirs', async () => {
    const mover = clinician({ phone: '+447700900556' });
    await seed(deps, [], [mover]);
    await updateClinician(admin(ORG), mover.id, { phone: '+447700900557' }, deps);
    await expect(createClinician(admin(ORG), newClinicianBody({ phone: '+447700900556' }), deps)).resolves.toBeTruthy();
  });
});

describe('a new or changed number is proved before it is trusted', () => {
  it('texts phone-verify to a new clinician, keeps offers off the number and shows phoneVerified false until YES', async () => {
    const created = await createClinician(admin(ORG), newClinicianBody({ phone: NUMBER }), deps);
    const verify = await outbox({ kind: 'phone-verify' });
    expect(verify).toHaveLength(1);
    expect(verify[0]).toMatchObject({ channel: 'sms', to: NUMBER, orgId: ORG });
    expect(String(verify[0]!.body)).toBe('Reply YES to get shift offers from Test Group by text');
    expect(presentClinician(await getClinician(admin(ORG), created.id, deps)).phoneVerified).toBe(false);

    const { shift, offers } = await offerTo(surgery, [created], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    const offerTexts = await outbox({ kind: 'offer' });
    expect(offerTexts.map((m) => m.channel)).toEqual(['email']);

    await text(`YES ${offers[0]!.code}`, 'unproved-yes');
    expect((await deps.shifts.get(ORG, shift.id, true))?.status).toBe('open');

    await text('Yes', 'prove');
    expect(presentClinician(await getClinician(admin(ORG), created.id, deps)).phoneVerified).toBe(true);
    await text(`YES ${offers[0]!.code}`, 'proved-yes');
    expect((await deps.shifts.get(ORG, shift.id, true))?.booking?.clinicianId).toBe(created.id);
  });

  it('asks a clinician whose number changed to prove the new one, and counts clinicians from before as proved', async () => {
    const old = clinician({ phone: '+447700900556', notify: ['sms', 'email'] });
    await seed(deps, [], [old]);
    expect(presentClinician(await getClinician(admin(ORG), old.id, deps)).phoneVerified).toBe(true);
    await updateClinician(admin(ORG), old.id, { phone: NUMBER }, deps);
    expect(presentClinician(await getClinician(admin(ORG), old.id, deps)).phoneVerified).toBe(false);
    const verify = await outbox({ kind: 'phone-verify' });
    expect(verify.map((m) => m.to)).toEqual([NUMBER]);
    // Another change that keeps the number asks nothing again.
    await updateClinician(admin(ORG), old.id, { maxTravelKm: 20 }, deps);
    expect(await outbox({ kind: 'phone-verify' })).toHaveLength(1);
  });
});

describe('a number another organisation typed in acts for nobody of it', () => {
  let alice: Clinician;
  let bob: Clinician;
  beforeEach(async () => {
    // Alice is in ORG with her number from before v1.1 (proved); OTHER's admin types her number in for Bob.
    alice = clinician({ phone: NUMBER, notify: ['sms', 'email'] });
    await seed(deps, [], [alice]);
    bob = await createClinician(admin(OTHER), newClinicianBody({ phone: NUMBER, notify: ['sms', 'email'] }), deps);
  });

  it('never books or declines an offer of the other organisation from that number', async () => {
    const booked = await offerTo(otherSurgery, [bob], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    const declined = await offerTo(otherSurgery, [bob], '2026-12-05T08:30:00Z', '2026-12-05T18:30:00Z');
    await text(`YES ${booked.offers[0]!.code}`);
    await text(`NO ${declined.offers[0]!.code}`);
    expect((await deps.shifts.get(OTHER, booked.shift.id, true))?.status).toBe('open');
    expect((await deps.offers.get(OTHER, declined.offers[0]!.id))?.status).toBe('live');
  });

  it('books the one live offer a bare YES answers, and does not take that YES as proving the number to the other organisation', async () => {
    // Found in a black-box pass: OTHER's admin typed in Alice's number, so her YES to ORG's shift proved it to
    // OTHER instead ("offers from Other Group will now come by text") and ORG's shift stayed open.
    const { shift } = await offerTo(surgery, [alice], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    await text('YES', 'bare-yes');
    expect((await deps.shifts.get(ORG, shift.id, true))?.booking?.clinicianId).toBe(alice.id);
    expect((await deps.clinicians.get(OTHER, bob.id))?.phoneVerified).toBe(false);
    expect(await outbox({ kind: 'sms-reply', orgId: OTHER })).toEqual([]);
    // With no live offer left, a bare YES is the answer to OTHER's request, and proves the number there.
    await text('YES', 'later-yes');
    expect((await deps.clinicians.get(OTHER, bob.id))?.phoneVerified).toBe(true);
  });

  it('never opts the other organisation’s clinician out, nor lists their offers', async () => {
    const { offers } = await offerTo(otherSurgery, [bob], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    await text('SHIFTS', 'list');
    const replies = await outbox({ kind: 'sms-reply', id: 'reply-list' });
    expect(replies.length).toBeGreaterThan(0);
    for (const r of replies) {
      expect(String(r.body)).not.toContain(offers[0]!.code);
      expect(String(r.body)).not.toContain(otherSurgery.name);
      expect(r.orgId).not.toBe(OTHER);
    }
    await text('STOP', 'stop');
    expect((await deps.clinicians.get(ORG, alice.id))?.smsOptedOut).toBe(true);
    expect((await deps.clinicians.get(OTHER, bob.id))?.smsOptedOut).toBeFalsy();
  });
});

describe('a number in two banks gets answers that never mix organisations', () => {
  let here: Clinician;
  let there: Clinician;
  beforeEach(async () => {
    here = clinician({ phone: NUMBER, notify: ['sms', 'email'] });
    there = clinician({ orgId: OTHER, phone: NUMBER, notify: ['sms', 'email'] });
    await seed(deps, [], [here, there]);
  });

  it('answers SHIFTS once per organisation, each reply kept in its own organisation with its own offers', async () => {
    const mine = await offerTo(surgery, [here], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    const theirs = await offerTo(otherSurgery, [there], '2026-12-04T08:30:00Z', '2026-12-04T18:30:00Z');
    await text('SHIFTS', 'list');
    const replies = await outbox({ kind: 'sms-reply', id: 'reply-list' });
    expect(replies.map((r) => r.orgId).sort()).toEqual([OTHER, ORG].sort());
    const inOrg = replies.find((r) => r.orgId === ORG)!;
    const inOther = replies.find((r) => r.orgId === OTHER)!;
    expect(String(inOrg.PK)).toContain(`ORG#${ORG}#`);
    expect(String(inOrg.body)).toContain(surgery.name);
    expect(String(inOrg.body)).not.toContain(otherSurgery.name);
    expect(String(inOther.body)).toContain(otherSurgery.name);
    expect(String(inOther.body)).not.toContain(surgery.name);
    expect(String(inOrg.body)).toContain(mine.offers[0]!.code);
    expect(String(inOther.body)).toContain(theirs.offers[0]!.code);
  });

  it('answers an unknown code and STOP once per organisation, each in its own organisation', async () => {
    await text('YES 9999', 'wrong');
    const wrong = await outbox({ kind: 'sms-reply', id: 'reply-wrong' });
    expect(wrong.map((r) => r.orgId).sort()).toEqual([OTHER, ORG].sort());
    await text('STOP', 'stop');
    const stop = await outbox({ kind: 'sms-reply', id: 'reply-stop' });
    expect(stop.map((r) => r.orgId).sort()).toEqual([OTHER, ORG].sort());
    expect((await deps.clinicians.get(ORG, here.id))?.smsOptedOut).toBe(true);
    expect((await deps.clinicians.get(OTHER, there.id))?.smsOptedOut).toBe(true);
  });

  it('selects an offer by its code only among the number’s live offers', async () => {
    deps.random = () => 0.5; // the same code in both banks
    const filled = await offerTo(otherSurgery, [there], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    const open = await offerTo(surgery, [here], '2026-12-04T08:30:00Z', '2026-12-04T18:30:00Z');
    expect(filled.offers[0]!.code).toBe(open.offers[0]!.code);
    // OTHER's offer is no longer live (its shift is cancelled), though its code is not yet freed.
    await cancelShift(managerOf(otherSurgery), filled.shift.id, 'Not needed', deps);
    await text(`YES ${open.offers[0]!.code}`, 'pick');
    expect((await deps.shifts.get(ORG, open.shift.id, true))?.booking?.clinicianId).toBe(here.id);
    const replies = await outbox({ kind: 'sms-reply', id: 'reply-pick' });
    expect(replies.map((r) => r.orgId)).toEqual([ORG]);
  });
});

describe('texts about a filled shift', () => {
  let doc: Clinician;
  let other: Clinician;
  beforeEach(async () => {
    doc = clinician({ phone: NUMBER, notify: ['sms', 'email'] });
    other = clinician({ phone: '+447700900124', notify: ['sms', 'email'] });
    await seed(deps, [], [doc, other]);
  });

  it('answers YES to an offer whose shift was just filled with "already filled", after the relay freed its code', async () => {
    const { shift, offers } = await offerTo(surgery, [doc, other], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    const theirs = offers.find((o) => o.clinicianId === other.id)!;
    await text(`YES ${offers.find((o) => o.clinicianId === doc.id)!.code}`);
    await deliverOutbox(deps);
    await text(`YES ${theirs.code}`, 'late', '+447700900124');
    const [late] = await outbox({ kind: 'sms-reply', id: 'reply-late' });
    expect(String(late?.body)).toMatch(/already been filled/);
    expect((await deps.shifts.get(ORG, shift.id, true))?.booking?.clinicianId).toBe(doc.id);
  });

  it('does not text a clinician told "now filled" again when the shift is then cancelled', async () => {
    const { shift, offers } = await offerTo(surgery, [doc, other], '2026-12-03T08:30:00Z', '2026-12-03T18:30:00Z');
    await text(`YES ${offers.find((o) => o.clinicianId === doc.id)!.code}`);
    const first = await deliverOutbox(deps);
    expect(first.filter((m) => m.kind === 'shift-filled').map((m) => m.to)).toEqual([other.phone]);
    await cancelShift(managerOf(surgery), shift.id, 'Practice closed', deps);
    const second = await deliverOutbox(deps);
    expect(second.filter((m) => m.to === other.phone)).toEqual([]);
    expect(second.filter((m) => m.kind === 'shift-cancelled').map((m) => m.to)).toEqual([doc.phone]);
  });
});
