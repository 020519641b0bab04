import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/** Where payroll CSVs are kept: S3 in AWS, a folder locally. */
export interface ExportFiles {
  /** Streams `body` to `key`, replacing what was there only once the whole file is written. */
  write(key: string, body: Readable): Promise<{ bytes: number }>;
  read(key: string): Promise<string>;
  /** A short-lived address to download from (15 minutes), or undefined where the store has none (a folder). */
  downloadUrl(key: string, filename: string): Promise<string | undefined>;
}

const CSV_TYPE = 'text/csv; charset=utf-8';

/** Local runtime: files under a folder. Written to a temporary name, then renamed, so a crash never leaves half a CSV. */
export function folderExportFiles(root: string): ExportFiles {
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(resolve(root))) throw new Error(`export key escapes its folder: ${key}`);
    return path;
  };
  return {
    async write(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.part`;
      let bytes = 0;
      body.on('data', (chunk: Buffer | string) => {
        bytes += Buffer.byteLength(chunk);
      });
      try {
        await pipeline(body, createWriteStream(temporary));
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { bytes };
    },
    read: (key) => readFile(pathOf(key), 'utf8'),
    downloadUrl: async () => undefined,
  };
}

/** S3 wants parts of at least 5 MiB (bar the last); 8 MiB keeps a 50k-row export to a handful of parts. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * In AWS: the exports bucket. A CSV smaller than one part goes up in a single
 * PutObject; a larger one as a multipart upload, a part at a time, so memory
 * holds one part whatever the export's size. A failed upload is aborted (and
 * the bucket's lifecycle rule clears any that an abort misses).
 */
export function s3ExportFiles(bucket: string, client = new S3Client({})): ExportFiles {
  return {
    async write(key, body) {
      let buffered: Buffer[] = [];
      let size = 0;
      let bytes = 0;
      let uploadId: string | undefined;
      const parts: { ETag?: string; PartNumber: number }[] = [];
      const flushPart = async () => {
        uploadId ??= (
          await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: CSV_TYPE }))
        ).UploadId;
        const PartNumber = parts.length + 1;
        const out = await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber,
            Body: Buffer.concat(buffered),
          }),
        );
        parts.push({ ETag: out.ETag, PartNumber });
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
    async read(key) {
      const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await out.Body?.transformToString('utf-8')) ?? '';
    },
    downloadUrl(key, filename) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentType: CSV_TYPE,
          ResponseContentDisposition: `attachment; filename="${filename}"`,
        }),
        { expiresIn: 15 * 60 },
      );
    },
  };
}
