import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentInvoice } from '../../lib/http/present';
import { listInvoices as ROUTE } from '../../lib/routes/invoices';
import { InvoiceRepository } from '../../lib/store/invoices';
import { listInvoices } from '../../lib/use-cases/invoices';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => {
  const page = await listInvoices(caller, query, deps({ invoices: InvoiceRepository }));
  return { status: 200, body: { invoices: page.items.map(presentInvoice), nextCursor: page.nextCursor } };
});
