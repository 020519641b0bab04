import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentInvoice } from '../../lib/http/present';
import { markInvoicePaid as ROUTE } from '../../lib/routes/invoices';
import { InvoiceRepository } from '../../lib/store/invoices';
import { markInvoicePaid } from '../../lib/use-cases/invoices';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: {
    invoice: presentInvoice(await markInvoicePaid(caller, params.id ?? '', deps({ invoices: InvoiceRepository }))),
  },
}));
