import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentInvoice } from '../../lib/http/present';
import { signFormA as ROUTE } from '../../lib/routes/pension';
import { InvoiceRepository } from '../../lib/store/invoices';
import { signFormA } from '../../lib/use-cases/pension';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => ({
  status: 200,
  body: { invoice: presentInvoice(await signFormA(caller, params.id ?? '', deps({ invoices: InvoiceRepository }))) },
}));
