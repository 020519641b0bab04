import type { ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { formAPdf, formBPdf } from '../domain/pension-pdf';
import { addDays, londonDate } from '../domain/time';
import type { Clinician } from '../domain/types';
import { formAReference, getInvoice, monthBounds } from './invoices';
import { noFormA } from './pension';

/*
 * The pension forms as PDFs, apart from the rest of the pension use cases so
 * that the PDF writer and the forms' layout go only into the two functions
 * that draw them (not into the watchdog, the at-risk list or signing).
 */

function referenceOf(clinician: Clinician, month: string): string | undefined {
  const sd = clinician.pension?.schemeRef?.trim();
  return sd ? formAReference(sd, month) : undefined;
}

/** The invoice's GP Locum Form A, for whoever may see the invoice; only a pension member's invoice has one. */
export async function formAOf(
  caller: Caller,
  id: string,
  deps: Pick<ReadingDeps, 'practices' | 'clinicians' | 'invoices'>,
): Promise<{ filename: string; pdf: Uint8Array }> {
  const invoice = await getInvoice(caller, id, deps);
  if (invoice.pensionablePence <= 0) throw noFormA(invoice);
  const [practice, clinician] = await Promise.all([
    deps.practices.get(invoice.orgId, invoice.practiceId),
    deps.clinicians.get(invoice.orgId, invoice.clinicianId),
  ]);
  if (!practice || !clinician) throw new NotFoundError(`No invoice ${id}`);
  const reference = referenceOf(clinician, invoice.month);
  return {
    filename: `${reference ?? `${invoice.number}-form-a`}.pdf`,
    pdf: await formAPdf({ invoice, practice, clinician, reference }),
  };
}

/** The 7th of the month after `month`: when Form B and the contributions are due. */
function formBDue(month: string): string {
  const { to } = monthBounds(month);
  return addDays(londonDate(to), 6);
}

/** The locum's GP Locum Form B for a month: the month's signed Form As. HR, admins and the locum themself. */
export async function formBOf(
  caller: Caller,
  clinicianId: string,
  month: string | undefined,
  deps: Pick<ReadingDeps, 'clock' | 'practices' | 'clinicians' | 'invoices'>,
): Promise<{ filename: string; pdf: Uint8Array }> {
  if (month === undefined || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new ValidationError('month must be YYYY-MM', [{ path: 'query.month', message: 'Expected YYYY-MM' }]);
  }
  if (caller.role !== 'clinician' && caller.role !== 'hr' && caller.role !== 'admin') {
    throw new ForbiddenError('Only HR, an admin or the locum sees a Form B');
  }
  // Absent before forbidden: another organisation's clinician learns nothing of whether the id exists.
  const clinician = await deps.clinicians.get(caller.orgId, clinicianId);
  if (!clinician) throw new NotFoundError(`No clinician ${clinicianId}`);
  if (caller.role === 'clinician' && caller.clinicianId !== clinicianId) {
    throw new ForbiddenError('A clinician may see only their own Form B');
  }
  if (!clinician.pension?.member) {
    throw new ConflictError('INVALID_STATE', `${clinician.name} is not in the NHS Pension Scheme: there is no Form B`);
  }
  const signed = (await deps.invoices.list(caller.orgId, month))
    .filter((i) => i.clinicianId === clinicianId && i.formASignedAt && i.pensionablePence > 0)
    .sort((a, b) => a.number.localeCompare(b.number));
  const practices = new Map((await deps.practices.list(caller.orgId)).map((p) => [p.id, p]));
  const entries = signed.map((invoice) => ({
    invoice,
    practice: practices.get(invoice.practiceId),
    reference: referenceOf(clinician, month),
  }));
  return {
    filename: `form-b-${clinician.pension.schemeRef?.trim() || clinician.id}-${month}.pdf`,
    pdf: await formBPdf(clinician, month, formBDue(month), entries, deps.clock.now().toISOString()),
  };
}
