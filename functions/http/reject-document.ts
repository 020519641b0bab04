import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentDocument } from '../../lib/http/present';
import { rejectDocument as ROUTE } from '../../lib/routes/documents';
import { DocumentRepository } from '../../lib/store/documents';
import { rejectDocument } from '../../lib/use-cases/documents';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const document = await rejectDocument(caller, params.id ?? '', body.reason, deps({ documents: DocumentRepository }));
  return { status: 200, body: { document: presentDocument(document) } };
});
