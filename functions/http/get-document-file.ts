import { config } from '../../lib/config';
import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getDocumentFile as ROUTE } from '../../lib/routes/documents';
import { DocumentRepository } from '../../lib/store/documents';
import { attachment, configuredDocumentLinks } from '../../lib/store/s3-document-links';
import { documentFile } from '../../lib/use-cases/documents';

export const handler = httpHandler(ROUTE, async ({ caller, params }): Promise<HttpReply> => {
  const file = await documentFile(
    caller,
    params.id ?? '',
    deps({ documents: DocumentRepository }),
    configuredDocumentLinks(config()),
  );
  if ('url' in file) {
    return { statusCode: 302, headers: { location: file.url, 'cache-control': 'no-store' }, body: '' };
  }
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/octet-stream',
      'content-disposition': attachment(file.fileName),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
    body: file.bytes.toString('base64'),
    isBase64Encoded: true,
  };
});
