import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalJwt } from '../../local/jwt';
import { createLocalServer } from '../../local/server';

/** Lambda's limit on a synchronous response: 6 MB of the JSON the function returns. */
const SIX_MB = 6 * 1024 * 1024;

/** The size of body the stand-in handlers answer with, set by each test. */
const reply = vi.hoisted(() => {
  const state = {
    bytes: 0,
    base64: false,
    // A reply of the size the test asks for, as a Lambda would return it.
    handler: async () => {
      const raw = Buffer.alloc(state.bytes, 'a');
      return state.base64
        ? {
            statusCode: 200,
            headers: { 'content-type': 'application/pdf' },
            body: raw.toString('base64'),
            isBase64Encoded: true,
          }
        : { statusCode: 200, headers: { 'content-type': 'text/csv' }, body: raw.toString('utf8') };
    },
  };
  return state;
});

// Stand-ins for a public route's handler and for one that answers a redirect to S3 in AWS.
vi.mock('../../functions/http/get-health.ts', () => ({ handler: reply.handler }));
vi.mock('../../functions/http/get-document-file.ts', () => ({ handler: reply.handler }));

describe("the local runtime keeps to Lambda's 6 MB response limit, as API Gateway in AWS does", () => {
  let server: ReturnType<typeof createLocalServer>;
  let base: string;

  beforeAll(async () => {
    const jwt: LocalJwt = {
      issue: () => Promise.reject(new Error('not used')),
      verify: async () => ({ sub: 'u1', 'custom:org': 'org-1', 'cognito:groups': ['admin'] }),
    };
    server = createLocalServer({ jwt, devRoutes: [], webDir: '/nonexistent', now: () => new Date() });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise((r) => server.close(r)));

  it('serves a reply under the limit as it is', async () => {
    Object.assign(reply, { bytes: 1024 * 1024, base64: false });
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(1024 * 1024);
  });

  it('answers 500 for a text reply over 6 MB, where Lambda would refuse to return it', async () => {
    Object.assign(reply, { bytes: SIX_MB + 1, base64: false });
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('INTERNAL');
  });

  it('lets the routes that answer a redirect to S3 in AWS send a large file inline, as only the local runtime does', async () => {
    Object.assign(reply, { bytes: SIX_MB + 1, base64: true });
    const res = await fetch(`${base}/documents/doc-1/file`, { headers: { authorization: 'Bearer local' } });
    expect(res.status).toBe(200);
  });

  it('counts a binary reply at its base64 size: a 5 MB PDF is over the limit', async () => {
    Object.assign(reply, { bytes: 5 * 1024 * 1024, base64: true });
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(500);
  });
});
