import { describe, expect, it } from 'vitest';
import { checkDocumentContent, MAX_DOCUMENT_BYTES } from '../../lib/domain/documents';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0', 'latin1'),
  Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
]);
const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]),
  Buffer.from('JFIF\0'),
  Buffer.from([0xff, 0xd9]),
]);

describe('checkDocumentContent', () => {
  it('accepts a PDF, a PNG and a JPEG declared as what they are', () => {
    expect(checkDocumentContent(pdf, 'application/pdf')).toEqual({ ok: true, contentType: 'application/pdf' });
    expect(checkDocumentContent(png, 'image/png')).toEqual({ ok: true, contentType: 'image/png' });
    expect(checkDocumentContent(jpeg, 'image/jpeg')).toEqual({ ok: true, contentType: 'image/jpeg' });
  });

  it('refuses a file whose bytes are not the declared type', () => {
    const check = checkDocumentContent(png, 'application/pdf');
    expect(check.ok).toBe(false);
    expect(check).toMatchObject({ reason: expect.stringContaining('image/png') });
  });

  it('refuses anything that is not PDF, JPEG or PNG, whatever is declared', () => {
    expect(checkDocumentContent(Buffer.from('<html><script>x</script>'), 'application/pdf').ok).toBe(false);
    expect(checkDocumentContent(Buffer.from('GIF89a....'), 'image/png').ok).toBe(false);
    expect(checkDocumentContent(Buffer.alloc(0), 'application/pdf').ok).toBe(false);
  });

  it('refuses a PNG that also carries "%PDF-" in its first KiB', () => {
    const polyglot = Buffer.concat([png.subarray(0, 33), Buffer.from('%PDF-1.4 hidden'), png.subarray(33)]);
    expect(checkDocumentContent(polyglot, 'image/png')).toEqual({
      ok: false,
      reason: 'The file holds more than one format',
    });
  });

  it('refuses a JPEG with a PDF appended after its end', () => {
    expect(checkDocumentContent(Buffer.concat([jpeg, pdf]), 'image/jpeg').ok).toBe(false);
  });

  it('refuses a PDF that starts with an image signature hidden in its header', () => {
    const polyglot = Buffer.concat([
      Buffer.from('%PDF-1.7\n%'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      pdf,
    ]);
    expect(checkDocumentContent(polyglot, 'application/pdf').ok).toBe(false);
  });

  it('refuses a file over 10 MB', () => {
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_DOCUMENT_BYTES)]);
    expect(checkDocumentContent(big, 'application/pdf')).toEqual({ ok: false, reason: 'The file is over 10 MB' });
  });
});
