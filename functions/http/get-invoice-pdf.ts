import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getInvoicePdf as ROUTE } from '../../lib/routes/invoices';
import { ClinicianReads } from '../../lib/store/clinicians';
import { InvoiceRepository } from '../../lib/store/invoices';
import { PracticeRepository } from '../../lib/store/practices';
import { invoicePdfOf } from '../../lib/use-cases/invoice-pdf';

const repositories = { practices: PracticeRepository, clinicians: ClinicianReads, invoices: InvoiceRepository };

export const handler = httpHandler(ROUTE, async ({ caller, params }): Promise<HttpReply> => {
  const file = await invoicePdfOf(caller, params.id ?? '', deps(repositories));
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${file.filename}"`,
      'cache-control': 'private, no-store',
    },
    body: Buffer.from(file.pdf).toString('base64'),
    isBase64Encoded: true,
  };
});
