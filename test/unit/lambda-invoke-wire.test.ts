import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signedLambdaInvoke } from '../../lib/aws/lambda-invoke';

/**
 * lib/aws/lambda-invoke.ts sends Lambda's asynchronous Invoke itself. Here it
 * and the SDK's own client send the same call to one recording server: the
 * two must agree on method, path, the invocation type, content type and
 * body, and the request must carry a SigV4 signature for `lambda` that holds
 * for the request as it arrived.
 */
interface Arrived {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Reply = { status: number; headers?: Record<string, string>; body?: string };

let server: Server;
let endpoint: string;
const arrived: Arrived[] = [];
let replies: Reply[] = [];
const credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'example-secret',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
};
const region = 'eu-west-2';

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    arrived.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    const reply = replies.shift() ?? { status: 202 };
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  arrived.length = 0;
  replies = [];
});

const sdk = () => new LambdaClient({ region, endpoint, credentials, maxAttempts: 1 });
const ours = () => signedLambdaInvoke({ region, endpoint, credentials, sleep: async () => {} });
const functionName = 'RotaBank-PayrollRunPayrollExport-1A2B3C4D5E6F';
const run = { orgId: 'org-somerset', exportId: '01JD5Q0Z6V4C3M8R2K1N7T9XWB' };

async function expectSignatureHolds(request: Arrived) {
  const authorization = String(request.headers.authorization);
  expect(authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/lambda\/aws4_request/);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)![1]!.split(';');
  expect(signedHeaders).toEqual(
    expect.arrayContaining(['x-amz-invocation-type', 'x-amz-security-token', 'content-type']),
  );
  const amzDate = String(request.headers['x-amz-date']);
  const signingDate = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const again = await new SignatureV4({ service: 'lambda', region, credentials, sha256: Sha256 }).sign(
    new HttpRequest({
      method: request.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: request.path,
      headers: Object.fromEntries(signedHeaders.map((h) => [h, String(request.headers[h])])),
      body: request.body,
    }),
    { signingDate },
  );
  expect(again.headers.authorization).toBe(authorization);
}

describe("Lambda's asynchronous Invoke over signed fetch, beside the SDK client", () => {
  it('sends the request the SDK sends, signed as SigV4 for lambda', async () => {
    await sdk().send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(run)),
      }),
    );
    await ours()(functionName, run);
    const [theirs, mine] = arrived;

    expect(mine!.method).toBe('POST');
    expect(mine!.method).toBe(theirs!.method);
    expect(mine!.path).toBe(theirs!.path);
    expect(mine!.path).toBe(`/2015-03-31/functions/${functionName}/invocations`);
    expect(mine!.headers['x-amz-invocation-type']).toBe('Event');
    expect(mine!.headers['x-amz-invocation-type']).toBe(theirs!.headers['x-amz-invocation-type']);
    expect(mine!.headers['content-type']).toBe(theirs!.headers['content-type']);
    expect(JSON.parse(mine!.body)).toEqual(run);
    expect(mine!.body).toBe(theirs!.body);
    await expectSignatureHolds(mine!);
  });

  it('names a function given by ARN as the SDK does', async () => {
    const arn = `arn:aws:lambda:eu-west-2:123456789012:function:${functionName}`;
    await sdk().send(new InvokeCommand({ FunctionName: arn, InvocationType: 'Event', Payload: new Uint8Array() }));
    await ours()(arn, run);
    expect(arrived[1]!.path).toBe(arrived[0]!.path);
    await expectSignatureHolds(arrived[1]!);
  });

  it('names a refusal as the SDK does, and tries a throttled call again', async () => {
    const missing: Reply = {
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
      body: `{"Type":"User","Message":"Function not found: ${functionName}"}`,
    };
    replies = [missing, missing];
    const sdkError = await sdk()
      .send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: new Uint8Array() }))
      .then(
        () => new Error('not refused'),
        (e: Error) => e,
      );
    const ourError = await ours()(functionName, run).then(
      () => new Error('not refused'),
      (e: Error) => e,
    );
    expect(ourError.name).toBe(sdkError.name);
    expect(ourError.name).toBe('ResourceNotFoundException');
    expect(ourError.message).toContain('Function not found');

    arrived.length = 0;
    const throttled: Reply = {
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: '{"Type":"User","message":"Rate Exceeded."}',
    };
    replies = [throttled, throttled];
    await ours()(functionName, run);
    expect(arrived).toHaveLength(3);
  });
});
