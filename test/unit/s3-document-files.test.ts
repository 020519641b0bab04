import { describe, expect, it } from 'vitest';
import { s3DocumentFiles } from '../../lib/store/s3-document-files';
import { s3Objects } from '../../lib/store/s3-objects';
import { s3Presigner } from '../../lib/store/s3-presigner';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' };
const settings = { bucket: 'docs-bucket', region: 'eu-west-2', credentials };
const files = s3DocumentFiles(s3Objects(settings), s3Presigner(settings));

describe('s3DocumentFiles', () => {
  it('presigns an upload for 15 minutes at most, with the content type and length signed and no checksum', async () => {
    const { url, headers } = await files.uploadUrl('org-a/clin-1/doc-1', {
      contentType: 'application/pdf',
      bytes: 1234,
      uploadPath: '/unused',
    });
    const signed = new URL(url);
    expect(signed.host).toBe('docs-bucket.s3.eu-west-2.amazonaws.com');
    expect(signed.pathname).toBe('/org-a/clin-1/doc-1');
    expect(Number(signed.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect(signed.searchParams.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
    expect(url).not.toMatch(/checksum/i);
    expect(headers).toEqual({ 'content-type': 'application/pdf', 'content-length': '1234' });
  });

  it('gives a download address for 15 minutes at most, as an attachment of the version checked', async () => {
    const file = await files.download('org-a/c/d', {
      fileName: 'my "dbs".pdf',
      contentType: 'application/pdf',
      version: 'v7',
    });
    const url = new URL((file as { url: string }).url);
    expect(Number(url.searchParams.get('X-Amz-Expires'))).toBeLessThanOrEqual(900);
    expect(url.searchParams.get('response-content-disposition')).toBe('attachment; filename="my _dbs_.pdf"');
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('versionId')).toBe('v7');
  });
});
