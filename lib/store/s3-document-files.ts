import type { Config } from '../config';
import { type DocumentFiles, folderDocumentFiles, localDocumentsDir } from './document-files';
import { s3DocumentLinks } from './s3-document-links';
import { type S3Objects, s3Objects } from './s3-objects';
import { type S3Presigner, s3Presigner } from './s3-presigner';

/**
 * The documents bucket: its addresses (s3-document-links.ts) and the files
 * themselves, one object at a time without the S3 client (s3-objects.ts).
 */
export function s3DocumentFiles(objects: S3Objects, presigner: S3Presigner): DocumentFiles {
  return {
    ...s3DocumentLinks(presigner),
    read: (key, version) => objects.get(key, version),
    write: (key, bytes, contentType) => objects.put(key, bytes, contentType),
    delete: (key, version) => objects.delete(key, version),
  };
}

let inBucket: { bucket: string; files: DocumentFiles } | undefined;

/** The bucket's files, made once per Lambda instance (not per request); else the local folder. */
export function configuredDocumentFiles(c: Config): DocumentFiles {
  const bucket = c.DOCUMENTS_BUCKET;
  if (!bucket) return folderDocumentFiles(localDocumentsDir(c));
  if (inBucket?.bucket !== bucket) {
    const settings = { bucket, region: c.AWS_REGION };
    inBucket = { bucket, files: s3DocumentFiles(s3Objects(settings), s3Presigner(settings)) };
  }
  return inBucket.files;
}
