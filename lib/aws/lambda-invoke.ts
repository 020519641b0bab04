import { type SignedFetchOptions, signedRestJson } from './signed-fetch';

export type SignedLambdaOptions = SignedFetchOptions;

/**
 * Lambda's Invoke with InvocationType Event (run it, do not wait for it) as a
 * SigV4-signed request sent with fetch, without the Lambda client (about
 * 30 KB of a bundle, for one call): POST
 * /2015-03-31/functions/{FunctionName}/invocations, the payload as the body,
 * answered 202. test/unit/lambda-invoke-wire.test.ts sends the same call
 * through the SDK's client and compares. Lambda keeps the event and runs it
 * with its own retries and failure destination; a refusal (no such function,
 * no right to invoke it) throws an AwsServiceError named by its code.
 */
export function signedLambdaInvoke(
  options: SignedLambdaOptions,
): (functionName: string, payload: unknown) => Promise<void> {
  const call = signedRestJson({ signingName: 'lambda', title: 'Lambda' }, options);
  return (functionName, payload) =>
    call({
      method: 'POST',
      path: `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`,
      // The payload is a blob to Lambda: the SDK sends it as octet-stream, and so does this.
      headers: { 'x-amz-invocation-type': 'Event', 'content-type': 'application/octet-stream' },
      body: JSON.stringify(payload),
    });
}
