import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getFormB as ROUTE } from '../../lib/routes/pension';
import { ClinicianReads } from '../../lib/store/clinicians';
import { InvoiceRepository } from '../../lib/store/invoices';
import { PracticeRepository } from '../../lib/store/practices';
import { formBOf } from '../../lib/use-cases/pension-forms';

const repositories = { practices: PracticeRepository, clinicians: ClinicianReads, invoices: InvoiceRepository };

export const handler = httpHandler(ROUTE, async ({ caller, params, query }): Promise<HttpReply> => {
  const file = await formBOf(caller, params.id ?? '', query.month, deps(repositories));
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
