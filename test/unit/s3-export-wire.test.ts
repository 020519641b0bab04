import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3ExportFiles } from '../../lib/store/s3-export-files';
import type { ExportReads } from '../../lib/store/s3-export-reads';

// No aws-sdk-client-mock here: the real client's middleware must run to be seen on the wire.
const reads = {} as ExportReads;
const MiB = 1024 * 1024;

async function* csv(size: number) {
  for (let sent = 0; sent < size; sent += MiB) yield 'x'.repeat(Math.min(MiB, size - sent));
}

describe('the S3 client on the wire, for a multipart export', () => {
  it('declares CRC32 on creating the upload and sends each part with its CRC32', async () => {
    const sent: { method: string; query: Record<string, unknown>; headers: Record<string, string> }[] = [];
    const client = new S3Client({
      region: 'eu-west-2',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      requestHandler: {
        handle: async (request: {
          method: string;
          query: Record<string, unknown>;
          headers: Record<string, string>;
        }) => {
          sent.push({ method: request.method, query: request.query, headers: request.headers });
          const create = 'uploads' in request.query;
          const body = create
            ? '<InitiateMultipartUploadResult><Bucket>exports</Bucket><Key>k</Key><UploadId>up9</UploadId></InitiateMultipartUploadResult>'
            : '<CompleteMultipartUploadResult><Bucket>exports</Bucket><Key>k</Key></CompleteMultipartUploadResult>';
          return {
            response: {
              statusCode: 200,
              headers: { etag: '"e"', 'x-amz-checksum-crc32': request.headers['x-amz-checksum-crc32'] ?? '' },
              body: Readable.from([Buffer.from(request.method === 'PUT' ? '' : body)]),
            },
          };
        },
      } as never,
    });
    await s3ExportFiles('exports', client, reads).write('k', Readable.from(csv(9 * MiB)));

    const [create, part1, part2, complete] = sent;
    expect(create!.headers['x-amz-checksum-algorithm']).toBe('CRC32');
    // Each part's CRC32 worked out apart from the SDK (zlib's CRC32 is the same polynomial).
    const expected = (bytes: number) => {
      const value = Buffer.alloc(4);
      value.writeUInt32BE(crc32(Buffer.alloc(bytes, 'x')));
      return value.toString('base64');
    };
    expect(part1!.headers['x-amz-checksum-crc32']).toBe(expected(8 * MiB));
    expect(part2!.headers['x-amz-checksum-crc32']).toBe(expected(1 * MiB));
    expect(complete!.method).toBe('POST');
    expect(complete!.query.uploadId).toBe('up9');
  });
});
