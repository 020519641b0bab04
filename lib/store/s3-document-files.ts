import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config';
import { type DocumentFiles, folderDocumentFiles, localDocumentsDir } from './document-files';
import { s3DocumentLinks } from './s3-document-links';
import { type S3Presigner, s3Presigner } from './s3-presigner';

/** The documents bucket: its addresses (s3-document-links.ts) and the files themselves, through an S3 client. */
export function s3DocumentFiles(bucket: string, client: S3Client, presigner: S3Presigner): DocumentFiles {
  return {
    ...s3DocumentLinks(presigner),
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
  };
}

let inBucket: { bucket: string; files: DocumentFiles } | undefined;

/** The bucket's files, one S3 client and presigner per Lambda instance (not per request); else the local folder. */
export function configuredDocumentFiles(c: Config): DocumentFiles {
  const bucket = c.DOCUMENTS_BUCKET;
  if (!bucket) return folderDocumentFiles(localDocumentsDir(c));
  if (inBucket?.bucket !== bucket) {
    const files = s3DocumentFiles(
      bucket,
      new S3Client({ region: c.AWS_REGION }),
      s3Presigner({ bucket, region: c.AWS_REGION }),
    );
    inBucket = { bucket, files };
  }
  return inBucket.files;
}
