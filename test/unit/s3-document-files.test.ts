import { S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { s3DocumentFiles } from '../../lib/store/s3-document-files';

const client = new S3Client({
  region: 'eu-west-2',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
});

describe('s3DocumentFiles', () => {
  it('presigns an upload for 15 minutes at most, with the content type and length signed', async () => {
    const files = s3DocumentFiles('docs-bucket', client);
    const { url, headers } = await files.uploadUrl('org-a/clin-1/doc-1', {
      contentType: 'application/pdf',
      bytes: 1234,
      uploadPath: '/unused',
    });
    const signed = new URL(url);
    expect(signed.pathname).toContain('org-a/clin-1/doc-1');
    expect(Number(signed.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect(signed.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(headers).toEqual({ 'content-type': 'application/pdf', 'content-length': '1234' });
  });

  it('presigns a download for 15 minutes at most, as an attachment', async () => {
    const url = new URL(
      (await s3DocumentFiles('docs-bucket', client).downloadUrl('org-a/c/d', 'my "dbs".pdf', 'application/pdf'))!,
    );
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="my _dbs_.pdf"');
  });
});
