import { config } from '../../lib/config';
import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { presentDocument } from '../../lib/http/present';
import { declareDocument as ROUTE } from '../../lib/routes/documents';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { DocumentRepository } from '../../lib/store/documents';
import { configuredDocumentLinks } from '../../lib/store/s3-document-links';
import { declareDocument } from '../../lib/use-cases/documents';

export const handler = httpHandler(ROUTE, async ({ caller, params, body }) => {
  const out = await declareDocument(
    caller,
    params.id ?? '',
    body,
    deps({ clinicians: ClinicianRepository, documents: DocumentRepository }),
    configuredDocumentLinks(config()),
  );
  return { status: 201, body: { document: presentDocument(out.document), upload: out.upload } };
});
