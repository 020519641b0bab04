import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { s3ExportReads } from '../../lib/store/s3-export-reads';
import { type S3ObjectsOptions, S3RequestError, s3Objects } from '../../lib/store/s3-objects';
import { s3Presigner } from '../../lib/store/s3-presigner';

/**
 * A stand-in for the bucket on a real socket: each request is recorded as it
 * arrived (method, path, query, headers, body) and answered from a queue of
 * replies, so what fetch sends and how the answers are read is the real thing.
 */
interface Arrived {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}
type Reply = { status: number; body?: string | Buffer; headers?: Record<string, string> } | 'hang up';

let server: Server;
let endpoint: string;
const arrived: Arrived[] = [];
let replies: Reply[] = [];

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://bucket');
    arrived.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks),
    });
    const reply = replies.shift() ?? { status: 200 };
    if (reply === 'hang up') return req.socket.destroy();
    res.writeHead(reply.status, reply.headers ?? {});
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs-bucket`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  arrived.length = 0;
  replies = [];
});

const waits: number[] = [];
const objects = (options: Partial<S3ObjectsOptions> = {}) => {
  waits.length = 0;
  return s3Objects({
    bucket: 'docs-bucket',
    region: 'eu-west-2',
    endpoint,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...options,
  });
};
const s3Error = (status: number, code: string, message = 'refused') => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>R1</RequestId></Error>`,
});

describe('s3Objects: one object at a time over presigned addresses', () => {
  it('reads one version of an object with a SigV4-signed GET and gives back its bytes', async () => {
    const pdf = Buffer.from('%PDF-1.7 evidence');
    replies = [{ status: 200, body: pdf, headers: { 'content-type': 'application/pdf' } }];

    expect(await objects().get('org-a/clin 1/doc-1', 'v7')).toEqual(pdf);

    const [get] = arrived;
    expect(get!.method).toBe('GET');
    expect(get!.path).toBe('/docs-bucket/org-a/clin%201/doc-1');
    expect(get!.query.get('versionId')).toBe('v7');
    expect(get!.query.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(get!.query.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\/\d{8}\/eu-west-2\/s3\/aws4_request$/);
    expect(get!.query.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });

  it("signs with the session token a Lambda role's credentials come with", async () => {
    const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret', sessionToken: 'IQoJEXAMPLE' };
    replies = [{ status: 200, body: 'x' }];
    await objects({ credentials }).get('org-a/c/d');
    expect(arrived[0]!.query.get('X-Amz-Security-Token')).toBe('IQoJEXAMPLE');
  });

  it('reads nothing where S3 has no such key or version, and fails where the bucket itself is missing', async () => {
    replies = [s3Error(404, 'NoSuchKey'), s3Error(404, 'NoSuchVersion'), s3Error(404, 'NoSuchBucket')];
    expect(await objects().get('org-a/c/missing')).toBeUndefined();
    expect(await objects().get('org-a/c/d', 'v-gone')).toBeUndefined();
    await expect(objects().get('org-a/c/d')).rejects.toMatchObject({ name: 'NoSuchBucket', status: 404 });
  });

  it("stops at a refusal that trying again cannot mend (403 AccessDenied), naming S3's code and message", async () => {
    replies = [s3Error(403, 'AccessDenied', 'Access Denied')];
    const failure = await objects()
      .get('org-a/c/d')
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(S3RequestError);
    expect(failure).toMatchObject({
      name: 'AccessDenied',
      status: 403,
      message: expect.stringContaining('Access Denied'),
    });
    expect(arrived).toHaveLength(1);
  });

  it('tries a 503 SlowDown, a 500 and a hung-up connection again, up to three attempts with backoff', async () => {
    const bytes = Buffer.from('x,y\n');
    replies = [s3Error(503, 'SlowDown'), 'hang up', { status: 200, body: bytes }];
    expect(await objects().get('exports/e1.csv')).toEqual(bytes);
    expect(arrived).toHaveLength(3);
    expect(waits).toHaveLength(2);
    // Full jitter: anywhere from nothing up to 200 ms, then 400 ms.
    expect(waits[0]).toBeLessThanOrEqual(200);
    expect(waits[1]).toBeLessThanOrEqual(400);

    replies = [s3Error(500, 'InternalError'), s3Error(503, 'SlowDown'), s3Error(503, 'SlowDown', 'Please reduce')];
    arrived.length = 0;
    await expect(objects().get('exports/e1.csv')).rejects.toMatchObject({ name: 'SlowDown', status: 503 });
    expect(arrived).toHaveLength(3);
  });

  it('writes the bytes with their content type and length signed, so S3 takes no others', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await objects().put('org-a/c/d', png, 'image/png');

    const [put] = arrived;
    expect(put!.method).toBe('PUT');
    expect(put!.body).toEqual(png);
    expect(put!.headers['content-type']).toBe('image/png');
    expect(put!.headers['content-length']).toBe(String(png.length));
    expect(put!.query.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
  });

  it('deletes one version when named, the object otherwise, and deleting what is gone is no error', async () => {
    replies = [{ status: 204 }, { status: 204 }, s3Error(404, 'NoSuchVersion')];
    await objects().delete('org-a/c/d', 'v3');
    await objects().delete('org-a/c/d');
    await objects().delete('org-a/c/d', 'v-never');

    expect(arrived.map((a) => [a.method, a.query.get('versionId')])).toEqual([
      ['DELETE', 'v3'],
      ['DELETE', null],
      ['DELETE', 'v-never'],
    ]);
  });
});

describe('s3ExportReads: the exports bucket for the function that serves a CSV', () => {
  const reads = () => {
    const settings = {
      bucket: 'exports',
      region: 'eu-west-2',
      endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
    };
    return s3ExportReads(s3Objects(settings), s3Presigner(settings));
  };

  it('reads a CSV as UTF-8 text, and a missing file is an error, not an empty export', async () => {
    replies = [{ status: 200, body: Buffer.from('name,pence\nAsha Ó Briain,12345\n') }, s3Error(404, 'NoSuchKey')];
    expect(await reads().read('org-a/exp-1.csv')).toBe('name,pence\nAsha Ó Briain,12345\n');
    await expect(reads().read('org-a/exp-2.csv')).rejects.toThrow(/not in the bucket/);
  });

  it('gives a download address for the file as a named CSV attachment, and writes nothing', async () => {
    const url = new URL((await reads().downloadUrl('org-a/exp-1.csv', 'payroll-2026-11.csv')) ?? '');
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="payroll-2026-11.csv"');
    expect(url.searchParams.get('response-content-type')).toBe('text/csv; charset=utf-8');
    await expect(reads().write('org-a/exp-3.csv', Readable.from(['x']))).rejects.toThrow(/run-payroll-export/);
    expect(arrived).toEqual([]);
  });
});
