import type { Config } from '../config';
import { CSV_TYPE, type ExportFiles, folderExportFiles } from './export-files';
import { type S3Objects, s3Objects } from './s3-objects';
import { type S3Presigner, s3Presigner } from './s3-presigner';

/** Reading an export and linking to it: all that serving a CSV needs. */
export type ExportReads = Pick<ExportFiles, 'read' | 'downloadUrl'>;

/**
 * The exports bucket as the function that serves a CSV sees it: one object
 * read, or a download address, both without the S3 client (s3-objects.ts).
 * Exports are written by run-payroll-export alone (s3-export-files.ts).
 */
export function s3ExportReads(objects: S3Objects, presigner: S3Presigner): ExportFiles {
  return {
    async write() {
      throw new Error('Payroll exports are written by run-payroll-export, not by this function');
    },
    async read(key) {
      const bytes = await objects.get(key);
      if (!bytes) throw new Error(`The export file ${key} is not in the bucket`);
      return bytes.toString('utf-8');
    },
    downloadUrl(key, filename) {
      return presigner.get(key, { contentType: CSV_TYPE, disposition: `attachment; filename="${filename}"` });
    },
  };
}

/** The exports bucket when the function was given one, else the local folder: for the handlers that only read exports. */
export function configuredExportReads(c: Config): ExportFiles {
  const bucket = c.EXPORTS_BUCKET;
  if (!bucket) return folderExportFiles(c.EXPORTS_DIR ?? `${c.DATA_DIR ?? '.data'}/exports`);
  const settings = { bucket, region: c.AWS_REGION };
  return s3ExportReads(s3Objects(settings), s3Presigner(settings));
}
