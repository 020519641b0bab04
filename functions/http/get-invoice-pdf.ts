import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getInvoicePdf as ROUTE } from '../../lib/routes/invoices';
import { invoicePdfOf } from '../../lib/use-cases/invoice-pdf';

export const handler = httpHandler(ROUTE, async ({ caller, params }): Promise<HttpReply> => {
  const file = await invoicePdfOf(caller, params.id ?? '', deps());
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
