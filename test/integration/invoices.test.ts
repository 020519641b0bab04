import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/domain/errors';
import { computePay } from '../../lib/domain/pay';
import type { Clinician, Invoice, Practice, Timesheet } from '../../lib/domain/types';
import * as keys from '../../lib/store/keys';
import { chunks } from '../../lib/store/records';
import { timesheetItem } from '../../lib/store/timesheets';
import { invoicePdfOf } from '../../lib/use-cases/invoice-pdf';
import {
  getInvoice,
  initialsOf,
  listInvoices,
  markInvoicePaid,
  previousMonth,
  runInvoices,
  startInvoiceRun,
} from '../../lib/use-cases/invoices';
import { runJob } from '../../lib/use-cases/jobs';
import { asClinician, clinician, manager, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const hr: Caller = { userId: 'usr-hr', email: 'hr@example.org', role: 'hr', orgId: ORG, practiceIds: [] };

let n = 0;
function timesheet(c: Clinician, p: Practice, start: string, extra: Partial<Timesheet> = {}): Timesheet {
  const end = new Date(Date.parse(start) + 8 * 3_600_000).toISOString();
  const pay = computePay({ start, end, breakMinutes: 30, hourlyRatePence: 9001, bankHolidayUplift: 1.5 });
  const id = `ts-${String(++n).padStart(6, '0')}`;
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

/** Days 1..count of January 2027 at 08:00 London (GMT then). */
const january = (count: number) =>
  Array.from({ length: count }, (_, i) => `2027-01-${String(i + 1).padStart(2, '0')}T08:00:00.000Z`);

describe('the monthly invoice run', () => {
  let deps: TestDeps;
  let north: Practice;
  let south: Practice;
  let pensioned: Clinician;
  let company: Clinician;
  let bank: Clinician;
  let invoiceable: Timesheet[];

  beforeEach(async () => {
    deps = await freshDeps(new Date('2027-02-01T06:00:00Z'));
    north = practice();
    south = practice();
    pensioned = clinician({
      name: 'Asha Mary Patel',
      employment: 'self-employed',
      pension: { member: true, schemeRef: 'SD123456' },
    });
    company = clinician({ name: "Owen O'Brien", employment: 'limited-company' });
    bank = clinician({ employment: 'bank' });
    await seed(deps, [north, south], [pensioned, company, bank]);
    invoiceable = [
      ...january(12).map((s) => timesheet(pensioned, north, s)),
      ...january(5).map((s) => timesheet(pensioned, south, s.replace('T08', 'T19'))),
      ...january(20).map((s) => timesheet(company, north, s, { mileagePence: 450, expenses: [] })),
      // The last half hour of January (GMT): still January's.
      timesheet(company, south, '2027-01-31T23:30:00.000Z'),
    ];
    await put(deps, [
      ...invoiceable,
      ...january(6).map((s) => timesheet(bank, north, s)),
      timesheet(pensioned, north, '2027-02-01T00:30:00.000Z'),
      timesheet(company, north, '2026-12-31T23:59:00.000Z'),
      timesheet(pensioned, north, '2027-01-14T08:00:00.000Z', { status: 'submitted' }),
    ]);
  });

  it('makes one invoice per clinician per practice with every approved invoiceable timesheet of the month once', async () => {
    const made = await startInvoiceRun(hr, '2027-01', deps);
    expect(made.map((i) => `${i.clinicianId}/${i.practiceId}`).sort()).toEqual(
      [
        `${pensioned.id}/${north.id}`,
        `${pensioned.id}/${south.id}`,
        `${company.id}/${north.id}`,
        `${company.id}/${south.id}`,
      ].sort(),
    );
    const onInvoices = made.flatMap((i) => i.lines.map((l) => l.timesheetId)).sort();
    expect(onInvoices).toEqual(invoiceable.map((t) => t.id).sort());
    for (const invoice of made) {
      expect(invoice.totalPence).toBe(
        invoice.lines.reduce((s, l) => s + l.amountPence, 0) + invoice.employerPensionPence,
      );
      expect(invoice.month).toBe('2027-01');
      expect(invoice.status).toBe('issued');
    }
    // Each timesheet records its invoice.
    const stored = await deps.db.send(
      new GetCommand({ TableName: deps.table, Key: keys.timesheet(ORG, invoiceable[0]!.id), ConsistentRead: true }),
    );
    expect(stored.Item?.invoiceId).toBe(
      made.find((i) => i.lines.some((l) => l.timesheetId === invoiceable[0]!.id))!.id,
    );
    // A second run finds nothing left.
    expect(await runInvoices(ORG, '2027-01', deps)).toEqual([]);
  });

  it('pensions 90% of a member’s fees and adds 14.38% of that on top, half up; nothing for a limited company', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const mine = made.find((i) => i.clinicianId === pensioned.id && i.practiceId === north.id)!;
    // 7.5 paid hours at £90.01: 67507.5 -> 67508 pence a line (computePay rounds half up), 12 lines.
    const fee = invoiceable
      .filter((t) => t.clinicianId === pensioned.id && t.practiceId === north.id)
      .reduce((s, t) => s + t.grossPence, 0);
    expect(mine.feePence).toBe(fee);
    expect(mine.pensionablePence).toBe(Math.floor((fee * 90) / 100 + 0.5));
    expect(mine.employerPensionPence).toBe(Math.floor((mine.pensionablePence * 1438) / 10000 + 0.5));
    expect(mine.totalPence).toBe(fee + mine.employerPensionPence);
    const theirs = made.find((i) => i.clinicianId === company.id && i.practiceId === north.id)!;
    expect(theirs.pensionablePence).toBe(0);
    expect(theirs.employerPensionPence).toBe(0);
    expect(theirs.mileagePence).toBe(20 * 450);
    expect(theirs.lines[0]).toEqual({
      timesheetId: expect.any(String),
      date: '2027-01-01',
      hours: 7.5,
      amountPence: theirs.lines[0]!.amountPence,
      feePence: theirs.lines[0]!.feePence,
      lineType: 'shift',
    });
    const lineFee = invoiceable.find((t) => t.id === theirs.lines[0]!.timesheetId)!.grossPence;
    expect(theirs.lines[0]!.amountPence).toBe(lineFee + 450);
    // Form A lists the fee alone.
    expect(theirs.lines[0]!.feePence).toBe(lineFee);
  });

  it('numbers invoices sequentially per clinician from their initials', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const numbers = (c: Clinician) =>
      made
        .filter((i) => i.clinicianId === c.id)
        .map((i) => i.number)
        .sort();
    expect(numbers(pensioned)).toEqual(['RB-AMP-0001', 'RB-AMP-0002']);
    expect(numbers(company)).toEqual(['RB-OO-0001', 'RB-OO-0002']);
    // The next month carries on from there.
    await put(deps, [timesheet(pensioned, north, '2027-02-03T09:00:00.000Z')]);
    const feb = await runInvoices(ORG, '2027-02', deps);
    expect(feb.map((i) => i.number)).toEqual(['RB-AMP-0003']);
    expect(initialsOf('  anne-marie  de la cruz ')).toBe('AMDLC');
    // A title is not an initial (demo GPs are 'Dr ...'), accents are dropped, not the letters under them.
    expect(initialsOf('Dr Asha Patel')).toBe('AP');
    expect(initialsOf('Prof. Sir Ian Gilmore-Smith')).toBe('IGS');
    expect(initialsOf('Zoë Ó Briain')).toBe('ZOB');
    expect(initialsOf('Dr')).toBe('D');
    expect(initialsOf(' 123 ')).toBe('X');
  });

  it('two runs at once over one month invoice every timesheet once, on gap-free numbers, and totals add up', async () => {
    const runs = await Promise.all([
      runInvoices(ORG, '2027-01', deps),
      runInvoices(ORG, '2027-01', deps),
      runInvoices(ORG, '2027-01', deps),
    ]);
    const made: Invoice[] = runs.flat();
    const ids = made.flatMap((i) => i.lines.map((l) => l.timesheetId));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(invoiceable.map((t) => t.id).sort());
    // What the invoices say they are is what is stored, and nothing else was stored.
    const stored = await deps.invoices.list(ORG, '2027-01');
    expect(stored.map((i) => i.id).sort()).toEqual(made.map((i) => i.id).sort());
    const fees = invoiceable.reduce((s, t) => s + t.grossPence + (t.mileagePence ?? 0), 0);
    expect(stored.reduce((s, i) => s + i.totalPence - i.employerPensionPence, 0)).toBe(fees);
    for (const c of [pensioned, company]) {
      const numbers = stored
        .filter((i) => i.clinicianId === c.id)
        .map((i) => Number(i.number.slice(-4)))
        .sort();
      expect(numbers).toEqual(numbers.map((_, k) => k + 1));
      const counter = await deps.db.send(
        new GetCommand({ TableName: deps.table, Key: keys.invoiceCounter(ORG, c.id), ConsistentRead: true }),
      );
      expect(counter.Item?.last).toBe(numbers.length);
    }
  });

  it('shows a clinician their own, a manager their practices’, refuses the rest of the organisation (403) and hides other organisations’ as absent', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const mine = (await listInvoices(asClinician(pensioned), { limit: 50 }, deps)).items;
    expect(mine.map((i) => i.clinicianId)).toEqual([pensioned.id, pensioned.id]);
    const norths = (await listInvoices(manager([north.id]), { month: '2027-01', limit: 50 }, deps)).items;
    expect(norths.map((i) => i.practiceId)).toEqual([north.id, north.id]);
    // Naming a practice they do not run is refused, as the invoices themselves are.
    await expect(
      listInvoices(manager([north.id]), { practiceId: south.id, month: '2027-01', limit: 50 }, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(
      (await listInvoices(hr, { clinicianId: company.id, practiceId: south.id, limit: 50 }, deps)).items,
    ).toHaveLength(1);
    const southern = made.find((i) => i.practiceId === south.id && i.clinicianId === company.id)!;
    await expect(getInvoice(manager([north.id]), southern.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getInvoice(asClinician(pensioned), southern.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getInvoice({ ...hr, orgId: 'org-other' }, southern.id, deps)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listInvoices(hr, { month: '2027-13', limit: 50 }, deps)).rejects.toBeInstanceOf(ValidationError);
    await expect(startInvoiceRun(manager([north.id]), '2027-01', deps)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(startInvoiceRun(hr, 'January', deps)).rejects.toBeInstanceOf(ValidationError);
  });

  it('marks an invoice paid once, by the practice’s manager', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const northern = made.find((i) => i.practiceId === north.id)!;
    await expect(
      markInvoicePaid(asClinician({ id: northern.clinicianId, orgId: ORG }), northern.id, deps),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(markInvoicePaid(manager([south.id]), northern.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
    const paid = await markInvoicePaid(manager([north.id]), northern.id, deps);
    expect(paid).toMatchObject({ status: 'paid', paidAt: '2027-02-01T06:00:00.000Z' });
    expect(await getInvoice(hr, northern.id, deps)).toMatchObject({
      status: 'paid',
      paidAt: '2027-02-01T06:00:00.000Z',
    });
    await expect(markInvoicePaid(hr, northern.id, deps)).rejects.toBeInstanceOf(ConflictError);
  });

  it('the run on the 1st invoices the month before, in London', () => {
    expect(previousMonth('2027-02-01T06:00:00.000Z')).toBe('2027-01');
    expect(previousMonth('2027-01-01T00:10:00.000Z')).toBe('2026-12');
    // 23:30 UTC on 31 March is 00:30 BST on 1 April.
    expect(previousMonth('2027-03-31T23:30:00.000Z')).toBe('2027-03');
  });
  it('the invoice-run job on the 1st invoices last month, and running it again makes nothing more', async () => {
    await runJob({ kind: 'invoice-run', orgId: ORG }, deps);
    const stored = await deps.invoices.list(ORG);
    expect(stored.map((i) => i.month)).toEqual(['2027-01', '2027-01', '2027-01', '2027-01']);
    await runJob({ kind: 'invoice-run', orgId: ORG }, deps);
    expect(await deps.invoices.list(ORG)).toHaveLength(4);
  });

  it('prints a PDF with the practice, the locum, each line, the totals and the employer contribution', async () => {
    const made = await runInvoices(ORG, '2027-01', deps);
    const mine = made.find((i) => i.clinicianId === pensioned.id && i.practiceId === north.id)!;
    const { filename, pdf } = await invoicePdfOf(asClinician(pensioned), mine.id, deps);
    expect(filename).toBe('RB-AMP-0001.pdf');
    expect(Buffer.from(pdf.slice(0, 5)).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    const pounds = (p: number) => `£${(p / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
    expect(text).toContain('Invoice RB-AMP-0001');
    expect(text).toContain(north.name);
    expect(text).toContain(`ODS ${north.odsCode}`);
    expect(text).toContain('Asha Mary Patel');
    expect(text).toContain('SD123456');
    for (const line of mine.lines) expect(text).toContain(line.timesheetId);
    expect(text).toContain('2027-01-12');
    expect(text).toContain(`Employer pension contribution ${pounds(mine.employerPensionPence)}`);
    expect(text).toContain(`Total due ${pounds(mine.totalPence)}`);
    await expect(invoicePdfOf(asClinician(company), mine.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
  });
});
