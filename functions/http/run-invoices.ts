import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentInvoice } from '../../lib/http/present';
import { runInvoices as ROUTE } from '../../lib/routes/invoices';
import { ClinicianReads } from '../../lib/store/clinicians';
import { InvoiceRepository } from '../../lib/store/invoices';
import { startInvoiceRun } from '../../lib/use-cases/invoices';

export const handler = httpHandler(ROUTE, async ({ caller, body }) => ({
  status: 200,
  body: {
    invoices: (
      await startInvoiceRun(caller, body.month, deps({ clinicians: ClinicianReads, invoices: InvoiceRepository }))
    ).map(presentInvoice),
  },
}));
