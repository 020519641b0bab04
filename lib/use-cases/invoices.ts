import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, ValidationError } from '../domain/errors';
import { linePay, linesPay, type Worker } from '../domain/pay';
import { londonDate, startOfLondonDay } from '../domain/time';
import type { Clinician, Invoice, InvoiceStatus } from '../domain/types';
import { CLAIM_CONCURRENCY } from '../store/exports';
import { INVOICE_MAX_LINES, type InvoiceableTimesheet, type InvoicePart, packInvoices } from '../store/invoices';
import type { Page, PageRequest } from '../store/page';
import { chunks } from '../store/records';
import { assertRunsPractice, found } from './access';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The UTC instants bounding a London calendar month: [from, to). */
export function monthBounds(month: string): { from: string; to: string } {
  const m = MONTH.exec(month);
  if (!m) throw new ValidationError('month must be YYYY-MM', [{ path: 'body.month', message: 'Expected YYYY-MM' }]);
  const year = Number(m[1]);
  const mm = Number(m[2]);
  const next = mm === 12 ? `${year + 1}-01` : `${year}-${String(mm + 1).padStart(2, '0')}`;
  return { from: startOfLondonDay(`${month}-01`), to: startOfLondonDay(`${next}-01`) };
}

/** The month before the one `instant` falls in, in London: what the run on the 1st invoices. */
export function previousMonth(instant: string): string {
  const [y, m] = londonDate(instant).split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Honorifics and titles a name may start with: not initials ("Dr Asha Patel" is AP, not DAP). */
const TITLES = new Set(['dr', 'mr', 'mrs', 'ms', 'miss', 'mx', 'prof', 'professor', 'sister', 'rev', 'sir', 'dame']);

/**
 * The letters an invoice number carries: each name's first letter, accents
 * dropped (Zoë Ó Briain is ZOB), titles before the name left out, `X` for a
 * name without letters.
 */
export function initialsOf(name: string): string {
  const parts = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[\s-]+/)
    .map((part) => part.replace(/[^A-Za-z]/g, ''))
    .filter((part) => part !== '');
  while (parts.length > 1 && TITLES.has(parts[0]!.toLowerCase())) parts.shift();
  return parts.map((part) => part[0]!.toUpperCase()).join('') || 'X';
}

export function invoiceNumber(name: string, sequence: number): string {
  return `RB-${initialsOf(name)}-${String(sequence).padStart(4, '0')}`;
}

function workerOf(c: Clinician): Worker {
  return { employment: c.employment, pension: c.pension };
}

/** The invoice for these timesheets, numbered `sequence` of the clinician's. */
export function draftInvoice(
  orgId: string,
  id: string,
  clinician: Clinician,
  practiceId: string,
  month: string,
  timesheets: readonly InvoiceableTimesheet[],
  sequence: number,
  issuedAt: string,
): Invoice {
  const worker = workerOf(clinician);
  const sorted = [...timesheets].sort(
    (a, b) => (a.shiftStart ?? a.start).localeCompare(b.shiftStart ?? b.start) || a.id.localeCompare(b.id),
  );
  const sum = linesPay(sorted, worker);
  return {
    orgId,
    id,
    number: invoiceNumber(clinician.name, sequence),
    clinicianId: clinician.id,
    practiceId,
    month,
    lines: sorted.map((t) => {
      const pay = linePay(t, worker);
      return {
        timesheetId: t.id,
        date: londonDate(t.shiftStart ?? t.start),
        hours: Math.round((t.paidMinutes / 60) * 100) / 100,
        amountPence: pay.totalPence,
        feePence: pay.feePence,
        lineType: pay.lineType,
      };
    }),
    feePence: sum.feePence,
    mileagePence: sum.mileagePence,
    expensesPence: sum.expensesPence,
    pensionablePence: sum.pensionablePence,
    employerPensionPence: sum.employerPensionPence,
    totalPence: sum.totalPence,
    status: 'issued',
    issuedAt,
  };
}

/** Stretches of the month read at once: DynamoDB Local (and DynamoDB) answers several queries together. */
const READ_SLICES = 4;
/** Transactions in flight at once, as the payroll export's claims. */
const ISSUE_LANES = CLAIM_CONCURRENCY;

/**
 * Invoices a month's approved self-employed and limited-company work not yet
 * invoiced: one invoice per clinician per practice (more only past
 * INVOICE_MAX_LINES timesheets). Safe to run twice, or twice at once: each
 * timesheet's claim is conditional, so it lands on one invoice ever, and a
 * run answers only the invoices it made. The invoices go several to a
 * transaction, as full as DynamoDB allows, two transactions in flight; PDFs
 * are drawn when asked for, not here.
 */
