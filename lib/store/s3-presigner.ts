import { formatUrl } from '@aws-sdk/core/util';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { defaultCredentials } from '../aws/default-credentials';

/** Presigned addresses live 15 minutes: long enough for a phone upload, short enough not to be shared. */
export const URL_SECONDS = 15 * 60;

export interface PresignSettings {
  bucket: string;
  region: string;
  /** The default chain (a Lambda's role, from its environment) unless given. */
  credentials?: ConstructorParameters<typeof S3RequestPresigner>[0]['credentials'];
  /** `https://<bucket>.s3.<region>.amazonaws.com` unless given (the virtual-hosted address S3 documents). */
  endpoint?: string;
  /** When the address is signed; now unless given (tests sign at a known instant). */
  signingDate?: Date;
  /** Seconds the address works for; URL_SECONDS unless given. */
  expiresIn?: number;
}

/** One request to sign: its method, key, headers and query, and which of its headers S3 must see unchanged. */
export interface UnsignedRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  key: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  signableHeaders?: readonly string[];
}

export interface S3Presigner {
  /** An address to PUT exactly `bytes` bytes of `contentType` to `key`: both are signed, so S3 refuses others. */
  put(key: string, file: { contentType: string; bytes: number }): Promise<string>;
  /** An address to GET `key` (one version of it, if named), answered with the headers asked for. */
  get(key: string, response: { contentType: string; disposition: string; version?: string }): Promise<string>;
}

/** S3 keys in a path: each segment escaped as RFC 3986 and S3's signing expect, the slashes kept. */
const escapeKey = (key: string) =>
  key
    .split('/')
    .map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/**
 * Presigned S3 addresses, signed by the SDK's own S3RequestPresigner (SigV4)
 * without an S3 client. Two reasons:
 * - getSignedUrl with a client runs the client's middleware, and since the
 *   SDK's flexible checksums (3.729) a PutObject address carries
 *   `x-amz-checksum-crc32` of an *empty* body, so S3 refuses the real file
 *   (BadDigest). Signing the bare request adds nothing we did not ask for.
 * - The handlers that only hand out addresses (declaring a document) do not
 *   load the S3 client, about 150 KB of every such bundle.
 */
export function s3Presigner(settings: PresignSettings): S3Presigner {
  const presign = urlPresigner(settings);
  return {
    put: (key, file) =>
      presign({
        method: 'PUT',
        key,
        headers: { 'content-type': file.contentType, 'content-length': String(file.bytes) },
        signableHeaders: ['content-type', 'content-length'],
      }),
    get: (key, response) =>
      presign({
        method: 'GET',
        key,
        query: {
          'response-content-type': response.contentType,
          'response-content-disposition': response.disposition,
          ...(response.version ? { versionId: response.version } : {}),
        },
      }),
  };
}

/** Signs any one request to the bucket as a presigned address (SigV4 query string, UNSIGNED-PAYLOAD). */
export function urlPresigner(settings: PresignSettings): (request: UnsignedRequest) => Promise<string> {
  const { bucket, region } = settings;
  const presigner = new S3RequestPresigner({
    credentials: settings.credentials ?? defaultCredentials(),
    region,
    sha256: Sha256,
    service: 's3',
  });
  const base = new URL(settings.endpoint ?? `https://${bucket}.s3.${region}.amazonaws.com`);
  return async ({ method, key, headers = {}, query = {}, signableHeaders }) => {
    const request = new HttpRequest({
      method,
      protocol: base.protocol,
      hostname: base.hostname,
      ...(base.port ? { port: Number(base.port) } : {}),
      path: `${base.pathname.replace(/\/$/, '')}/${escapeKey(key)}`,
      headers: { host: base.host, ...headers },
      query: { ...query },
    });
    const signed = await presigner.presign(request, {
      expiresIn: settings.expiresIn ?? URL_SECONDS,
      ...(signableHeaders ? { signableHeaders: new Set(signableHeaders) } : {}),
      ...(settings.signingDate ? { signingDate: settings.signingDate } : {}),
    });
    return formatUrl(signed);
  };
}
