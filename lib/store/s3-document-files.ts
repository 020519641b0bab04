import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Config } from '../config';
import { type DocumentFiles, folderDocumentFiles, localDocumentsDir } from './document-files';

/** Presigned addresses live 15 minutes: long enough for a phone upload, short enough not to be shared. */
const URL_SECONDS = 15 * 60;

/**
 * The documents bucket. An upload address signs the content type and length,
 * so S3 refuses a PUT of other bytes than the ones declared; what arrives is
 * checked by its bytes as S3 reports it (`checkUploadedFile`).
 */
export function s3DocumentFiles(bucket: string, client = new S3Client({})): DocumentFiles {
  return {
    async uploadUrl(key, file) {
      const url = await getSignedUrl(
        client,
        new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: file.contentType, ContentLength: file.bytes }),
        { expiresIn: URL_SECONDS, signableHeaders: new Set(['content-type', 'content-length']) },
      );
      return { url, headers: { 'content-type': file.contentType, 'content-length': String(file.bytes) } };
    },
    async read(key, version) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: version }));
        return out.Body ? Buffer.from(await out.Body.transformToByteArray()) : undefined;
      } catch (e) {
        if ((e as { name?: string }).name === 'NoSuchKey') return undefined;
        throw e;
      }
    },
    async write(key, bytes, contentType) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType }));
    },
    async delete(key, version) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: version }));
    },
    downloadUrl(key, fileName, contentType, version) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          VersionId: version,
          ResponseContentType: contentType,
          ResponseContentDisposition: `attachment; filename="${fileName.replace(/["\\\r\n]/g, '_')}"`,
        }),
        { expiresIn: URL_SECONDS },
      );
    },
  };
}

export function configuredDocumentFiles(c: Config): DocumentFiles {
  return c.DOCUMENTS_BUCKET ? s3DocumentFiles(c.DOCUMENTS_BUCKET) : folderDocumentFiles(localDocumentsDir(c));
}
