import { config } from '../../lib/config';
import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentDocument } from '../../lib/http/present';
import { verifyDocument as ROUTE } from '../../lib/routes/documents';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { DocumentRepository } from '../../lib/store/documents';
import { configuredDocumentFiles } from '../../lib/store/s3-document-files';
import { verifyDocument } from '../../lib/use-cases/documents';

export const handler = httpHandler(ROUTE, async ({ caller, params }) => {
  const document = await verifyDocument(
    caller,
    params.id ?? '',
    deps({ clinicians: ClinicianRepository, documents: DocumentRepository }),
    configuredDocumentFiles(config()),
  );
  return { status: 200, body: { document: presentDocument(document) } };
});
