import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getFormA as ROUTE } from '../../lib/routes/pension';
import { ClinicianReads } from '../../lib/store/clinicians';
import { InvoiceRepository } from '../../lib/store/invoices';
import { PracticeRepository } from '../../lib/store/practices';
import { formAOf } from '../../lib/use-cases/pension-forms';

const repositories = { practices: PracticeRepository, clinicians: ClinicianReads, invoices: InvoiceRepository };

export const handler = httpHandler(ROUTE, async ({ caller, params }): Promise<HttpReply> => {
  const file = await formAOf(caller, params.id ?? '', deps(repositories));
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
