import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/domain/errors';
import { computePay } from '../../lib/domain/pay';
import { pensionDeadline, reachedThreshold } from '../../lib/domain/pension';
import type { Clinician, Invoice, Practice, Timesheet } from '../../lib/domain/types';
import { chunks } from '../../lib/store/records';
import { timesheetItem } from '../../lib/store/timesheets';
import { markInvoicePaid, runInvoices } from '../../lib/use-cases/invoices';
import { runJob } from '../../lib/use-cases/jobs';
import { pensionAtRisk, runPensionWatchdog, signFormA } from '../../lib/use-cases/pension';
import { formAOf, formBOf } from '../../lib/use-cases/pension-forms';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

const hr: Caller = { userId: 'usr-hr', email: 'hr@example.org', role: 'hr', orgId: ORG, practiceIds: [] };
const admin: Caller = { ...hr, userId: 'usr-admin', email: 'admin@example.org', role: 'admin' };

/** "Today" for these tests: 10 March 2027, London (GMT). */
const NOW = new Date('2027-03-10T07:00:00Z');
const daysAgo = (days: number) => new Date(Date.UTC(2027, 2, 10 - days, 8)).toISOString();

let n = 0;
function timesheet(c: Clinician, p: Practice, start: string, extra: Partial<Timesheet> = {}): Timesheet {
  const end = new Date(Date.parse(start) + 8 * 3_600_000).toISOString();
  const pay = computePay({ start, end, breakMinutes: 30, hourlyRatePence: 9001, bankHolidayUplift: 1.5 });
  const id = `ts-p${String(++n).padStart(5, '0')}`;
  return {
    orgId: ORG,
    id,
    bookingId: `bk-${id}`,
    shiftId: `sh-${id}`,
    clinicianId: c.id,
    practiceId: p.id,
    start,
    end,
    shiftStart: start,
    breakMinutes: 30,
    hourlyRatePence: 9001,
    ...pay,
    employment: c.employment,
    status: 'approved',
    submittedAt: start,
    ...extra,
  };
}

async function put(deps: TestDeps, timesheets: Timesheet[]) {
  for (const batch of chunks(timesheets, 25)) {
    await deps.db.send(
      new BatchWriteCommand({
        RequestItems: { [deps.table]: batch.map((t) => ({ PutRequest: { Item: timesheetItem(t) } })) },
      }),
    );
  }
}

