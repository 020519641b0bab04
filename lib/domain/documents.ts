/** Evidence a clinician keeps on file; API.md v1.1 "Compliance evidence and joining the bank". */
export { DOCUMENT_TYPES, type DocumentType } from './document-types';

export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** 10 MB: a scanned certificate fits many times over; anything larger is refused before it is stored. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** How far in a second format's signature is looked for: a reader that scans for it finds it within the first KiB. */
const POLYGLOT_WINDOW = 1024;

const PDF = Buffer.from('%PDF-', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const JPEG_END = Buffer.from([0xff, 0xd9]);
const PDF_END = Buffer.from('%%EOF', 'latin1');

export type ContentCheck = { ok: true; contentType: DocumentContentType } | { ok: false; reason: string };

const startsWith = (bytes: Uint8Array, sig: Buffer) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, sig.length).equals(sig);

function sniff(bytes: Uint8Array): DocumentContentType | undefined {
  if (bytes.length >= PNG.length && startsWith(bytes, PNG)) return 'image/png';
  if (bytes.length >= JPEG.length && startsWith(bytes, JPEG)) return 'image/jpeg';
  if (bytes.length >= PDF.length && startsWith(bytes, PDF)) return 'application/pdf';
  return undefined;
}

/**
 * Decides a file by its bytes, never its name: it must open as PDF, JPEG or
 * PNG, be what was declared, and carry no second format. A file that reads
 * as two formats (a PNG with "%PDF-" early on, an image with a PDF appended
 * after its end marker) is refused, since a viewer may open it as the other.
 */
export function checkDocumentContent(bytes: Uint8Array, declared: string): ContentCheck {
  if (bytes.length === 0) return { ok: false, reason: 'The file is empty' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'The file is over 10 MB' };
  const found = sniff(bytes);
  if (!found) return { ok: false, reason: 'The file is not a PDF, JPEG or PNG' };
  if (found !== declared) return { ok: false, reason: `The file is ${found}, not the declared ${declared}` };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const head = buffer.subarray(0, POLYGLOT_WINDOW);
  const others = [PDF, JPEG, PNG].filter((sig) => !startsWith(bytes, sig));
  // JPEG's three-byte marker turns up by chance inside compressed data; the longer signatures do not.
  const early = others.filter((sig) => sig !== JPEG || found === 'application/pdf');
  if (early.some((sig) => head.indexOf(sig, 1) !== -1))
    return { ok: false, reason: 'The file holds more than one format' };
  if (found !== 'application/pdf' && buffer.indexOf(PDF) !== -1) {
    return { ok: false, reason: 'The file holds more than one format' };
  }
  const trailer = trailingAfterEnd(buffer, found);
  if (trailer > 0) return { ok: false, reason: 'The file has data after its end' };
  return { ok: true, contentType: found };
}

/** Bytes after an image's end marker (allowing a little padding); PDFs may carry incremental updates, so 0. */
function trailingAfterEnd(buffer: Buffer, type: DocumentContentType): number {
  if (type === 'application/pdf') return buffer.lastIndexOf(PDF_END) === -1 ? 1 : 0;
  const end = type === 'image/png' ? PNG_END : JPEG_END;
  const at = buffer.lastIndexOf(end);
  if (at === -1) return 1;
  const rest = buffer.subarray(at + end.length);
  return rest.length > 16 || rest.some((b) => b !== 0 && b !== 0x0a && b !== 0x0d) ? rest.length : 0;
}
