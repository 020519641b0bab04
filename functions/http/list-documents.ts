import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentDocument } from '../../lib/http/present';
import { listDocuments as ROUTE } from '../../lib/routes/documents';
import { listDocuments } from '../../lib/use-cases/documents';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => {
  const documents = await listDocuments(caller, params.id ?? '', deps());
  return { status: 200, body: { documents: documents.map(presentDocument) } };
});