async function reminders(deps: TestDeps) {
  const out = await deps.db.send(
    new ScanCommand({
      TableName: deps.table,
      FilterExpression: '#t = :t AND kind = :k',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'OUTBOX', ':k': 'pension-form-due' },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as { to: string; channel: string; subject?: string; body: string }[];
}

const pdfText = async (pdf: Uint8Array) => (await extractText(await getDocumentProxy(pdf), { mergePages: true })).text;

describe('NHS pension forms and the 10-week watchdog', () => {
  let deps: TestDeps;
  let north: Practice;
  let south: Practice;
  let member: Clinician;
  let unpensioned: Clinician;
  let company: Clinician;
  let bank: Clinician;
  /** By age in days on NOW. */
  let at: Record<number, Timesheet>;

  beforeEach(async () => {
    deps = await freshDeps(NOW);
    north = practice();
    south = practice();
    member = clinician({
      name: 'Asha Mary Patel',
      employment: 'self-employed',
      pension: { member: true, schemeRef: 'SD123456' },
      notify: ['email'],
    });
    unpensioned = clinician({ employment: 'self-employed' });
    company = clinician({ employment: 'limited-company', pension: { member: true, schemeRef: 'SD999999' } });
    bank = clinician({ employment: 'bank', pension: { member: true, schemeRef: 'SD888888' } });
    await seed(deps, [north, south], [member, unpensioned, company, bank]);
    at = {
      20: timesheet(member, north, daysAgo(20)),
      30: timesheet(member, north, daysAgo(30)),
      45: timesheet(member, north, daysAgo(45)),
      50: timesheet(member, north, daysAgo(50), { status: 'submitted' }),
      57: timesheet(member, north, daysAgo(57)),
      71: timesheet(member, north, daysAgo(71)),
    };
    await put(deps, [
      ...Object.values(at),
      timesheet(member, south, daysAgo(56)),
      // Nobody here pensions through Form A.
      timesheet(unpensioned, north, daysAgo(57)),
      timesheet(company, north, daysAgo(57)),
      timesheet(bank, north, daysAgo(57)),
      timesheet(member, north, daysAgo(55), { status: 'rejected' }),
    ]);
  });

  it('builds a Form A from a member’s invoice, signed once by the practice’s manager, with who and when', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const invoice = made.find((i) => i.clinicianId === member.id && i.practiceId === north.id)!;
    expect(invoice.pensionablePence).toBeGreaterThan(0);

    const before = await formAOf(asClinician(member), invoice.id, deps);
    expect(before.filename).toBe('SD123456LOCJAN27.pdf');
    const text = await pdfText(before.pdf);
    expect(text).toContain('GP Locum Form A');
    expect(text).toContain('Reference: SD123456LOCJAN27');
    expect(text).toContain('Asha Mary Patel');
    expect(text).toContain(north.name);
    expect(text).toContain(`ODS ${north.odsCode}`);
    for (const line of invoice.lines) expect(text).toContain(line.date);
    const pounds = (p: number) => `£${(p / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
    expect(text).toContain(`Pensionable pay (90% of fees) ${pounds(invoice.pensionablePence)}`);
    expect(text).toContain(`Employer contribution (14.38%) ${pounds(invoice.employerPensionPence)}`);
    expect(text).toContain('Awaiting the practice');

    // Only the practice's manager or an admin signs; others are refused, another practice's manager finds nothing.
    await expect(signFormA(hr, invoice.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(signFormA(asClinician(member), invoice.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(signFormA(manager([south.id]), invoice.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(signFormA(manager([north.id]), 'inv-nope', deps)).rejects.toBeInstanceOf(NotFoundError);

    // Two signatures at once: one lands, the other is told it was already signed.
    deps.clock.set(new Date('2027-03-10T11:15:00Z'));
    const both = await Promise.allSettled([
      signFormA(manager([north.id]), invoice.id, deps),
      signFormA({ ...admin }, invoice.id, deps),
    ]);
    const signed = both.filter((r) => r.status === 'fulfilled');
    expect(signed).toHaveLength(1);
    const refused = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictError);
    expect(refused.reason.code).toBe('INVALID_STATE');
    const stored = (await deps.invoices.get(ORG, invoice.id))!;
    expect(stored.formASignedAt).toBe('2027-03-10T11:15:00.000Z');
    expect(['usr-manager', 'usr-admin']).toContain(stored.formASignedBy);
    expect((signed[0] as PromiseFulfilledResult<Invoice>).value.formASignedBy).toBe(stored.formASignedBy);
    await expect(signFormA(manager([north.id]), invoice.id, deps)).rejects.toMatchObject({
      code: 'INVALID_STATE',
      details: { signedAt: '2027-03-10T11:15:00.000Z' },
    });

    const after = await pdfText((await formAOf(manager([north.id]), invoice.id, deps)).pdf);
    expect(after).toContain(`Signed by ${stored.formASignedByEmail}`);
    expect(after).toContain('Signed at 2027-03-10 11:15');
    expect(after).not.toContain('Awaiting');

    // A limited company's invoice has nothing pensionable, so no Form A to print or sign.
    const theirs = made.find((i) => i.clinicianId === company.id)!;
    await expect(formAOf(hr, theirs.id, deps)).rejects.toBeInstanceOf(ConflictError);
    await expect(signFormA(admin, theirs.id, deps)).rejects.toBeInstanceOf(ConflictError);
  });

  it('lists each session’s fee alone on Form A, so the lines add up to the total fees, mileage and expenses left to the invoice', async () => {
    // Found in a black-box pass: the lines showed fee + mileage + expenses, and did not add up to "Total fees".
    const start = new Date(Date.UTC(2027, 3, 6, 8)).toISOString();
    const plain = timesheet(member, north, start);
    const extras = { mileageMiles: 23.5, mileagePence: 1058, expenses: [{ description: 'Parking', amountPence: 425 }] };
    const driven = timesheet(member, north, new Date(Date.UTC(2027, 3, 7, 8)).toISOString(), {
      ...extras,
      totalPence: plain.grossPence + 1058 + 425,
    });
    await put(deps, [plain, driven]);
    const made = await runInvoices(ORG, '2027-04', deps);
    const invoice = made.find((i) => i.clinicianId === member.id && i.practiceId === north.id)!;
    expect(invoice.mileagePence).toBe(1058);
    const text = await pdfText((await formAOf(asClinician(member), invoice.id, deps)).pdf);
    const pounds = (p: number) => `£${(p / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
    expect(text).toContain(`Total fees ${pounds(invoice.feePence)}`);
    expect(invoice.feePence).toBe(plain.grossPence + driven.grossPence);
    // Each line's fee, never the line's total with the mileage and parking.
    expect(text.split(pounds(driven.grossPence)).length - 1).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(pounds(driven.grossPence + 1058 + 425));
  });

  it('lists the month’s signed Form As on the locum’s Form B, and no unsigned one', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const northern = made.find((i) => i.clinicianId === member.id && i.practiceId === north.id)!;
    const southern = made.find((i) => i.clinicianId === member.id && i.practiceId === south.id)!;
    await signFormA(manager([north.id]), northern.id, deps);

    const { filename, pdf } = await formBOf(asClinician(member), member.id, '2027-01', deps);
    expect(filename).toBe('form-b-SD123456-2027-01.pdf');
    const text = await pdfText(pdf);
    expect(text).toContain('GP Locum Form B');
    expect(text).toContain('SD number: SD123456');
    expect(text).toContain('Due with contributions by 2027-02-07');
    expect(text).toContain('SD123456LOCJAN27');
    expect(text).toContain(north.name);
    expect(text).not.toContain(south.name);
    expect(text).toContain('Form As listed: 1');
    const pounds = (p: number) => `£${(p / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
    expect(text).toContain(`Total pensionable pay ${pounds(northern.pensionablePence)}`);

    await signFormA(manager([south.id]), southern.id, deps);
    const both = await pdfText((await formBOf(hr, member.id, '2027-01', deps)).pdf);
    expect(both).toContain('Form As listed: 2');
    expect(both).toContain(`Total pensionable pay ${pounds(northern.pensionablePence + southern.pensionablePence)}`);
    const none = await pdfText((await formBOf(hr, member.id, '2026-11', deps)).pdf);
    expect(none).toContain('No signed Form A for this month.');

    await expect(formBOf(asClinician(unpensioned), member.id, '2027-01', deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(formBOf(manager([north.id]), member.id, '2027-01', deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(formBOf(hr, unpensioned.id, '2027-01', deps)).rejects.toBeInstanceOf(ConflictError);
    await expect(formBOf(hr, 'cln-nope', '2027-01', deps)).rejects.toBeInstanceOf(NotFoundError);
    await expect(formBOf(hr, member.id, '2027-13', deps)).rejects.toBeInstanceOf(ValidationError);
    await expect(formBOf(hr, member.id, undefined, deps)).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists pensionable sessions within 21 days of their 10-week deadline until signed and paid', async () => {
    const ids = async () =>
      (await pensionAtRisk(hr, { limit: 50 }, deps)).items.map((s) => ({
        id: s.timesheet.id,
        missing: s.missing,
        deadline: s.deadline,
      }));
    // 50, 56 (south) and 57 days old; 45 has 25 days left, 71 is past its deadline; others pension no Form A.
    const southern56 = (await pensionAtRisk(hr, { limit: 50 }, deps)).items.find(
      (s) => s.timesheet.practiceId === south.id,
    )!;
    expect(await ids()).toEqual([
      { id: at[57]!.id, missing: ['form-a', 'payment'], deadline: '2027-03-23' },
      { id: southern56.timesheet.id, missing: ['form-a', 'payment'], deadline: '2027-03-24' },
      { id: at[50]!.id, missing: ['form-a', 'payment'], deadline: '2027-03-30' },
    ]);
    expect(pensionDeadline('2027-01-12')).toBe('2027-03-23');

    const made = await runInvoices(ORG, '2027-01', deps);
    const northern = made.find((i) => i.clinicianId === member.id && i.practiceId === north.id)!;
    await signFormA(manager([north.id]), northern.id, deps);
    const listed = (await pensionAtRisk(admin, { limit: 50 }, deps)).items;
    expect(listed.find((s) => s.timesheet.id === at[57]!.id)).toMatchObject({
      missing: ['payment'],
      invoice: { id: northern.id },
    });
    // Not yet approved: still waits on both.
    expect(listed.find((s) => s.timesheet.id === at[50]!.id)?.missing).toEqual(['form-a', 'payment']);
    await markInvoicePaid(manager([north.id]), northern.id, deps);
    expect((await ids()).map((s) => s.id)).toEqual([southern56.timesheet.id, at[50]!.id]);

    await expect(pensionAtRisk(manager([north.id]), { limit: 50 }, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(pensionAtRisk(asClinician(member), { limit: 50 }, deps)).rejects.toBeInstanceOf(ForbiddenError);
    expect((await pensionAtRisk({ ...hr, orgId: 'org-other' }, { limit: 50 }, deps)).items).toEqual([]);
  });

  it('tells the practice at 4 and 6 weeks and the locum at 8, once each, however often the job runs', async () => {
    await runJob({ kind: 'pension-watchdog', orgId: ORG }, deps);
    let sent = await reminders(deps);
    const toNorth = sent.filter((m) => m.to === north.email);
    const toSouth = sent.filter((m) => m.to === south.email);
    const toLocum = sent.filter((m) => m.to === member.email);
    // North: one at 4 weeks (30 days old), one at 6 (45, 50, 57); south: one at 6 (56); the locum: one at 8 (56, 57).
    expect(toNorth.map((m) => m.subject).sort()).toEqual([
      'Locum pension forms due: 1 session 4 weeks old',
      'Locum pension forms due: 3 sessions 6 weeks old',
    ]);
    expect(toSouth.map((m) => m.subject)).toEqual(['Locum pension forms due: 1 session 6 weeks old']);
    expect(toLocum).toHaveLength(1);
    expect(toLocum[0]!.body).toContain('2027-01-12 Asha Mary Patel');
    expect(toLocum[0]!.body).toContain('pension deadline 2027-03-23');
    expect(sent).toHaveLength(4);

    // Again, and three at once: nothing more.
    await runJob({ kind: 'pension-watchdog', orgId: ORG }, deps);
    await Promise.all([1, 2, 3].map(() => runPensionWatchdog(ORG, deps)));
    expect(await reminders(deps)).toHaveLength(4);

    // The relay delivers them as email (the locum chose email).
    const delivered = (await deliverOutbox(deps)).filter((m) => m.kind === 'pension-form-due');
    expect(delivered.map((m) => m.channel)).toEqual(['email', 'email', 'email', 'email']);

    // Two weeks on: 20 days old reaches 4 weeks, 30 reaches 6, 45 and 50 reach 8; the rest were told or are past.
    deps.clock.set(new Date('2027-03-24T07:00:00Z'));
    await Promise.all([runPensionWatchdog(ORG, deps), runPensionWatchdog(ORG, deps)]);
    sent = await reminders(deps);
    expect(sent).toHaveLength(7);
    const fresh = sent.filter((m) => !toNorth.concat(toSouth, toLocum).some((o) => o.body === m.body));
    expect(
      fresh
        .filter((m) => m.to === north.email)
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['Locum pension forms due: 1 session 4 weeks old', 'Locum pension forms due: 1 session 6 weeks old']);
    const locum = fresh.find((m) => m.to === member.email)!.body;
    expect(locum).toContain('2027-01-24');
    expect(locum).toContain('2027-01-19');
    expect(locum).not.toContain('2027-01-12');
  });

  it('tells a practice nothing of sessions whose Form A is signed and invoice paid, fresh concurrent runs once', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const northern = made.find((i) => i.clinicianId === member.id && i.practiceId === north.id)!;
    await signFormA(manager([north.id]), northern.id, deps);
    await markInvoicePaid(manager([north.id]), northern.id, deps);
    // Two jobs at once on a fresh day: each session is told of once.
    await Promise.all([
      runJob({ kind: 'pension-watchdog', orgId: ORG }, deps),
      runJob({ kind: 'pension-watchdog', orgId: ORG }, deps),
    ]);
    const sent = await reminders(deps);
    const toNorth = sent.filter((m) => m.to === north.email);
    // Only the submitted 50-day session (not on the invoice) is still owed at 6 weeks, and 30 at 4.
    expect(toNorth.map((m) => m.subject).sort()).toEqual([
      'Locum pension forms due: 1 session 4 weeks old',
      'Locum pension forms due: 1 session 6 weeks old',
    ]);
    expect(toNorth.find((m) => m.subject?.includes('6 weeks'))!.body).toContain('not yet invoiced');
  });

  it('reaches only the latest threshold, and none past the deadline', () => {
    expect(reachedThreshold('2027-01-01', '2027-01-28', [28, 42])).toBeUndefined();
    expect(reachedThreshold('2027-01-01', '2027-01-29', [28, 42])).toBe(28);
    expect(reachedThreshold('2027-01-01', '2027-02-12', [28, 42])).toBe(42);
    expect(reachedThreshold('2027-01-01', '2027-03-12', [56])).toBe(56);
    expect(reachedThreshold('2027-01-01', '2027-03-13', [56])).toBeUndefined();
  });
});
