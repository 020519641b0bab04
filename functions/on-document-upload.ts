import type { S3Event } from 'aws-lambda';
import { config } from '../lib/config';
import { deps } from '../lib/deps';
import { logger } from '../lib/logger';
import { withMetrics } from '../lib/metrics';
import { DocumentRepository } from '../lib/store/documents';
import { configuredDocumentFiles } from '../lib/store/s3-document-files';
import { checkUploadedFile, type UploadOutcome } from '../lib/use-cases/documents';

/**
 * S3 reports each evidence file a browser PUT to a presigned address; its
 * bytes are checked before anyone can download it. An error is thrown for
 * Lambda's retries of the event (then its dead-letter queue); a report seen
 * twice changes nothing.
 */
export const handler = withMetrics(async (event: S3Event): Promise<UploadOutcome[]> => {
  const files = configuredDocumentFiles(config());
  const outcomes: UploadOutcome[] = [];
  for (const record of event.Records) {
    // S3 sends the key URL-encoded, a space as "+".
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    const outcome = await checkUploadedFile(
      key,
      record.s3.object.versionId,
      deps({ documents: DocumentRepository }),
      files,
    );
    logger.info('Checked an uploaded document', { key, version: record.s3.object.versionId, outcome });
    outcomes.push(outcome);
  }
  return outcomes;
});
