import { inflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { A4, createPdf, type DocumentInfo, pdfDate, pdfNumber, winAnsiLiteral } from '../../lib/pdf/writer';

const INFO: DocumentInfo = {
  title: 'Invoice RB-ZO-0001',
  creator: 'Rota Bank',
  creationDate: new Date('2026-12-01T09:00:00.000Z'),
  modificationDate: new Date('2026-12-03T10:15:30.000Z'),
};

/** Each line on its own baseline, 14 points apart, as our documents write them. */
function linesPdf(pages: readonly (readonly string[])[], info: DocumentInfo = INFO, size = A4): Uint8Array {
  const doc = createPdf(info);
  for (const lines of pages) {
    const page = doc.addPage(size);
    for (const [i, text] of lines.entries()) {
      page.drawText(text, { x: 50, y: 800 - 14 * i, size: 10, font: i % 2 ? 'Helvetica-Bold' : 'Helvetica' });
    }
  }
  return doc.save();
}

/** pdf.js's reading, one string per page; it takes the bytes over, so it gets a copy. */
async function pdfJsText(bytes: Uint8Array): Promise<string[]> {
  return (await extractText(await getDocumentProxy(bytes.slice()))).text;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

/** The inflated content streams, in file order. */
function contentStreams(bytes: Uint8Array): string[] {
  const file = Buffer.from(bytes);
  const out: string[] = [];
  for (const m of latin1(bytes).matchAll(/\/Length (\d+) \/Filter \/FlateDecode >>\nstream\n/g)) {
    const start = m.index + m[0].length;
    out.push(inflateSync(file.subarray(start, start + Number(m[1]))).toString('latin1'));
  }
  return out;
}

describe('the PDF writer', () => {
  it('draws text that pdf.js reads back exactly: pounds, parentheses, backslashes and WinAnsi punctuation', async () => {
    const lines = [
      'Total due £1,234.56',
      'St Mary (Yeovil) \\ Surgery ((nested)) \\(',
      'Awaiting the practice’s signature – €5 • done',
      'Zoë Ämbler, café, naïve',
    ];
    expect(await pdfJsText(linesPdf([lines]))).toEqual([lines.join('\n')]);
  });

  it('draws a character WinAnsi has no byte for, or a control character, as a question mark', async () => {
    expect(await pdfJsText(linesPdf([['Ω ok\tthen 😀 end']]))).toEqual(['? ok?then ? end']);
  });

  it('writes several pages, each of its own size, in the order they were added', async () => {
    const doc = createPdf(INFO);
    doc.addPage().drawText('first', { x: 50, y: 800, size: 10, font: 'Helvetica' });
    doc.addPage([420, 297]).drawText('second', { x: 30, y: 240, size: 18, font: 'Helvetica-Bold' });
    doc.addPage(A4).drawText('third', { x: 50, y: 800, size: 10, font: 'Helvetica' });
    const bytes = doc.save();
    expect(await pdfJsText(bytes)).toEqual(['first', 'second', 'third']);
    const pdf = await getDocumentProxy(bytes.slice());
    const views = await Promise.all([1, 2, 3].map(async (n) => (await pdf.getPage(n)).view));
    expect(views).toEqual([
      [0, 0, 595.28, 841.89],
      [0, 0, 420, 297],
      [0, 0, 595.28, 841.89],
    ]);
  });

  it("gives pdf.js the document's title, creator, producer and dates, the modification date defaulting to creation", async () => {
    const read = async (bytes: Uint8Array) => (await (await getDocumentProxy(bytes.slice())).getMetadata()).info;
    expect(await read(linesPdf([['x']]))).toMatchObject({
      Title: 'Invoice RB-ZO-0001',
      Creator: 'Rota Bank',
      Producer: 'Rota Bank PDF writer',
      CreationDate: 'D:20261201090000Z',
      ModDate: 'D:20261203101530Z',
    });
    const title = 'Evidence pack: Zoë Ämbler (£) – \\ draft';
    const created = new Date('2026-12-06T09:00:00.000Z');
    expect(await read(linesPdf([['x']], { title, creator: 'Rota Bank', creationDate: created }))).toMatchObject({
      Title: title,
      CreationDate: 'D:20261206090000Z',
      ModDate: 'D:20261206090000Z',
    });
  });

  it('is read by pdf-lib too, with the same pages, sizes and document information', async () => {
    const title = 'GP Locum Form A (SD123456) £';
    const doc = await PDFDocument.load(linesPdf([['a'], ['b']], { ...INFO, title }), { updateMetadata: false });
    expect(doc.getPageCount()).toBe(2);
    expect(doc.getPages().map((p) => p.getSize())).toEqual([
      { width: 595.28, height: 841.89 },
      { width: 595.28, height: 841.89 },
    ]);
    expect(doc.getTitle()).toBe(title);
    expect(doc.getCreator()).toBe('Rota Bank');
    expect(doc.getProducer()).toBe('Rota Bank PDF writer');
    expect(doc.getCreationDate()).toEqual(INFO.creationDate);
    expect(doc.getModificationDate()).toEqual(INFO.modificationDate);
  });

  it('keeps a cross-reference table whose every entry is 20 bytes and points at its object', () => {
    const bytes = linesPdf([['one'], ['two', 'three'], ['four']]);
    const text = latin1(bytes);
    expect(text.startsWith('%PDF-1.7\n%')).toBe(true);
    // The binary comment: four bytes over 127, so transfer programs treat the file as binary.
    expect([...bytes.subarray(10, 14)].every((b) => b > 127)).toBe(true);
    expect(text.endsWith('%%EOF\n')).toBe(true);

    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
    expect(text.slice(startxref, startxref + 5)).toBe('xref\n');
    const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(startxref))!.map(Number);
    expect(first).toBe(0);
    const tableStart = startxref + text.slice(startxref).indexOf('\n', 5) + 1;
    const entries = Array.from({ length: count! }, (_, i) =>
      text.slice(tableStart + 20 * i, tableStart + 20 * (i + 1)),
    );
    expect(text.slice(tableStart + 20 * count!, tableStart + 20 * count! + 8)).toBe('trailer\n');
    expect(entries[0]).toBe('0000000000 65535 f \n');
    for (const [n, entry] of entries.entries()) {
      if (n === 0) continue;
      expect(entry).toMatch(/^\d{10} 00000 n \n$/);
      const offset = Number(entry.slice(0, 10));
      expect(text.slice(offset, offset + `${n} 0 obj\n`.length), `object ${n}`).toBe(`${n} 0 obj\n`);
    }
    // Catalogue, pages, information, two fonts, then a page and its content for each of the three pages.
    expect(count).toBe(1 + 5 + 2 * 3);
    expect(text).toMatch(
      new RegExp(`trailer\\n<< /Size ${count} /Root 1 0 R /Info 3 0 R /ID \\[<([0-9A-F]{32})> <\\1>\\] >>`),
    );
  });

  it('names the standard fonts Helvetica and Helvetica-Bold in WinAnsi, and gives each page an A4 media box', () => {
    const text = latin1(linesPdf([['a', 'b']]));
    expect(text).toContain('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    expect(text).toContain('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    expect(text).toContain('/MediaBox [0 0 595.28 841.89]');
  });

  it('writes content streams in ASCII, with font, size, position and a colour only when it changes', () => {
    const doc = createPdf(INFO);
    const page = doc.addPage();
    page.drawText('MISSING £', { x: 430, y: 666, size: 10, font: 'Helvetica-Bold', color: [0.7, 0, 0] });
    page.drawText('LAPSED', { x: 430, y: 653, size: 10, font: 'Helvetica-Bold', color: [0.7, 0, 0] });
    page.drawText('Evidence: (none)', { x: 62, y: 640.5, size: 9, font: 'Helvetica' });
    expect(contentStreams(doc.save())).toEqual([
      [
        '0.7 0 0 rg',
        'BT /F2 10 Tf 430 666 Td (MISSING \\243) Tj ET',
        'BT /F2 10 Tf 430 653 Td (LAPSED) Tj ET',
        '0 0 0 rg',
        'BT /F1 9 Tf 62 640.5 Td (Evidence: \\(none\\)) Tj ET',
      ].join('\n'),
    ]);
  });

  it('refuses to save a document without a page', () => {
    expect(() => createPdf(INFO).save()).toThrow(RangeError);
  });

  it('gives the same bytes for the same text and dates', () => {
    const pages = [['Invoice RB-ZO-0001', 'Total £12.00'], ['page two']];
    expect(Buffer.from(linesPdf(pages)).equals(Buffer.from(linesPdf(pages)))).toBe(true);
    expect(Buffer.from(linesPdf(pages)).equals(Buffer.from(linesPdf([['Invoice RB-ZO-0002'], ['page two']])))).toBe(
      false,
    );
  });
});

describe('PDF syntax', () => {
  it('escapes backslashes and parentheses and writes bytes over 127 in octal', () => {
    expect(winAnsiLiteral('a(b)c\\ £€’')).toBe('(a\\(b\\)c\\\\ \\243\\200\\222)');
  });

  it('writes numbers without exponents or trailing zeros', () => {
    expect([595.28, 800, 0.1 + 0.2, -0, 1e-7, 12.5, -3.25].map(pdfNumber)).toEqual([
      '595.28',
      '800',
      '0.3',
      '0',
      '0',
      '12.5',
      '-3.25',
    ]);
    expect(() => pdfNumber(Number.NaN)).toThrow(RangeError);
    expect(() => pdfNumber(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });

  it('writes dates in UTC as D:YYYYMMDDHHmmSSZ', () => {
    expect(pdfDate(new Date('2026-03-29T01:30:05.999+01:00'))).toBe('D:20260329003005Z');
    expect(() => pdfDate(new Date('not a date'))).toThrow(RangeError);
  });
});
