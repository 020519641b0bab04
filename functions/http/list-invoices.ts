import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentInvoice } from '../../lib/http/present';
import { listInvoices as ROUTE } from '../../lib/routes/invoices';
import { listInvoices } from '../../lib/use-cases/invoices';

export const handler = httpHandler(ROUTE, async ({ caller, query }) => ({
  status: 200,
  body: { invoices: (await listInvoices(caller, query, deps())).map(presentInvoice) },
}));
