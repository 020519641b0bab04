import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { s3Presigner, URL_SECONDS, urlPresigner } from '../../lib/store/s3-presigner';

/*
 * The addresses are checked against Signature Version 4 as AWS documents it,
 * worked here from the specification with node:crypto alone, and that worked
 * version is first held to AWS's own published example: a presigned GET of
 * examplebucket's test.txt (Amazon S3 API reference, "Authenticating Requests:
 * Using Query Parameters", example), whose signature AWS prints.
 */
const AWS_EXAMPLE = {
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  address:
    'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
    '&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request' +
    '&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
    '&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
  signature: 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404',
};

const rfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/** The signature a presigned address should carry, from its own parameters and the headers the client will send. */
function expectedSignature(address: string, secret: string, method: string, headers: Record<string, string>): string {
  const url = new URL(address);
  const params = [...url.searchParams].filter(([k]) => k !== 'X-Amz-Signature');
  const query = params
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const signed = url.searchParams.get('X-Amz-SignedHeaders')!.split(';');
  const all: Record<string, string> = { host: url.host, ...headers };
  const canonicalHeaders = signed.map((h) => `${h}:${all[h]!.trim()}\n`).join('');
  const canonicalRequest = [method, url.pathname, query, canonicalHeaders, signed.join(';'), 'UNSIGNED-PAYLOAD'].join(
    '\n',
  );
  const amzDate = url.searchParams.get('X-Amz-Date')!;
  const [, date, region, service] = /^[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/.exec(
    url.searchParams.get('X-Amz-Credential')!,
  )!;
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date!), region!), service!), 'aws4_request');
  return createHmac('sha256', key).update(toSign, 'utf8').digest('hex');
}

const AT = new Date('2026-12-07T09:30:00Z');
const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const presigner = s3Presigner({ bucket: 'rota-docs', region: 'eu-west-2', credentials, signingDate: AT });

describe('presigned S3 addresses', () => {
  it("sign the request of AWS's published example as the specification says, the specification held to AWS's signature", async () => {
    expect(expectedSignature(AWS_EXAMPLE.address, AWS_EXAMPLE.credentials.secretAccessKey, 'GET', {})).toBe(
      AWS_EXAMPLE.signature,
    );
    const address = await urlPresigner({
      bucket: 'examplebucket',
      region: 'us-east-1',
      endpoint: 'https://examplebucket.s3.amazonaws.com',
      credentials: AWS_EXAMPLE.credentials,
      signingDate: new Date('2013-05-24T00:00:00Z'),
      expiresIn: 86_400,
    })({ method: 'GET', key: 'test.txt' });
    const url = new URL(address);
    const example = new URL(AWS_EXAMPLE.address);
    expect(`${url.origin}${url.pathname}`).toBe(`${example.origin}${example.pathname}`);
    for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders']) {
      expect(url.searchParams.get(name), name).toBe(example.searchParams.get(name));
    }
    // The SDK's presigner also names the payload unsigned (X-Amz-Content-Sha256), so its signature is its own.
    expect(url.searchParams.get('X-Amz-Content-Sha256')).toBe('UNSIGNED-PAYLOAD');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(address, AWS_EXAMPLE.credentials.secretAccessKey, 'GET', {}),
    );
  });

  it('sign an upload for the declared type and length only, for 15 minutes, with no checksum of an empty body', async () => {
    const address = await presigner.put('org-a/clin-1/doc 1', { contentType: 'application/pdf', bytes: 1234 });
    const url = new URL(address);
    expect(url.host).toBe('rota-docs.s3.eu-west-2.amazonaws.com');
    expect(url.pathname).toBe('/org-a/clin-1/doc%201');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBe(URL_SECONDS);
    expect(url.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20261207/eu-west-2/s3/aws4_request');
    // What getSignedUrl with an S3 client adds since the SDK's flexible checksums: S3 would refuse the real file.
    const names = [...url.searchParams.keys()].map((k) => k.toLowerCase());
    expect(names.filter((k) => k.includes('checksum'))).toEqual([]);
    const headers = { 'content-type': 'application/pdf', 'content-length': '1234' };
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(address, credentials.secretAccessKey, 'PUT', headers),
    );
    // Another length or type is another signature: S3 refuses a PUT of other bytes than the ones declared.
    expect(
      expectedSignature(address, credentials.secretAccessKey, 'PUT', { ...headers, 'content-length': '1235' }),
    ).not.toBe(url.searchParams.get('X-Amz-Signature'));
  });

  it('sign a download of one version as an attachment of its type, keys and names escaped as S3 signs them', async () => {
    const address = await presigner.get("org-a/c/d (1)!'*", {
      contentType: 'application/pdf',
      disposition: 'attachment; filename="Zoë DBS.pdf"',
      version: 'v1.2',
    });
    const url = new URL(address);
    expect(url.pathname).toBe('/org-a/c/d%20%281%29%21%27%2A');
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="Zoë DBS.pdf"');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('versionId')).toBe('v1.2');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('host');
    expect(url.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature(address, credentials.secretAccessKey, 'GET', {}),
    );
  });
});
