import { AwsServiceError, type RetryOptions, withStandardRetry } from '../aws/standard-retry';
import { type PresignSettings, type UnsignedRequest, urlPresigner } from './s3-presigner';

/** S3's refusal of a request: its HTTP status and the `Code` of its XML error (`AccessDenied`, `SlowDown`...). */
export class S3RequestError extends AwsServiceError {}

/** One object at a time: read (undefined if there is none), write, delete; each of one version if named. */
export interface S3Objects {
  get(key: string, version?: string): Promise<Buffer | undefined>;
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  delete(key: string, version?: string): Promise<void>;
}

export interface S3ObjectsOptions extends PresignSettings, RetryOptions {
  /** Longest wait for an answer. @default 30 s */
  timeoutMs?: number;
  /** For tests. */
  fetch?: typeof fetch;
}

/**
 * Single-object requests to a bucket, each signed as a presigned address by
 * the same signer the download links use and sent with `fetch`, without the
 * S3 client. A function that reads, writes or deletes one evidence file or
 * reads one export needs nothing more, and the client is about 150 KB of
 * each such bundle, read on every cold start (issue 17.6). The client's
 * retry is kept in its standard form: up to three attempts at a 5xx, a 429
 * or a request that got no answer, with full-jitter exponential backoff. The
 * multipart upload of a payroll export keeps the client (s3-export-files.ts).
 */
export function s3Objects(options: S3ObjectsOptions): S3Objects {
  const presign = urlPresigner(options);
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;

  const request = (unsigned: UnsignedRequest, body?: Buffer): Promise<Response | undefined> =>
    withStandardRetry(async () => {
      // Signed afresh each attempt: the address is good for minutes, the credentials may have been renewed.
      const url = await presign(unsigned);
      const res = await send(url, {
        method: unsigned.method,
        headers: unsigned.headers,
        ...(body ? { body } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.ok) return res;
      const error = await refusal(res);
      // No such key or version: nothing to read or delete. Any other 404 (no such bucket) is a fault.
      if (error.code === 'NoSuchKey' || error.code === 'NoSuchVersion') return undefined;
      throw error;
    }, options);

  const versioned = (version?: string): Record<string, string> => (version ? { versionId: version } : {});
  return {
    async get(key, version) {
      const res = await request({ method: 'GET', key, query: versioned(version) });
      return res ? Buffer.from(await res.arrayBuffer()) : undefined;
    },
    async put(key, bytes, contentType) {
      const headers = { 'content-type': contentType, 'content-length': String(bytes.length) };
      const res = await request(
        { method: 'PUT', key, headers, signableHeaders: ['content-type', 'content-length'] },
        bytes,
      );
      await res?.body?.cancel();
    },
    async delete(key, version) {
      // Deleting what is not there is no error (S3 answers 204 for a key it does not have).
      const res = await request({ method: 'DELETE', key, query: versioned(version) });
      await res?.body?.cancel();
    },
  };
}

/** S3's XML error as an error: `<Error><Code>AccessDenied</Code><Message>...</Message></Error>`. */
async function refusal(res: Response): Promise<S3RequestError> {
  const text = await res.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? `Http${res.status}`;
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? res.statusText;
  return new S3RequestError(res.status, code, `S3 answered ${res.status} ${code}: ${message}`);
}
