import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentInvoice } from '../../lib/http/present';
import { getInvoice as ROUTE } from '../../lib/routes/invoices';
import { InvoiceRepository } from '../../lib/store/invoices';
import { getInvoice } from '../../lib/use-cases/invoices';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: { invoice: presentInvoice(await getInvoice(caller, params.id ?? '', deps({ invoices: InvoiceRepository }))) },
}));
