import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import { defaultCredentials } from './default-credentials';
import { AwsServiceError, type RetryOptions, withStandardRetry } from './standard-retry';

/**
 * Calls to AWS services SigV4-signed by the SDK's own signer
 * (@smithy/signature-v4) and sent with fetch, without the services' clients:
 * those are tens of KB of a handler's bundle each, loaded on every cold start
 * (issue 17.6), for one or two calls. Retries are the SDK's standard mode;
 * each attempt is signed afresh. Most calls are read only for success; a
 * JSON-protocol call (Cognito) answers its output. A refusal throws an
 * AwsServiceError named by the service's error code. Each protocol's calls
 * are checked on the wire against the SDK client's own
 * (test/unit/*-wire.test.ts).
 */
export interface SignedFetchOptions extends RetryOptions {
  region: string;
  /** The default chain (a Lambda's role, from its environment) unless given. */
  credentials?: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
  /** The service's regional endpoint unless given. */
  endpoint?: string;
  /** Longest wait for an answer. @default 10 s */
  timeoutMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
}

interface Service {
  /** The signing name (`scheduler`, `lambda`, `sns`, `ses`, `cognito-idp`). */
  signingName: string;
  /** The endpoint's host prefix (`email` for SES), the signing name unless given. */
  endpointPrefix?: string;
  /** How refusals name it: `EventBridge Scheduler answered 409 ConflictException: …`. */
  title: string;
}

interface SignedRequest {
  method: 'POST' | 'DELETE';
  /** Already encoded, as the service's path is written (`/schedules/${encodeURIComponent(name)}`). */
  path: string;
  query?: Record<string, string>;
  /** Besides host. */
  headers?: Record<string, string>;
  body?: string;
}

function signedFetch(
  service: Service,
  options: SignedFetchOptions,
  refusal: (res: Response) => Promise<{ code?: string; message?: string }>,
): (request: SignedRequest) => Promise<string> {
  const base = new URL(
    options.endpoint ?? `https://${service.endpointPrefix ?? service.signingName}.${options.region}.amazonaws.com`,
  );
  const signer = new SignatureV4({
    service: service.signingName,
    region: options.region,
    credentials: options.credentials ?? defaultCredentials(),
    sha256: Sha256,
  });
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  return ({ method, path, query = {}, headers = {}, body }) =>
    withStandardRetry(async () => {
      const request = new HttpRequest({
        method,
        protocol: base.protocol,
        hostname: base.hostname,
        ...(base.port ? { port: Number(base.port) } : {}),
        path,
        query,
        headers: { host: base.host, ...headers },
        ...(body ? { body } : {}),
      });
      const signed = await signer.sign(request);
      const search = new URLSearchParams(query).toString();
      const res = await send(`${base.origin}${path}${search ? `?${search}` : ''}`, {
        method,
        headers: signed.headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.ok) return await res.text();
      const { code, message } = await refusal(res).catch(() => ({ code: undefined, message: undefined }));
      const name = code || `Http${res.status}`;
      throw new AwsServiceError(
        res.status,
        name,
        `${service.title} answered ${res.status} ${name}: ${message ?? res.statusText}`,
        message,
      );
    }, options);
}

/** A service that speaks REST-JSON (EventBridge Scheduler, Lambda); a body goes as `application/json` unless the headers say otherwise. */
export function signedRestJson(
  service: Service,
  options: SignedFetchOptions,
): (request: SignedRequest) => Promise<void> {
  const call = signedFetch(service, options, jsonRefusal);
  return async ({ headers, ...request }) => {
    await call({
      ...request,
      headers: { ...(request.body ? { 'content-type': 'application/json' } : {}), ...headers },
    });
  };
}

/** A JSON refusal (REST-JSON and the JSON protocol): the code from `x-amzn-errortype` or the body's `__type`, the body's message. */
async function jsonRefusal(res: Response): Promise<{ code?: string; message?: string }> {
  const body = (await res.json().catch(() => ({}))) as { Message?: string; message?: string; __type?: string };
  // `UsernameExistsException`, or qualified: `com.amazonaws.cognito#UsernameExistsException`, `…:http://…`.
  const code = (res.headers.get('x-amzn-errortype') ?? body.__type ?? '').split(':')[0]?.split('#').pop();
  return { code, message: body.Message ?? body.message };
}

/** One operation of a JSON-protocol service with its input; answers the operation's output. */
export type JsonCall = (operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

/**
 * A service that speaks the AWS JSON protocol (Cognito user pools): every
 * operation a POST to the endpoint's root, named by `X-Amz-Target`
 * (`AWSCognitoIdentityProviderService.AdminCreateUser`), its input and output
 * JSON of the given version's content type.
 */
export function signedJson(
  service: Service & { targetPrefix: string; version: '1.0' | '1.1' },
  options: SignedFetchOptions,
): JsonCall {
  const call = signedFetch(service, options, jsonRefusal);
  return async (operation, input) => {
    const text = await call({
      method: 'POST',
      path: '/',
      headers: {
        'content-type': `application/x-amz-json-${service.version}`,
        'x-amz-target': `${service.targetPrefix}.${operation}`,
      },
      body: JSON.stringify(input),
    });
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
}

/** One value as the SDK's query serializer writes it: RFC 3986, so `!'()*` are escaped too. */
const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** A refusal's text as XML escaped it. */
const unescapeXml = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => XML_ENTITIES[e]!);

/** One action of a query-protocol service (SNS, SES) with its flattened parameters; a refusal throws. */
export type QueryCall = (action: string, params: Record<string, string>) => Promise<void>;

/**
 * A service that speaks the AWS query protocol (SNS, SES): an action and its
 * parameters, flattened as the service names them (`Tags.member.1.Name`), as
 * a form POSTed to the endpoint's root; refusals are XML.
 */
export function signedQuery(service: Service & { version: string }, options: SignedFetchOptions): QueryCall {
  const call = signedFetch(service, options, async (res) => {
    const xml = await res.text();
    const field = (tag: string) => {
      const found = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
      return found === undefined ? undefined : unescapeXml(found);
    };
    return { code: field('Code'), message: field('Message') };
  });
  return async (action, params) => {
    await call({
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Object.entries({ Action: action, Version: service.version, ...params })
        .map(([key, value]) => `${encode(key)}=${encode(value)}`)
        .join('&'),
    });
  };
}
