import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';

/**
 * API Gateway HTTP API (payload 2.0) hands a JWT authorizer's claims over as
 * strings, with arrays as `[a b]`: the local adapter does the same, so the
 * handlers meet exactly the shapes they meet in AWS.
 */
export function claimsAsApiGateway(payload: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    out[k] = Array.isArray(v) ? `[${v.join(' ')}]` : String(v);
  }
  return out;
}

export function toApiEvent(input: {
  method: string;
  routeKey: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  pathParameters: Record<string, string>;
  claims?: Record<string, string>;
  sourceIp: string;
  now: Date;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers)) {
    if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  }
  const query: Record<string, string> = {};
  for (const [k, v] of input.url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const isText =
    !input.body.length || /json|text|csv|xml|urlencoded/i.test(headers['content-type'] ?? 'application/json');
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey: input.routeKey,
    rawPath: input.url.pathname,
    rawQueryString: input.url.search.replace(/^\?/, ''),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: Object.keys(input.pathParameters).length ? input.pathParameters : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: input.method,
        path: input.url.pathname,
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey: input.routeKey,
      stage: '$default',
      time: input.now.toUTCString(),
      timeEpoch: input.now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: input.claims ?? {}, scopes: [] } },
    },
    body: input.body.length ? (isText ? input.body.toString('utf8') : input.body.toString('base64')) : undefined,
    isBase64Encoded: input.body.length > 0 && !isText,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/**
 * API Gateway's own limit. A deployed function gets its own instance per
 * concurrent request; locally one process queues every request, so a
 * Lambda-sized timeout would fail requests that merely waited their turn.
 */
const LOCAL_TIMEOUT_MS = 30_000;

export function lambdaContext(functionName: string) {
  const deadline = Date.now() + LOCAL_TIMEOUT_MS;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-2:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
