import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

/**
 * A small PDF writer for what our documents draw: pages of text in the two
 * standard Helvetica faces, at a position, size and colour, with the
 * document's title, creator and dates. pdf-lib did this before, but with its
 * font metrics, image codecs and deflate it was 420 KB of each PDF handler's
 * bundle and most of its cold start (issue 17.6).
 *
 * The file is PDF 1.7 (ISO 32000-1, section 7.5): a header, one object per
 * catalogue, page tree, page, content stream, font and the document
 * information, a cross-reference table of their byte offsets and a trailer.
 * Content streams are deflated with node:zlib (a fifth of the size), which
 * every bundle imports anyway for the AWS SDK's CRC32.
 * The same input and dates always give the same bytes.
 */

/** The standard-14 faces we draw with: every PDF reader has them, so nothing is embedded. */
export type StandardFont = 'Helvetica' | 'Helvetica-Bold';

/** Red, green and blue, each from 0 to 1. */
export type Rgb = readonly [r: number, g: number, b: number];

/** Width and height in points (1/72 inch). */
export type PageSize = readonly [width: number, height: number];

/** A4 as pdf-lib measures it (210 × 297 mm). */
export const A4: PageSize = [595.28, 841.89];

export interface TextOptions {
  /** The start of the baseline, in points from the page's bottom left corner. */
  x: number;
  y: number;
  size: number;
  font: StandardFont;
  /** Black unless given. */
  color?: Rgb;
}

export interface DocumentInfo {
  title: string;
  creator: string;
  creationDate: Date;
  /** The creation date unless given. */
  modificationDate?: Date;
}

export interface PdfPage {
  /**
   * One line of text. Characters that Windows-1252 (the fonts' WinAnsi
   * encoding) cannot represent, and control characters, are drawn as `?`.
   */
  drawText(text: string, options: TextOptions): void;
}

export interface PdfDocument {
  addPage(size?: PageSize): PdfPage;
  save(): Uint8Array;
}

const PRODUCER = 'Rota Bank PDF writer';
/** In resource name order: `/F1`, `/F2`. */
const FACES: readonly StandardFont[] = ['Helvetica', 'Helvetica-Bold'];
const BLACK: Rgb = [0, 0, 0];

/** Windows-1252's characters from 0x80 to 0x9F that Unicode puts elsewhere (WinAnsiEncoding, ISO 32000-1 annex D). */
const WIN_ANSI_HIGH: ReadonlyMap<number, number> = new Map(
  [
    0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0, 0,
    0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
  ]
    .map((code, i): [number, number] => [code, 0x80 + i])
    .filter(([code]) => code !== 0),
);

/** A character's WinAnsi byte, or `?` (0x3F) where it has none. */
function winAnsiByte(code: number): number {
  if (code >= 0x20 && code <= 0x7e) return code;
  if (code >= 0xa0 && code <= 0xff) return code;
  return WIN_ANSI_HIGH.get(code) ?? 0x3f;
}

/**
 * A literal string of WinAnsi bytes (section 7.3.4.2): `\`, `(` and `)`
 * escaped, bytes above 0x7E as octal escapes so the file stays ASCII.
 */
export function winAnsiLiteral(text: string): string {
  let out = '(';
  for (const char of text) {
    const byte = winAnsiByte(char.codePointAt(0)!);
    if (byte === 0x5c || byte === 0x28 || byte === 0x29) out += `\\${String.fromCharCode(byte)}`;
    else if (byte > 0x7e) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

/** A text string for the document information (section 7.9.2.2): literal if printable ASCII, else UTF-16BE in hex. */
function textString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, '\\$&')})`;
  const hex = Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
  return `<FEFF${hex}>`;
}

/** `D:YYYYMMDDHHmmSSZ` in UTC (section 7.9.4). */
export function pdfDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('A PDF date must be a valid date');
  return `D:${date.toISOString().slice(0, 19).replace(/[-T:]/g, '')}Z`;
}

/** A real number as PDF writes it: no exponent, at most four decimals, no trailing zeros. */
export function pdfNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`A PDF number must be finite, not ${n}`);
  const fixed = n.toFixed(4).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}

interface Page {
  size: PageSize;
  operators: string[];
}

export function createPdf(info: DocumentInfo): PdfDocument {
  const pages: Page[] = [];
  return {
    addPage(size = A4) {
      const page: Page = { size, operators: [] };
      let color: Rgb = BLACK;
      pages.push(page);
      return {
        drawText(text, { x, y, size: fontSize, font, color: wanted = BLACK }) {
          const ops = page.operators;
          if (wanted.some((c, i) => c !== color[i])) {
            ops.push(`${wanted.map(pdfNumber).join(' ')} rg`);
            color = wanted;
          }
          ops.push(
            `BT /F${FACES.indexOf(font) + 1} ${pdfNumber(fontSize)} Tf ${pdfNumber(x)} ${pdfNumber(y)} Td ${winAnsiLiteral(text)} Tj ET`,
          );
        },
      };
    },
    save: () => serialise(info, pages),
  };
}

/**
 * The file: objects 1 to 5 are the catalogue, the page tree, the document
 * information and the two fonts; then each page and its content stream.
 */
function serialise(info: DocumentInfo, pages: readonly Page[]): Uint8Array {
  // None of our documents is empty: saving one without a page is a mistake upstream, not a file to send.
  if (pages.length === 0) throw new RangeError('A PDF needs at least one page');
  const pageRef = (i: number) => `${6 + 2 * i} 0 R`;
  const objects: (string | Buffer)[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pages.map((_, i) => pageRef(i)).join(' ')}] /Count ${pages.length} >>`,
    `<< /Title ${textString(info.title)} /Creator ${textString(info.creator)} /Producer ${textString(PRODUCER)}` +
      ` /CreationDate (${pdfDate(info.creationDate)}) /ModDate (${pdfDate(info.modificationDate ?? info.creationDate)}) >>`,
    ...FACES.map((face) => `<< /Type /Font /Subtype /Type1 /BaseFont /${face} /Encoding /WinAnsiEncoding >>`),
  ];
  const resources = `<< /Font << ${FACES.map((_, i) => `/F${i + 1} ${4 + i} 0 R`).join(' ')} >> >>`;
  for (const [i, page] of pages.entries()) {
    const mediaBox = `[0 0 ${page.size.map(pdfNumber).join(' ')}]`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox ${mediaBox} /Resources ${resources} /Contents ${7 + 2 * i} 0 R >>`,
    );
    const content = deflateSync(Buffer.from(page.operators.join('\n'), 'latin1'));
    objects.push(
      Buffer.concat([
        Buffer.from(`<< /Length ${content.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
        content,
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
  }

  // The binary comment tells transfer programs the file is not text (section 7.5.2).
  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let length = chunks[0]!.length;
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(length);
    const chunk = Buffer.concat([
      Buffer.from(`${i + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    chunks.push(chunk);
    length += chunk.length;
  }
  const id = createHash('md5').update(Buffer.concat(chunks)).digest('hex').toUpperCase();
  // Each entry is exactly 20 bytes: the offset, the generation, in use or free, and a two-byte end of line (section 7.5.4).
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f \n' + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') + 'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 3 0 R /ID [<${id}> <${id}>] >>`,
    'startxref',
    String(length),
    '%%EOF\n',
  ].join('\n');
  chunks.push(Buffer.from(xref, 'latin1'));
  // A copy: Buffer.concat may hand out a slice of Node's shared pool, which a reader taking `.buffer` would see whole.
  return new Uint8Array(Buffer.concat(chunks));
}
