import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentDocument } from '../../lib/http/present';
import { listDocuments as ROUTE } from '../../lib/routes/documents';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { DocumentRepository } from '../../lib/store/documents';
import { listDocuments } from '../../lib/use-cases/documents';

export const handler = httpHandler(ROUTE, async ({ caller, params, query }) => {
  const page = await listDocuments(
    caller,
    params.id ?? '',
    query,
    deps({ clinicians: ClinicianRepository, documents: DocumentRepository }),
  );
  return { status: 200, body: { documents: page.items.map(presentDocument), nextCursor: page.nextCursor } };
});
