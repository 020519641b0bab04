import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { signedLambdaInvoke } from '../../lib/aws/lambda-invoke';
import {
  type Arrived,
  expectSignatureHolds as expectSignedFor,
  type Reply,
  useRecordingServer,
  WIRE_CREDENTIALS,
  WIRE_REGION,
} from '../support/wire';

/**
 * lib/aws/lambda-invoke.ts sends Lambda's asynchronous Invoke itself. Here it
 * and the SDK's own client send the same call to one recording server: the
 * two must agree on method, path, the invocation type, content type and
 * body, and the request must carry a SigV4 signature for `lambda` that holds
 * for the request as it arrived.
 */
const server = useRecordingServer({ status: 202 });
const credentials = WIRE_CREDENTIALS;
const region = WIRE_REGION;

const sdk = () => new LambdaClient({ region, endpoint: server.endpoint, credentials, maxAttempts: 1 });
const ours = () => signedLambdaInvoke({ region, endpoint: server.endpoint, credentials, sleep: async () => {} });
const functionName = 'RotaBank-PayrollRunPayrollExport-1A2B3C4D5E6F';
const run = { orgId: 'org-somerset', exportId: '01JD5Q0Z6V4C3M8R2K1N7T9XWB' };

async function expectSignatureHolds(request: Arrived) {
  const signedHeaders = await expectSignedFor(request, { service: 'lambda', region, credentials });
  expect(signedHeaders).toEqual(
    expect.arrayContaining(['x-amz-invocation-type', 'x-amz-security-token', 'content-type']),
  );
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
    const [theirs, mine] = server.arrived;

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
    expect(server.arrived[1]!.path).toBe(server.arrived[0]!.path);
    await expectSignatureHolds(server.arrived[1]!);
  });

  it('names a refusal as the SDK does, and tries a throttled call again', async () => {
    const missing: Reply = {
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
      body: `{"Type":"User","Message":"Function not found: ${functionName}"}`,
    };
    server.replies.push(missing, missing);
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

    server.reset();
    const throttled: Reply = {
      status: 429,
      headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
      body: '{"Type":"User","message":"Rate Exceeded."}',
    };
    server.replies.push(throttled, throttled);
    await ours()(functionName, run);
    expect(server.arrived).toHaveLength(3);
  });
});
