import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getFormB as ROUTE } from '../../lib/routes/pension';
import { formBOf } from '../../lib/use-cases/pension-forms';

export const handler = httpHandler(ROUTE, async ({ caller, params, query }): Promise<HttpReply> => {
  const file = await formBOf(caller, params.id ?? '', query.month, deps());
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
