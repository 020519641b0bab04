import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { cancelShift } from '../../lib/use-cases/cancellations';
import {
  approveEscalation,
  listEscalations,
  raiseShiftRate,
  rejectEscalation,
  updatePractice,
} from '../../lib/use-cases/escalations';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const admin: Caller = { userId: 'usr-admin', email: 'a@example.org', role: 'admin', orgId: ORG, practiceIds: [] };
const START = '2026-12-03T09:00:00.000Z';

describe('raising a shift rate, with an admin approving what goes over the cap', () => {
  let deps: TestDeps;
  let surgery: Practice;
  let other: Practice;
  let bank: Clinician[];
  const boss = () => ({ ...manager([surgery.id]), userId: 'usr-boss' });

  beforeAll(async () => {
    deps = await freshDeps();
    surgery = practice();
    other = practice();
    bank = [0, 1, 2].map(() => clinician({ roles: ['anp'] }));
    await seed(deps, [surgery, other], bank);
  });

  async function openShift(hourlyRatePence = 8000) {
    const { shift, offers } = await postShift(
      boss(),
      {
        practiceId: surgery.id,
        role: 'anp',
        skills: [],
        start: START,
        end: '2026-12-03T13:00:00.000Z',
        breakMinutes: 0,
        hourlyRatePence,
        cascadeMinutes: 0,
      },
      deps,
    );
    await deliverOutbox(deps);
    return { shift, offers };
  }

  it('PATCH /practices: an admin sets caps per role (and any other field); a manager may not', async () => {
    await expect(updatePractice(boss(), surgery.id, { maxHourlyRatePence: { anp: 9000 } }, deps)).rejects.toMatchObject(
      { status: 403 },
    );
    const updated = await updatePractice(
      admin,
      surgery.id,
      { maxHourlyRatePence: { anp: 9000 }, pcn: 'Yeovil PCN' },
      deps,
    );
    expect(updated).toMatchObject({ maxHourlyRatePence: { anp: 9000 }, pcn: 'Yeovil PCN', odsCode: surgery.odsCode });
    expect(await deps.practices.get(ORG, surgery.id)).toMatchObject({
      maxHourlyRatePence: { anp: 9000 },
      pcn: 'Yeovil PCN',
    });
    await expect(updatePractice(admin, other.id, { odsCode: surgery.odsCode }, deps)).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
    });
    await expect(updatePractice({ ...admin, orgId: 'org-else' }, surgery.id, { pcn: 'x' }, deps)).rejects.toMatchObject(
      {
        status: 404,
      },
    );
  });

  it('within the cap: applied at once, audited, and every live offeree texted the new rate', async () => {
    const { shift, offers } = await openShift();
    expect(offers).toHaveLength(3);
    const out = await raiseShiftRate(boss(), shift.id, { hourlyRatePence: 9000, reason: 'No takers' }, deps);
    expect(out).toMatchObject({ applied: true, shift: { hourlyRatePence: 9000 } });
    expect((await deps.shifts.get(ORG, shift.id, true))?.hourlyRatePence).toBe(9000);
    const audit = await deps.shifts.audit(ORG, shift.id);
    expect(audit.find((a) => a.action === 'rate-raised')).toMatchObject({
      actor: 'usr-boss',
      at: '2026-11-22T09:00:00.000Z',
      detail: { fromPence: 8000, toPence: 9000, reason: 'No takers' },
    });
    const texts = (await deliverOutbox(deps)).filter((m) => m.kind === 'rate-raised');
    expect(texts.map((m) => m.to).sort()).toEqual(bank.map((c) => c.phone).sort());
    for (const t of texts) expect(t.body).toContain('£90.00/h');
    // The offers' copies quote the new rate to an accept.
    for (const o of offers) expect((await deps.offers.get(ORG, o.id))?.summary?.hourlyRatePence).toBe(9000);
    // Relayed once: a replay tells nobody again.
    expect((await deliverOutbox(deps)).filter((m) => m.kind === 'rate-raised')).toHaveLength(0);
  });

  it('above the cap: 202-style pending escalation; nothing changes until an admin approves, then the rate applies and offerees are told', async () => {
    const { shift } = await openShift();
    const out = await raiseShiftRate(boss(), shift.id, { hourlyRatePence: 12000, reason: 'Flu season' }, deps);
    if (out.applied) throw new Error('expected an escalation');
    expect(out.escalation).toMatchObject({ status: 'pending', fromPence: 8000, toPence: 12000, capPence: 9000 });
    expect((await deps.shifts.get(ORG, shift.id, true))?.hourlyRatePence).toBe(8000);
    expect((await deliverOutbox(deps)).filter((m) => m.kind === 'rate-raised')).toHaveLength(0);

    // One pending raise per shift.
    await expect(
      raiseShiftRate(boss(), shift.id, { hourlyRatePence: 11000, reason: 'Again' }, deps),
    ).rejects.toMatchObject({ code: 'INVALID_STATE', details: { escalationId: out.escalation.id } });

    expect((await listEscalations(admin, { status: 'pending', limit: 50 }, deps)).items.map((e) => e.id)).toContain(
      out.escalation.id,
    );
    expect((await listEscalations(boss(), { limit: 50 }, deps)).items.map((e) => e.id)).toContain(out.escalation.id);
    expect((await listEscalations(manager([other.id]), { limit: 50 }, deps)).items).toEqual([]);
    await expect(listEscalations(asClinician(bank[0]!), { limit: 50 }, deps)).rejects.toMatchObject({ status: 403 });

    await expect(approveEscalation(boss(), out.escalation.id, {}, deps)).rejects.toMatchObject({ status: 403 });
    deps.clock.set(new Date('2026-11-22T10:00:00Z'));
    const approved = await approveEscalation(admin, out.escalation.id, { reason: 'OK this once' }, deps);
    expect(approved).toMatchObject({
      status: 'approved',
      decidedBy: 'usr-admin',
      decidedAt: '2026-11-22T10:00:00.000Z',
      decisionReason: 'OK this once',
    });
    expect((await deps.shifts.get(ORG, shift.id, true))?.hourlyRatePence).toBe(12000);
    const audit = await deps.shifts.audit(ORG, shift.id);
    expect(audit.find((a) => a.action === 'rate-raised')).toMatchObject({
      actor: 'usr-admin',
      detail: { fromPence: 8000, toPence: 12000, reason: 'Flu season', requestedBy: 'usr-boss' },
    });
    const texts = (await deliverOutbox(deps)).filter((m) => m.kind === 'rate-raised');
    expect(texts).toHaveLength(3);
    for (const t of texts) expect(t.body).toContain('£120.00/h');

    // Approving again answers it as approved and changes nothing; rejecting it now is refused.
    expect(await approveEscalation(admin, out.escalation.id, {}, deps)).toMatchObject({ status: 'approved' });
    await expect(rejectEscalation(admin, out.escalation.id, {}, deps)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect((await listEscalations(admin, { status: 'approved', limit: 50 }, deps)).items.map((e) => e.id)).toContain(
      out.escalation.id,
    );
    deps.clock.set(new Date('2026-11-22T09:00:00Z'));
  });

  it('rejected: the rate stays, and the shift may be raised again', async () => {
    const { shift } = await openShift();
    const out = await raiseShiftRate(boss(), shift.id, { hourlyRatePence: 15000, reason: 'Please' }, deps);
    if (out.applied) throw new Error('expected an escalation');
    const rejected = await rejectEscalation(admin, out.escalation.id, { reason: 'Too much' }, deps);
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'Too much' });
    expect((await deps.shifts.get(ORG, shift.id, true))?.hourlyRatePence).toBe(8000);
    await expect(approveEscalation(admin, out.escalation.id, {}, deps)).rejects.toMatchObject({
      code: 'INVALID_STATE',
    });
    const again = await raiseShiftRate(boss(), shift.id, { hourlyRatePence: 14000, reason: 'Please' }, deps);
    expect(again.applied).toBe(false);
  });

  it('an admin raising above the cap applies it; a raise must go up; a filled shift or another practice refuses', async () => {
    const { shift, offers } = await openShift();
    expect(await raiseShiftRate(admin, shift.id, { hourlyRatePence: 13000, reason: 'Urgent' }, deps)).toMatchObject({
      applied: true,
    });
    await expect(
      raiseShiftRate(boss(), shift.id, { hourlyRatePence: 13000, reason: 'Same' }, deps),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      raiseShiftRate(manager([other.id]), shift.id, { hourlyRatePence: 14000, reason: 'x' }, deps),
    ).rejects.toMatchObject({ status: 403 });
    const winner = bank.find((c) => c.id === offers[0]!.clinicianId)!;
    await acceptOffer(asClinician(winner), offers[0]!.id, deps);
    await expect(
      raiseShiftRate(boss(), shift.id, { hourlyRatePence: 13500, reason: 'Late' }, deps),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });

  it('keeps no raise waiting on a shift cancelled meanwhile: one read open, cancelled, then asked for, is refused', async () => {
    await updatePractice(admin, surgery.id, { maxHourlyRatePence: { anp: 9000 } }, deps);
    const { shift } = await openShift();
    // The manager's request read the shift open; the cancel lands before its write.
    await cancelShift(boss(), shift.id, 'Clinic closed', deps);
    const escalation = {
      orgId: ORG,
      id: 'esc-late',
      shiftId: shift.id,
      practiceId: surgery.id,
      role: 'anp' as const,
      status: 'pending' as const,
      fromPence: shift.hourlyRatePence,
      toPence: 12000,
      capPence: 9000,
      reason: 'Nobody yet',
      requestedBy: 'usr-boss',
      requestedAt: '2026-11-22T09:00:00.000Z',
    };
    expect(await deps.escalations.request(escalation, 'audit-late')).toEqual({ kind: 'shift-moved' });
    expect(await deps.escalations.get(ORG, 'esc-late')).toBeUndefined();
    expect(await deps.escalations.pendingOf(ORG, shift.id)).toBeUndefined();
    // And through the use case, a cancelled shift's raise is refused outright.
    await expect(
      raiseShiftRate(boss(), shift.id, { hourlyRatePence: 12000, reason: 'Late' }, deps),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });
  });
});
