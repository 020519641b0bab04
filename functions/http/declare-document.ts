import { config } from '../../lib/config';
import { deps } from '../../lib/deps';
import { httpHandler } from '../../lib/http/handler';
import { apiOrigin } from '../../lib/http/origin';
import { presentDocument } from '../../lib/http/present';
import { declareDocument as ROUTE } from '../../lib/routes/documents';
import { ClinicianRepository } from '../../lib/store/clinicians';
import { DocumentRepository } from '../../lib/store/documents';
import { configuredDocumentLinks } from '../../lib/store/s3-document-links';
import { declareDocument } from '../../lib/use-cases/documents';

export const handler = httpHandler(ROUTE, async ({ caller, params, body, event }) => {
  const out = await declareDocument(
    caller,
    params.id ?? '',
    body,
    deps({ clinicians: ClinicianRepository, documents: DocumentRepository }),
    configuredDocumentLinks(config()),
  );
  // A presigned S3 address in AWS; the local runtime's own upload path, made whole, so any client can PUT to it.
  const upload = { ...out.upload, url: new URL(out.upload.url, apiOrigin(event)).href };
  return { status: 201, body: { document: presentDocument(out.document), upload } };
});
