import type { ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { NotFoundError } from '../domain/errors';
import { invoicePdf } from '../domain/invoice-pdf';
import { getInvoice } from './invoices';

// Apart from the other invoice use cases: only the PDF route needs the PDF writer and the document's layout.

/** The invoice's PDF, for whoever may see the invoice. */
export async function invoicePdfOf(
  caller: Caller,
  id: string,
  deps: Pick<ReadingDeps, 'practices' | 'clinicians' | 'invoices'>,
): Promise<{ filename: string; pdf: Uint8Array }> {
  const invoice = await getInvoice(caller, id, deps);
  const [practice, clinician] = await Promise.all([
    deps.practices.get(invoice.orgId, invoice.practiceId),
    deps.clinicians.get(invoice.orgId, invoice.clinicianId),
  ]);
  if (!practice || !clinician) throw new NotFoundError(`No invoice ${id}`);
  return { filename: `${invoice.number}.pdf`, pdf: await invoicePdf(invoice, practice, clinician) };
}
