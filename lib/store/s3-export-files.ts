import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { Config } from '../config';
import { CSV_TYPE, type ExportFiles, folderExportFiles } from './export-files';
import { configuredExportReads, type ExportReads } from './s3-export-reads';

/** S3 wants parts of at least 5 MiB (bar the last); 8 MiB keeps a 50k-row export to a handful of parts. */
const PART_BYTES = 8 * 1024 * 1024;
/** The checksum of a multipart export's parts: CRC32, which the SDK computes for each part itself. */
const CHECKSUM = 'CRC32';

/**
 * In AWS: the exports bucket, written with the S3 client (reads and download
 * links are s3-export-reads.ts's). A CSV smaller than one part goes up in a single
 * PutObject; a larger one as a multipart upload, a part at a time, so memory
 * holds one part whatever the export's size. A failed upload is aborted (and
 * the bucket's lifecycle rule clears any that an abort misses).
 */
export function s3ExportFiles(bucket: string, client: S3Client, reads: ExportReads): ExportFiles {
  return {
    ...reads,
    async write(key, body) {
      let buffered: Buffer[] = [];
      let size = 0;
      let bytes = 0;
      let uploadId: string | undefined;
      const parts: { ETag?: string; PartNumber: number; ChecksumCRC32?: string }[] = [];
      const flushPart = async () => {
        // One checksum named throughout: declared when the upload is made, computed by the SDK for each part,
        // and each part's sent back on completion. The SDK checksums every part by default (CRC32 since 3.729),
        // so leaving it undeclared would send parts with a checksum into an upload made without one.
        uploadId ??= (
          await client.send(
            new CreateMultipartUploadCommand({
              Bucket: bucket,
              Key: key,
              ContentType: CSV_TYPE,
              ChecksumAlgorithm: CHECKSUM,
            }),
          )
        ).UploadId;
        const PartNumber = parts.length + 1;
        const out = await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber,
            Body: Buffer.concat(buffered),
            ChecksumAlgorithm: CHECKSUM,
          }),
        );
        parts.push({ ETag: out.ETag, PartNumber, ChecksumCRC32: out.ChecksumCRC32 });
        buffered = [];
        size = 0;
      };
      try {
        for await (const chunk of body) {
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
          buffered.push(buffer);
          size += buffer.length;
          bytes += buffer.length;
          if (size >= PART_BYTES) await flushPart();
        }
        if (!uploadId) {
          await client.send(
            new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.concat(buffered), ContentType: CSV_TYPE }),
          );
          return { bytes };
        }
        if (size > 0) await flushPart();
        await client.send(
          new CompleteMultipartUploadCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: parts },
          }),
        );
        return { bytes };
      } catch (error) {
        if (uploadId) {
          await client
            .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
            .catch(() => undefined);
        }
        throw error;
      }
    },
  };
}

/** The exports bucket when the function was given one, else the local folder: for the handlers that read or write exports. */
export function configuredExportFiles(c: Config): ExportFiles {
  return c.EXPORTS_BUCKET
    ? s3ExportFiles(c.EXPORTS_BUCKET, new S3Client({ region: c.AWS_REGION }), configuredExportReads(c))
    : folderExportFiles(c.EXPORTS_DIR ?? `${c.DATA_DIR ?? '.data'}/exports`);
}
