import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { s3ExportFiles } from '../../lib/store/s3-export-files';
import type { ExportReads } from '../../lib/store/s3-export-reads';

const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

const reads: ExportReads = {
  read: async () => '',
  downloadUrl: async () => 'https://signed.example/x',
};
const MiB = 1024 * 1024;

/** A CSV of `size` bytes in 1 MiB chunks, as the export streams it. */
async function* csv(size: number) {
  for (let sent = 0; sent < size; sent += MiB) yield 'x'.repeat(Math.min(MiB, size - sent));
}

describe('s3ExportFiles', () => {
  it('puts a CSV smaller than a part in one PutObject', async () => {
    s3.on(PutObjectCommand).resolves({});
    const files = s3ExportFiles('exports', new S3Client({}), reads);
    expect(await files.write('org1/e1.csv', Readable.from(csv(3 * MiB)))).toEqual({ bytes: 3 * MiB });
    const put = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(put).toMatchObject({ Bucket: 'exports', Key: 'org1/e1.csv', ContentType: 'text/csv; charset=utf-8' });
    expect(s3.commandCalls(CreateMultipartUploadCommand)).toHaveLength(0);
  });

  it('uploads a large CSV in 8 MiB parts under one declared checksum, and completes it with each part’s', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up1' });
    s3.on(UploadPartCommand).callsFake(async (input) => ({
      ETag: `"etag-${input.PartNumber}"`,
      ChecksumCRC32: `crc-${input.PartNumber}`,
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    const files = s3ExportFiles('exports', new S3Client({}), reads);
    expect(await files.write('org1/e2.csv', Readable.from(csv(20 * MiB)))).toEqual({ bytes: 20 * MiB });

    expect(s3.commandCalls(CreateMultipartUploadCommand)[0]!.args[0].input).toMatchObject({
      Bucket: 'exports',
      Key: 'org1/e2.csv',
      ChecksumAlgorithm: 'CRC32',
    });
    const parts = s3.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => [p.PartNumber, (p.Body as Buffer).length, p.ChecksumAlgorithm, p.UploadId])).toEqual([
      [1, 8 * MiB, 'CRC32', 'up1'],
      [2, 8 * MiB, 'CRC32', 'up1'],
      [3, 4 * MiB, 'CRC32', 'up1'],
    ]);
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input.MultipartUpload).toEqual({
      Parts: [
        { ETag: '"etag-1"', PartNumber: 1, ChecksumCRC32: 'crc-1' },
        { ETag: '"etag-2"', PartNumber: 2, ChecksumCRC32: 'crc-2' },
        { ETag: '"etag-3"', PartNumber: 3, ChecksumCRC32: 'crc-3' },
      ],
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it('aborts the multipart upload when a part fails, and reports the failure', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'up2' });
    s3.on(UploadPartCommand).resolvesOnce({ ETag: '"e1"' }).rejects(new Error('socket hang up'));
    s3.on(AbortMultipartUploadCommand).resolves({});
    const files = s3ExportFiles('exports', new S3Client({}), reads);
    await expect(files.write('org1/e3.csv', Readable.from(csv(20 * MiB)))).rejects.toThrow('socket hang up');
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toEqual({
      Bucket: 'exports',
      Key: 'org1/e3.csv',
      UploadId: 'up2',
    });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
