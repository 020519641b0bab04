import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

/**
 * For the wire tests of the calls made without SDK clients
 * (lib/aws/signed-fetch.ts): a server that records what arrives, and a check
 * that a request's SigV4 signature holds for the request as it arrived.
 */
export interface Arrived {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Records each request; answers the next of `replies`, else `fallback`. */
export async function startRecordingServer(fallback: Reply) {
  const arrived: Arrived[] = [];
  const replies: Reply[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const url = new URL(req.url ?? '/', 'http://recording');
    arrived.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, headers: req.headers, body });
    const reply = replies.shift() ?? fallback;
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived,
    replies,
    reset() {
      arrived.length = 0;
      replies.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type RecordingServer = Awaited<ReturnType<typeof startRecordingServer>>;

/** A recording server for a test file: started before its tests, emptied before each, closed after them all. */
export function useRecordingServer(fallback: Reply): RecordingServer {
  const server = {} as RecordingServer;
  beforeAll(async () => {
    Object.assign(server, await startRecordingServer(fallback));
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());
  return server;
}

/** What the wire tests sign with: a session token too, as a Lambda's role has, so that is signed as well. */
export const WIRE_CREDENTIALS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'example-secret',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
};
export const WIRE_REGION = 'eu-west-2';

export interface SigningKey {
  service: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Works the signature out again from the request as it arrived (signed headers, body, date) and expects the same. */
export async function expectSignatureHolds(
  request: Pick<Arrived, 'method' | 'headers' | 'body'> & { path: string; query?: URLSearchParams },
  { service, region, credentials }: SigningKey,
): Promise<string[]> {
  const authorization = String(request.headers.authorization);
  expect(authorization).toMatch(
    new RegExp(`Credential=${credentials.accessKeyId}/\\d{8}/${region}/${service}/aws4_request`),
  );
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const again = await new SignatureV4({ service, region, credentials, sha256: Sha256 }).sign(
    new HttpRequest({
      method: request.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: request.path,
      query: Object.fromEntries(request.query ?? []),
      headers: Object.fromEntries(signedHeaders.map((h) => [h, String(request.headers[h])])),
      body: request.body || undefined,
    }),
    { signingDate },
  );
  expect(again.headers.authorization).toBe(authorization);
  return signedHeaders;
}
