import type { Readable } from 'node:stream';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { PAYROLL_COLUMNS, type PayrollRowSource } from '../../lib/domain/payroll-csv';
import type { Timesheet } from '../../lib/domain/types';
import { writePayrollCsv } from '../../lib/use-cases/payroll';

function timesheet(i: number): Timesheet {
  return {
    orgId: 'o',
    id: `ts-${String(i).padStart(6, '0')}`,
    bookingId: 'b',
    shiftId: 's',
    clinicianId: `c${i % 7}`,
    practiceId: 'p',
    start: '2026-11-03T09:00:00.000Z',
    end: '2026-11-03T17:00:00.000Z',
    breakMinutes: 30,
    paidMinutes: 450,
    hourlyRatePence: 9000,
    bankHoliday: false,
    grossPence: 67_500 + i,
    status: 'exported',
    submittedAt: '2026-11-03T17:00:00.000Z',
  };
}

async function* pagesOf(count: number, pageSize: number, onPage?: (n: number) => void): AsyncGenerator<Timesheet[]> {
  for (let start = 0, page = 0; start < count; start += pageSize, page++) {
    onPage?.(page);
    yield Array.from({ length: Math.min(pageSize, count - start) }, (_, k) => timesheet(start + k));
  }
}

const source =
  (names: Record<string, string> = {}) =>
  async () =>
  (t: Timesheet): PayrollRowSource => ({
    timesheet: t,
    clinician: { name: names[t.clinicianId] ?? `Clinician ${t.clinicianId}`, employment: 'bank', payrollId: 'PAY1' },
    practice: { name: 'Hendford, Yeovil', costCentre: 'CC-1' },
  });

/** A store that keeps what it is sent, as a string. */
const collect = () => {
  let text = '';
  return {
    text: () => text,
    write: async (body: Readable) => {
      body.setEncoding('utf8');
      for await (const chunk of body) text += chunk;
      return { bytes: Buffer.byteLength(text) };
    },
  };
};

/** The CSV's lines: it must start with the byte-order mark and end every line with CRLF. */
const linesOf = (text: string) => {
  expect(text.startsWith('\uFEFF')).toBe(true);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  return text.slice(1, -2).split('\r\n');
};

describe('writePayrollCsv', () => {
  it('starts with a UTF-8 byte-order mark and ends lines with CRLF, so spreadsheets read Zoë and St Mary’s', async () => {
    const chunks: Buffer[] = [];
    const bytesOf = async (body: Readable) => {
      for await (const chunk of body) chunks.push(Buffer.from(chunk));
      return { bytes: Buffer.concat(chunks).length };
    };
    const names =
      async () =>
      (t: Timesheet): PayrollRowSource => ({
        timesheet: t,
        clinician: { name: 'Zoë Brontë', employment: 'bank', payrollId: 'PAY1' },
        practice: { name: 'St Mary’s Surgery', costCentre: 'CC-1' },
      });
    await writePayrollCsv(pagesOf(2, 2), names, bytesOf);
    const raw = Buffer.concat(chunks);
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = linesOf(raw.toString('utf8'));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(PAYROLL_COLUMNS.join(','));
    for (const row of lines.slice(1)) {
      expect(row.split(',').slice(1, 4)).toEqual(['Zoë Brontë', 'bank', 'St Mary’s Surgery']);
    }
  });

  it('writes the header and one row per timesheet, in order, with totals and the byte count', async () => {
    const store = collect();
    const out = await writePayrollCsv(pagesOf(2_500, 300), source(), store.write);
    const lines = linesOf(store.text());
    expect(lines[0]).toBe(PAYROLL_COLUMNS.join(','));
    expect(lines).toHaveLength(2_501);
    // Counted from the end: the quoted practice name holds a comma.
    const fromEnd = PAYROLL_COLUMNS.indexOf('timesheet_id') - PAYROLL_COLUMNS.length;
    expect(lines.slice(1).map((l) => l.split(',').at(fromEnd))).toEqual(
      Array.from({ length: 2_500 }, (_, i) => timesheet(i).id),
    );
    expect(out.rows).toBe(2_500);
    expect(out.totalPence).toBe(2_500 * 67_500 + (2_499 * 2_500) / 2);
    expect(out.bytes).toBe(Buffer.byteLength(store.text()));
  });

  it('quotes commas and neutralises cells a spreadsheet would run as formulas', async () => {
    const store = collect();
    await writePayrollCsv(pagesOf(1, 1), source({ c0: '=cmd|"/c calc"!A1' }), store.write);
    const row = linesOf(store.text())[1]!;
    expect(row).toContain(`"'=cmd|""/c calc""!A1"`);
    expect(row).toContain('"Hendford, Yeovil"');
  });

  it('writes a header alone when there is nothing to pay', async () => {
    const store = collect();
    expect(await writePayrollCsv(pagesOf(0, 10), source(), store.write)).toMatchObject({ rows: 0, totalPence: 0 });
    expect(store.text()).toBe(`\uFEFF${PAYROLL_COLUMNS.join(',')}\r\n`);
  });

  it('reads no further ahead than a page when the store is slow (backpressure)', async () => {
    let pagesRead = 0;
    let rowsStored = 0;
    let maxAhead = 0;
    const slow = async (body: Readable) => {
      await pipeline(
        body,
        new Writable({
          highWaterMark: 1024,
          write(chunk: Buffer, _enc, done) {
            rowsStored += chunk.toString().split('\n').length - 1;
            // Rows read from the pages but not yet stored.
            maxAhead = Math.max(maxAhead, pagesRead * 50 - rowsStored);
            setImmediate(done);
          },
        }),
      );
      return { bytes: 0 };
    };
    await writePayrollCsv(
      pagesOf(2_000, 50, (n) => {
        pagesRead = n + 1;
      }),
      source(),
      slow,
    );
    expect(pagesRead).toBe(40);
    expect(rowsStored).toBe(2_001);
    // A page in hand, one read ahead and the streams' 16 KB of buffer: a few hundred rows, not the 2,000.
    expect(maxAhead).toBeLessThanOrEqual(400);
  });

  it('stops and reports the failure when the store gives up, rather than waiting for room forever', async () => {
    const failing = async (body: Readable) => {
      await new Promise((r) => setTimeout(r, 5));
      body.pause();
      throw new Error('bucket unavailable');
    };
    await expect(writePayrollCsv(pagesOf(50_000, 1_000), source(), failing)).rejects.toThrow('bucket unavailable');
  });

  it('reports a failure to read a page, and the store sees the stream fail', async () => {
    let storeSaw: unknown;
    async function* broken(): AsyncGenerator<Timesheet[]> {
      yield [timesheet(1)];
      throw new Error('query failed');
    }
    const store = async (body: Readable) => {
      try {
        for await (const _ of body);
      } catch (error) {
        storeSaw = error;
        throw error;
      }
      return { bytes: 0 };
    };
    await expect(writePayrollCsv(broken(), source(), store)).rejects.toThrow('query failed');
    expect(String(storeSaw)).toMatch(/query failed/);
  });
});