export async function runInvoices(
  orgId: string,
  month: string,
  deps: Pick<ReadingDeps, 'clock' | 'newId' | 'clinicians' | 'invoices'>,
): Promise<Invoice[]> {
  const { from, to } = monthBounds(month);
  const groups = new Map<string, InvoiceableTimesheet[]>();
  for (const t of await deps.invoices.invoiceable(orgId, from, to, READ_SLICES)) {
    const key = `${t.clinicianId}\u0000${t.practiceId}`;
    const group = groups.get(key);
    if (group) group.push(t);
    else groups.set(key, [t]);
  }
  const clinicianIds = [...new Set([...groups.values()].map((g) => g[0]!.clinicianId))];
  const [found, last] = await Promise.all([
    deps.clinicians.getMany(orgId, clinicianIds),
    deps.invoices.counters(orgId, clinicianIds),
  ]);
  const clinicians = new Map(found.map((c) => [c.id, c]));
  const parts: InvoicePart[] = [];
  for (const group of groups.values()) {
    const { clinicianId, practiceId } = group[0]!;
    const clinician = clinicians.get(clinicianId);
    if (!clinician) continue;
    for (const timesheets of chunks(group, INVOICE_MAX_LINES)) {
      parts.push({
        clinicianId,
        timesheets,
        draft: (left, sequence) =>
          draftInvoice(
            orgId,
            deps.newId(),
            clinician,
            practiceId,
            month,
            left,
            sequence,
            deps.clock.now().toISOString(),
          ),
      });
    }
  }
  groups.clear();
  const made: Invoice[] = [];
  await Promise.all(
    packInvoices(parts, ISSUE_LANES).map(async (lane) => {
      for (const transaction of lane) {
        made.push(...(await deps.invoices.issue(orgId, transaction, last, deps.clock.now().toISOString())));
      }
    }),
  );
  return made;
}

export async function startInvoiceRun(
  caller: Caller,
  month: string,
  deps: Pick<ReadingDeps, 'clock' | 'newId' | 'clinicians' | 'invoices'>,
): Promise<Invoice[]> {
  if (caller.role !== 'hr' && caller.role !== 'admin') throw new ForbiddenError('Only HR or an admin runs invoices');
  return runInvoices(caller.orgId, month, deps);
}

/**
 * Who may see an invoice of their organisation: its clinician, a manager of
 * its practice, HR and admins. Anyone else there is refused (403, as API.md
 * answers the right organisation with the wrong role or practice).
 */
function assertSees(caller: Caller, invoice: Invoice): void {
  if (caller.role === 'admin' || caller.role === 'hr') return;
  if (caller.role === 'manager') assertRunsPractice(caller, invoice.practiceId);
  else if (caller.clinicianId === undefined || caller.clinicianId !== invoice.clinicianId) {
    throw new ForbiddenError(`Invoice ${invoice.number} is another clinician's`);
  }
}

export interface InvoiceFilter {
  clinicianId?: string;
  practiceId?: string;
  status?: InvoiceStatus;
  month?: string;
}

/**
 * A page of the invoices the caller sees: a clinician their own, a manager
 * their practices', HR and admins the organisation's. Who sees what, and the
 * filters, are the query's filter, so a page holds `limit` of them.
 */
export async function listInvoices(
  caller: Caller,
  filter: InvoiceFilter & PageRequest,
  deps: Pick<Deps, 'invoices'>,
): Promise<Page<Invoice>> {
  if (filter.month !== undefined && !MONTH.test(filter.month)) {
    throw new ValidationError('month must be YYYY-MM', [{ path: 'query.month', message: 'Expected YYYY-MM' }]);
  }
  const where: Record<string, string | readonly string[] | undefined> = {
    clinicianId: filter.clinicianId,
    practiceId: filter.practiceId,
    status: filter.status,
  };
  if (caller.role === 'clinician') {
    if (!caller.clinicianId || (filter.clinicianId ?? caller.clinicianId) !== caller.clinicianId) return { items: [] };
    where.clinicianId = caller.clinicianId;
  } else if (caller.role === 'manager') {
    // A practice they do not run is refused, as GET /timesheets refuses it (and as its invoices are).
    if (filter.practiceId) assertRunsPractice(caller, filter.practiceId);
    const practiceIds = filter.practiceId ? [filter.practiceId] : caller.practiceIds;
    if (!practiceIds.length) return { items: [] };
    where.practiceId = practiceIds;
  }
  return deps.invoices.page(caller.orgId, filter.month, where, { limit: filter.limit, cursor: filter.cursor });
}

export async function getInvoice(caller: Caller, id: string, deps: Pick<Deps, 'invoices'>): Promise<Invoice> {
  const invoice = found(await deps.invoices.get(caller.orgId, id), caller, 'invoice', id);
  assertSees(caller, invoice);
  return invoice;
}

/** The practice's manager, HR or an admin records payment, once. */
export async function markInvoicePaid(
  caller: Caller,
  id: string,
  deps: Pick<Deps, 'clock' | 'invoices'>,
): Promise<Invoice> {
  const invoice = await getInvoice(caller, id, deps);
  if (caller.role === 'clinician') throw new ForbiddenError('A clinician cannot mark an invoice paid');
  const at = deps.clock.now().toISOString();
  if (!(await deps.invoices.markPaid(caller.orgId, id, at, caller.userId))) {
    throw new ConflictError('INVALID_STATE', `Invoice ${invoice.number} is already paid`);
  }
  return { ...invoice, status: 'paid', paidAt: at, paidBy: caller.userId };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A GP Locum Form A's reference: the locum's SD number, `LOC`, the month's three letters and the year's two digits. */
export function formAReference(schemeRef: string, month: string): string {
  const m = MONTH.exec(month);
  if (!m) throw new ValidationError('month must be YYYY-MM');
  return `${schemeRef.trim().toUpperCase()}LOC${MONTHS[Number(m[2]) - 1]}${m[1]!.slice(2)}`;
}
