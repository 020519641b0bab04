import type { Config } from '../config';
import { type DocumentFiles, folderDocumentFiles, localDocumentsDir } from './document-files';
import { type S3Presigner, s3Presigner } from './s3-presigner';

export type DocumentLinks = Pick<DocumentFiles, 'uploadUrl' | 'download'>;

/** `attachment; filename="..."` with the characters that would end or break the header replaced. */
export const attachment = (fileName: string) => `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`;

/**
 * The documents bucket's addresses: where a browser PUTs a file, and where a
 * reader downloads one. An upload address signs the content type and length,
 * so S3 refuses a PUT of other bytes than the ones declared; what arrives is
 * checked by its bytes as S3 reports it (`checkUploadedFile`). Signing needs
 * no S3 client (lib/store/s3-presigner.ts).
 */
export function s3DocumentLinks(presigner: S3Presigner): DocumentLinks {
  return {
    async uploadUrl(key, file) {
      const url = await presigner.put(key, { contentType: file.contentType, bytes: file.bytes });
      return { url, headers: { 'content-type': file.contentType, 'content-length': String(file.bytes) } };
    },
    async download(key, file) {
      const url = await presigner.get(key, {
        contentType: file.contentType,
        disposition: attachment(file.fileName),
        ...(file.version ? { version: file.version } : {}),
      });
      return { url };
    },
  };
}

let inBucket: { bucket: string; links: DocumentLinks } | undefined;

/**
 * For the handlers that only hand out addresses (declaring a document,
 * downloading one): no S3 client in them, and one presigner per Lambda
 * instance.
 */
export function configuredDocumentLinks(c: Config): DocumentLinks {
  const bucket = c.DOCUMENTS_BUCKET;
  if (!bucket) return folderDocumentFiles(localDocumentsDir(c));
  if (inBucket?.bucket !== bucket) {
    inBucket = { bucket, links: s3DocumentLinks(s3Presigner({ bucket, region: c.AWS_REGION })) };
  }
  return inBucket.links;
}
