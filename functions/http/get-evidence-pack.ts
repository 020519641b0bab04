import { deps } from '../../lib/deps';
import type { HttpReply } from '../../lib/http/errors';
import { httpHandler } from '../../lib/http/handler';
import { getEvidencePack as ROUTE } from '../../lib/routes/invites';
import { BookingRepository } from '../../lib/store/bookings';
import { ClinicianReads } from '../../lib/store/clinicians';
import { DocumentRepository } from '../../lib/store/documents';
import { PracticeRepository } from '../../lib/store/practices';
import { evidencePack } from '../../lib/use-cases/evidence-pack';

const repositories = {
  practices: PracticeRepository,
  clinicians: ClinicianReads,
  bookings: BookingRepository,
  documents: DocumentRepository,
};

export const handler = httpHandler(ROUTE, async ({ caller, params }): Promise<HttpReply> => {
  const { pdf, fileName } = await evidencePack(caller, params.id ?? '', deps(repositories));
  return {
    statusCode: 200,
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'private, no-store',
    },
    body: Buffer.from(pdf).toString('base64'),
    isBase64Encoded: true,
  };
});
