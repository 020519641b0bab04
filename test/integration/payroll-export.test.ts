import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError } from '../../lib/domain/errors';
import { computePay } from '../../lib/domain/pay';
import { cancellationFeeTimesheet } from '../../lib/domain/timesheet-rules';
import type { Clinician, Practice, Timesheet, TimesheetStatus } from '../../lib/domain/types';
import { type ExportFiles, folderExportFiles } from '../../lib/store/export-files';
import * as keys from '../../lib/store/keys';
import { chunks } from '../../lib/store/records';
import { timesheetItem } from '../../lib/store/timesheets';
import { transact } from '../../lib/store/transact';
import {
  getPayrollExport,
  retryPayrollExport,
  runPayrollExport,
  startPayrollExport,
} from '../../lib/use-cases/payroll';
import { listTimesheets } from '../../lib/use-cases/timesheets';
import { resumeRunningExports } from '../../local/export-runs';
import { clinician, ORG, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const hr: Caller = { userId: 'usr-hr', email: 'hr@example.org', role: 'hr', orgId: ORG, practiceIds: [] };

let n = 0;
function timesheet(c: Clinician, p: Practice, start: string, status: TimesheetStatus = 'approved'): Timesheet {
  const end = new Date(Date.parse(start) + 8 * 3_600_000).toISOString();
  const pay = computePay({ start, end, breakMinutes: 30, hourlyRatePence: 9000, bankHolidayUplift: 1.5 });
  const id = `ts-${String(++n).padStart(6, '0')}`;
  return {
    orgId: ORG,
    id,
    bookingId: `bk-${id}`,
    shiftId: `sh-${id}`,
    clinicianId: c.id,
    practiceId: p.id,
    start,
    end,
    shiftStart: start,
    breakMinutes: 30,
    hourlyRatePence: 9000,
    ...pay,
    employment: c.employment,
    status,
    submittedAt: start,
  };
}

async function put(deps: TestDeps, timesheets: Timesheet[]) {
  for (const batch of chunks(timesheets, 25)) {
    await deps.db.send(
      new BatchWriteCommand({
        RequestItems: { [deps.table]: batch.map((t) => ({ PutRequest: { Item: timesheetItem(t) } })) },
      }),
    );
  }
}

/** The timesheet ids in a CSV, from its last column. */
async function idsIn(files: ExportFiles, orgId: string, exportId: string): Promise<string[]> {
  const text = await files.read(`${orgId}/${exportId}.csv`);
  const [header, ...rows] = text.replace(/^\uFEFF/, '').split('\r\n');
  const column = header?.split(',').indexOf('timesheet_id') ?? -1;
  expect(column).toBeGreaterThanOrEqual(0);
  return rows.filter(Boolean).map((r) => r.split(',')[column]!);
}

/** Shifts every day from 1 to 28 Nov 2026, at 08:00 London (GMT then). */
const novemberStarts = (count: number) =>
  Array.from({ length: count }, (_, i) => `2026-11-${String((i % 28) + 1).padStart(2, '0')}T08:00:00.000Z`);

describe('the payroll export', () => {
  let deps: TestDeps;
  let files: ExportFiles;
  let surgery: Practice;
  let bank: Clinician[];

  beforeEach(async () => {
    deps = await freshDeps();
    files = folderExportFiles(mkdtempSync(join(tmpdir(), 'rota-bank-export-test-')));
    deps.exportFiles = files;
    surgery = practice({ name: '=HYPERLINK("http://evil.example")', costCentre: 'CC-100' });
    bank = Array.from({ length: 5 }, (_, i) => clinician({ payrollId: `PAY${i}` }));
    await seed(deps, [surgery], bank);
  });

  it('pays every approved timesheet of the period once when two exports of it run at the same time', async () => {
    const payable = novemberStarts(300).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    const outside = [
      timesheet(bank[0]!, surgery, '2026-10-31T23:59:00.000Z'),
      timesheet(bank[0]!, surgery, '2026-12-01T00:00:00.000Z'),
    ];
    const notApproved = [
      timesheet(bank[1]!, surgery, '2026-11-10T08:00:00.000Z', 'submitted'),
      timesheet(bank[1]!, surgery, '2026-11-11T08:00:00.000Z', 'rejected'),
    ];
    await put(deps, [...payable, ...outside, ...notApproved]);

    const a = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    const b = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    const [doneA, doneB] = await Promise.all([
      runPayrollExport(ORG, a.id, deps, { pageSize: 40 }),
      runPayrollExport(ORG, b.id, deps, { pageSize: 40 }),
    ]);
    expect(doneA?.status).toBe('ready');
    expect(doneB?.status).toBe('ready');

    const idsA = await idsIn(files, ORG, a.id);
    const idsB = await idsIn(files, ORG, b.id);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    expect([...idsA, ...idsB].sort()).toEqual(payable.map((t) => t.id).sort());
    expect(doneA!.rows + doneB!.rows).toBe(300);
    expect(doneA!.totalPence + doneB!.totalPence).toBe(payable.reduce((s, t) => s + t.grossPence, 0));

    // Each timesheet records the export that paid it, and has left the payable index.
    for (const [exportId, ids] of [
      [a.id, idsA],
      [b.id, idsB],
    ] as const) {
      for (const id of ids.slice(0, 20)) {
        expect(await deps.timesheets.get(ORG, id)).toMatchObject({ status: 'exported', exportId });
      }
    }
    const again = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    expect(await runPayrollExport(ORG, again.id, deps)).toMatchObject({ status: 'ready', rows: 0, totalPence: 0 });
  });

  it('pays each timesheet once across five exports racing over overlapping periods', async () => {
    const payable = novemberStarts(150).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    await put(deps, payable);
    const periods = [
      ['2026-11-01', '2026-11-30'],
      ['2026-11-01', '2026-11-15'],
      ['2026-11-10', '2026-11-30'],
      ['2026-11-05', '2026-11-20'],
      ['2026-11-01', '2026-11-30'],
    ];
    const exports = await Promise.all(
      periods.map(([from, to]) => startPayrollExport(hr, { from: from!, to: to! }, deps)),
    );
    await Promise.all(exports.map((e) => runPayrollExport(ORG, e.id, deps, { pageSize: 25 })));
    const all = (await Promise.all(exports.map((e) => idsIn(files, ORG, e.id)))).flat();
    expect(all.length).toBe(new Set(all).size);
    expect(all.sort()).toEqual(payable.map((t) => t.id).sort());
  });

  it('writes the rows an interrupted run of the same export claimed, once each, when the run is retried', async () => {
    const payable = novemberStarts(60).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    await put(deps, payable);
    const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    // The first run claimed a third of them, then died before writing anything.
    await deps.exports.claim(e.id, payable.slice(0, 20), '2026-11-22T09:00:00.000Z');

    const done = await runPayrollExport(ORG, e.id, deps);
    expect(done).toMatchObject({ status: 'ready', rows: 60 });
    const ids = await idsIn(files, ORG, e.id);
    expect(ids.sort()).toEqual(payable.map((t) => t.id).sort());

    // A replay of the stream record after it settled changes nothing.
    const replay = await runPayrollExport(ORG, e.id, deps);
    expect(replay).toMatchObject({ status: 'ready', rows: 60 });
    expect((await idsIn(files, ORG, e.id)).length).toBe(60);
  });

  it('marks an export failed with a reason and gives its timesheets back to the next export when storage fails', async () => {
    const payable = novemberStarts(30).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    await put(deps, payable);
    const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    deps.exportFiles = {
      ...files,
      write: async (_key, body) => {
        body.resume();
        throw new Error('disk full');
      },
    };
    const failed = await runPayrollExport(ORG, e.id, deps);
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toMatch(/remain payable/);
    expect(await deps.exports.get(ORG, e.id, true)).toMatchObject({ status: 'failed', rows: 0 });
    expect(await deps.timesheets.get(ORG, payable[0]!.id)).toMatchObject({ status: 'approved' });

    deps.exportFiles = files;
    const next = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    expect(await runPayrollExport(ORG, next.id, deps)).toMatchObject({ status: 'ready', rows: 30 });
  });

  it('claims the rest of a batch once when another export already took part of it', async () => {
    const payable = novemberStarts(150).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    await put(deps, payable);
    const first = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    const second = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    const takenFirst = payable.filter((_, i) => i % 3 === 0);
    expect(await deps.exports.claim(first.id, takenFirst, '2026-12-01T09:00:00.000Z')).toHaveLength(50);

    // A stale page (the payable index lags the table) names all 150: the transactions holding the taken
    // fifty are cancelled, and their other timesheets are claimed one by one, not lost.
    const got = await deps.exports.claim(second.id, payable, '2026-12-01T09:00:01.000Z');
    const rest = payable.filter((_, i) => i % 3 !== 0).map((t) => t.id);
    expect(got.map((t) => t.id)).toEqual(rest);
    expect(await deps.timesheets.get(ORG, payable[0]!.id)).toMatchObject({ exportId: first.id });
    expect(await deps.timesheets.get(ORG, payable[1]!.id)).toMatchObject({ status: 'exported', exportId: second.id });

    // Each export writes exactly the ones it holds, though the second's claim records name all 150.
    expect(await runPayrollExport(ORG, second.id, deps)).toMatchObject({ status: 'ready', rows: 100 });
    expect(await runPayrollExport(ORG, first.id, deps)).toMatchObject({ status: 'ready', rows: 50 });
    const idsFirst = await idsIn(files, ORG, first.id);
    const idsSecond = await idsIn(files, ORG, second.id);
    expect(idsSecond.sort()).toEqual(rest.sort());
    expect(idsFirst.sort()).toEqual(takenFirst.map((t) => t.id).sort());
  });

  it('retries a failed export that still holds its timesheets to a ready CSV with each of them once', async () => {
    const early = novemberStarts(28).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    await put(deps, early);
    const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    // Storage fails mid-export, and giving the claims back fails too (the network went with it).
    deps.exportFiles = {
      ...files,
      write: async (_key, body) => {
        body.resume();
        throw new Error('disk full');
      },
    };
    const release = deps.exports.release;
    deps.exports.release = async () => {
      throw new Error('connection reset');
    };
    const failed = await runPayrollExport(ORG, e.id, deps);
    deps.exports.release = release;
    deps.exportFiles = files;

    // HR sees that it failed and why.
    const seen = await getPayrollExport(hr, e.id, deps);
    expect(seen).toMatchObject({ status: 'failed', rows: 0, totalPence: 0 });
    expect(seen.reason).toMatch(/still holds some of its timesheets: retry it/);
    expect(failed?.reason).toBe(seen.reason);
    expect(await deps.timesheets.get(ORG, early[0]!.id)).toMatchObject({ status: 'exported', exportId: e.id });
    // Another export cannot pay what the failed one holds.
    const other = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    expect(await runPayrollExport(ORG, other.id, deps)).toMatchObject({ status: 'ready', rows: 0 });

    // More of the period is approved before HR retries.
    const late = novemberStarts(12).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    await put(deps, late);
    const retried = await retryPayrollExport(hr, e.id, deps);
    expect(retried).toMatchObject({ status: 'running', retries: 1 });
    expect(retried.reason).toBeUndefined();
    const done = await runPayrollExport(ORG, e.id, deps);
    const all = [...early, ...late];
    expect(done).toMatchObject({
      status: 'ready',
      rows: 40,
      totalPence: all.reduce((sum, t) => sum + t.grossPence, 0),
    });
    const ids = await idsIn(files, ORG, e.id);
    expect(ids.length).toBe(new Set(ids).size);
    expect(ids.sort()).toEqual(all.map((t) => t.id).sort());

    // Only a failed export may be retried.
    await expect(retryPayrollExport(hr, e.id, deps)).rejects.toMatchObject({
      constructor: ConflictError,
      code: 'INVALID_STATE',
    });
  });

  it('retries a failed export whose timesheets went back to the payable index, paying those another export has not', async () => {
    const payable = novemberStarts(30).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    await put(deps, payable);
    const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    deps.exportFiles = {
      ...files,
      write: async (_key, body) => {
        body.resume();
        throw new Error('disk full');
      },
    };
    expect(await runPayrollExport(ORG, e.id, deps)).toMatchObject({ status: 'failed' });
    deps.exportFiles = files;
    // Meanwhile another export, of the first week only, paid some of them.
    const week = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-07' }, deps);
    const firstWeek = payable.filter((t) => t.start < '2026-11-08T00:00:00.000Z').length;
    expect(await runPayrollExport(ORG, week.id, deps)).toMatchObject({ status: 'ready', rows: firstWeek });

    await retryPayrollExport(hr, e.id, deps);
    expect(await runPayrollExport(ORG, e.id, deps)).toMatchObject({ status: 'ready', rows: 30 - firstWeek });
    const both = [...(await idsIn(files, ORG, week.id)), ...(await idsIn(files, ORG, e.id))];
    expect(both.sort()).toEqual(payable.map((t) => t.id).sort());
  });

  it('never reads, claims or pays self-employed or limited-company work: it waits in the invoiceable index', async () => {
    const locum = clinician({ employment: 'self-employed', pension: { member: true, schemeRef: 'SD123456' } });
    const company = clinician({ employment: 'limited-company' });
    await seed(deps, [], [locum, company]);
    const paid = novemberStarts(6).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
    const invoiced = [
      ...novemberStarts(4).map((s) => timesheet(locum, surgery, s)),
      ...novemberStarts(3).map((s) => timesheet(company, surgery, s)),
    ];
    // One submitted, then approved by the same transition a manager's approval makes.
    const later = timesheet(locum, surgery, '2026-11-20T08:00:00.000Z', 'submitted');
    await put(deps, [...paid, ...invoiced, later]);
    expect(await deps.timesheets.decide([deps.timesheets.transition(later, ['submitted'], 'approved')])).toBe(true);

    const partition = async (pk: string) => {
      const out = await deps.db.send(
        new QueryCommand({
          TableName: deps.table,
          IndexName: 'GSI3',
          KeyConditionExpression: 'GSI3PK = :pk',
          ExpressionAttributeValues: { ':pk': pk },
        }),
      );
      return (out.Items ?? []).map((i) => String(i.id)).sort();
    };
    expect(await partition(keys.payablePartition(ORG))).toEqual(paid.map((t) => t.id).sort());
    expect(await partition(keys.invoiceablePartition(ORG))).toEqual([...invoiced, later].map((t) => t.id).sort());

    const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
    expect(await runPayrollExport(ORG, e.id, deps)).toMatchObject({
      status: 'ready',
      rows: paid.length,
      totalPence: paid.reduce((sum, t) => sum + t.grossPence, 0),
    });
    expect((await idsIn(files, ORG, e.id)).sort()).toEqual(paid.map((t) => t.id).sort());
    for (const t of [...invoiced, later]) {
      const stored = await deps.timesheets.get(ORG, t.id);
      expect(stored?.status).toBe('approved');
      expect(stored?.exportId).toBeUndefined();
    }
    // Still approved in every listing: reports and the approved list read both partitions.
    const approved = await deps.timesheets.inStatus(ORG, 'approved', '2026-11-01', '2026-12-01');
    expect(approved.map((t) => t.id).sort()).toEqual([...invoiced, later].map((t) => t.id).sort());
    const exported = await deps.timesheets.inStatus(ORG, 'exported', '2026-11-01', '2026-12-01');
    expect(exported.map((t) => t.id).sort()).toEqual(paid.map((t) => t.id).sort());
    // And HR's GET /timesheets?status=approved, page after page across both partitions.
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listTimesheets(hr, { status: 'approved', limit: 3, cursor }, deps);
      listed.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(listed.sort()).toEqual([...invoiced, later].map((t) => t.id).sort());
  });

  it('writes a late-cancellation fee once however often it is written, and pays a bank worker it as its own line', async () => {
    const locum = clinician({ employment: 'self-employed' });
    await seed(deps, [], [locum]);
    const owed = (c: Clinician, bookingId: string) =>
      cancellationFeeTimesheet({
        orgId: ORG,
        bookingId,
        shiftId: `sh-${bookingId}`,
        clinicianId: c.id,
        practiceId: surgery.id,
        employment: c.employment,
        shiftStart: '2026-11-12T08:00:00.000Z',
        hourlyRatePence: 9_000,
        bankHolidayUplift: 1.5,
        at: '2026-11-11T12:00:00.000Z',
        by: 'usr-manager',
      });
    const fee = owed(bank[0]!, 'bk-late-1');
    const write = (t: Timesheet) => transact(deps.db, deps.table, [deps.timesheets.putNew(t)]);
    expect(await write(fee)).toEqual({ ok: true });
    // A retried cancellation writes the same fee again, at another rate even: the first stands.
    expect(await write({ ...owed(bank[0]!, 'bk-late-1'), grossPence: 99_999 })).toEqual({
      ok: false,
      failed: ['timesheet'],
    });
    expect(await write(owed(locum, 'bk-late-2'))).toEqual({ ok: true });
    expect(await deps.timesheets.get(ORG, fee.id)).toMatchObject({ grossPence: 18_000, lineType: 'cancellation-fee' });

    const e = await startPayrollExport(hr, { from: '2026-11-12', to: '2026-11-12' }, deps);
    expect(await runPayrollExport(ORG, e.id, deps)).toMatchObject({ status: 'ready', rows: 1, totalPence: 18_000 });
    const text = await files.read(`${ORG}/${e.id}.csv`);
    const [header, row] = text.replace(/^\uFEFF/, '').split('\r\n');
    const cells = Object.fromEntries(
      header!.split(',').map((c, i) => [c, row!.split(',').at(i - header!.split(',').length)]),
    );
    expect(cells).toMatchObject({
      timesheet_id: fee.id,
      gross_pay: '180.00',
      holiday_pay: '21.73', // 18000 x 12.07% = 2172.6
      line_type: 'cancellation-fee',
      paid_hours: '2.00',
    });
    expect(await deps.timesheets.get(ORG, 'fee-bk-late-2')).toMatchObject({
      status: 'approved',
      employment: 'self-employed',
    });
  });

  it('leaves alone self-employed work approved into the payable index before it was split', async () => {
    const locum = clinician({ employment: 'self-employed' });
    await seed(deps, [], [locum]);
    const old = timesheet(locum, surgery, '2026-11-04T08:00:00.000Z');
    const mine = timesheet(bank[0]!, surgery, '2026-11-04T08:00:00.000Z');
    await put(deps, [mine]);
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...timesheetItem(old),
          GSI3PK: keys.payablePartition(ORG),
        },
      }),
    );
    const e = await startPayrollExport(hr, { from: '2026-11-04', to: '2026-11-04' }, deps);
    expect(await runPayrollExport(ORG, e.id, deps)).toMatchObject({ status: 'ready', rows: 1 });
    expect(await idsIn(files, ORG, e.id)).toEqual([mine.id]);
    expect(await deps.timesheets.get(ORG, old.id)).toMatchObject({ status: 'approved' });
  });

  it('fills rows from clinician and practice records, neutralising text a spreadsheet would run', async () => {
    const evil = clinician({ name: '@SUM(A1:A9)', payrollId: '+PAY-1', employment: 'bank' });
    await deps.clinicians.create(evil);
    const t = timesheet(evil, surgery, '2026-11-03T08:00:00.000Z');
    await put(deps, [t]);
    const e = await startPayrollExport(hr, { from: '2026-11-03', to: '2026-11-03' }, deps);
    await runPayrollExport(ORG, e.id, deps);
    const text = await files.read(`${ORG}/${e.id}.csv`);
    const row = text.split('\r\n')[1]!;
    expect(row).toContain("'@SUM(A1:A9)");
    expect(row).toContain("'+PAY-1");
    expect(row).toContain('"\'=HYPERLINK(""http://evil.example"")"');
    expect(row).toContain(',bank,');
    expect(row).toContain('CC-100');
    expect(row).toContain(`,${t.id},`);
  });

  it('reads a bank-holiday uplift the organisation set for itself', async () => {
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: { ...keys.organisation(ORG), type: 'ORGANISATION', id: ORG, name: 'Test', bankHolidayUplift: 2 },
      }),
    );
    expect(await deps.timesheets.bankHolidayUplift(ORG)).toBe(2);
    expect(await deps.timesheets.bankHolidayUplift('org-without-a-record')).toBe(1.5);
  });

  describe('one run of an export at a time', () => {
    /** Another run takes the export's lease for a minute, as one does once a lease has lapsed. */
    const leaseTakenBy = (token: string, exportId: string) =>
      deps.db.send(
        new PutCommand({
          TableName: deps.table,
          Item: { ...keys.exportRun(ORG, exportId), type: 'EXPORT_RUN', token, leaseUntil: Date.now() + 60_000 },
        }),
      );

    const runLease = async (exportId: string) =>
      (await deps.db.send(new GetCommand({ TableName: deps.table, Key: keys.exportRun(ORG, exportId) }))).Item;

    it('pays every timesheet in one CSV when the same export is started twice at once (an invocation delivered again)', async () => {
      const payable = novemberStarts(120).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
      await put(deps, payable);
      const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);

      const runs = await Promise.all([
        runPayrollExport(ORG, e.id, deps, { pageSize: 10 }),
        runPayrollExport(ORG, e.id, deps, { pageSize: 10 }),
      ]);
      // One ran it; the other found its lease (or the export settled) and left it.
      expect(runs.filter((r) => r?.status === 'ready' && r.rows === 120)).toHaveLength(1);
      const settled = await getPayrollExport(hr, e.id, deps);
      expect(settled).toMatchObject({ status: 'ready', rows: 120 });
      const ids = await idsIn(files, ORG, e.id);
      expect(ids.sort()).toEqual(payable.map((t) => t.id).sort());
      // The lease went with the run that held it.
      expect(await runLease(e.id)).toBeUndefined();
    });

    it('leaves an export whose run died to the next run once the dead run’s lease lapses', async () => {
      const payable = novemberStarts(30).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
      await put(deps, payable);
      const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
      // A run took the lease and died (a Lambda timeout: nothing kept it after).
      expect(await deps.exports.takeRun(ORG, e.id, 'dead-run', Date.now(), 400)).toBe(true);

      expect(await runPayrollExport(ORG, e.id, deps, { leaseMs: 400 })).toMatchObject({ status: 'running' });
      await expect(files.read(`${ORG}/${e.id}.csv`)).rejects.toThrow();

      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(await runPayrollExport(ORG, e.id, deps, { leaseMs: 400 })).toMatchObject({ status: 'ready', rows: 30 });
      expect((await idsIn(files, ORG, e.id)).sort()).toEqual(payable.map((t) => t.id).sort());
    });

    it('never puts the file of a run that lost its export over the new run’s, however late the loss', async () => {
      const payable = novemberStarts(30).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
      await put(deps, payable);
      const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
      // The new run's file, already in place.
      const key = `${ORG}/${e.id}.csv`;
      await files.write(key, Readable.from(['the new run’s CSV\r\n']));
      // The lease goes to another run just after this one's last claim, before any keep-alive could notice.
      const claim = deps.exports.claim.bind(deps.exports);
      deps.exports.claim = async (exportId, rows, at) => {
        const got = await claim(exportId, rows, at);
        await leaseTakenBy('the-new-run', e.id);
        return got;
      };

      await expect(runPayrollExport(ORG, e.id, deps)).rejects.toMatchObject({ name: 'RunLost' });
      expect(await files.read(key)).toBe('the new run’s CSV\r\n');
      expect(await getPayrollExport(hr, e.id, deps)).toMatchObject({ status: 'running' });
    });

    it('runs again, after the runtime restarts, an export whose run died with the last process', async () => {
      const payable = novemberStarts(20).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
      await put(deps, payable);
      const stuck = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
      const done = await startPayrollExport(hr, { from: '2026-10-01', to: '2026-10-31' }, deps);
      expect(await runPayrollExport(ORG, done.id, deps)).toMatchObject({ status: 'ready' });
      // The process running `stuck` was stopped: its lease stays until it lapses, and the stream has passed the record.
      expect(await deps.exports.takeRun(ORG, stuck.id, 'dead-process', Date.now(), 200)).toBe(true);
      await deps.exports.claim(stuck.id, payable.slice(0, 5), '2026-11-22T09:00:00.000Z');
      await new Promise((resolve) => setTimeout(resolve, 250));

      const handed: string[] = [];
      const resumed = await resumeRunningExports(['org-elsewhere', ORG], deps.exports, {
        start: async ({ orgId, exportId }) => {
          handed.push(exportId);
          await runPayrollExport(orgId, exportId, deps);
        },
      });
      expect(resumed).toBe(1);
      expect(handed).toEqual([stuck.id]);
      expect(await getPayrollExport(hr, stuck.id, deps)).toMatchObject({ status: 'ready', rows: 20 });
      expect((await idsIn(files, ORG, stuck.id)).sort()).toEqual(payable.map((t) => t.id).sort());
    });

    it('stops a run whose lease another run took: it neither settles the export nor gives back what it claimed', async () => {
      const payable = novemberStarts(60).map((s, i) => timesheet(bank[i % bank.length]!, surgery, s));
      await put(deps, payable);
      const e = await startPayrollExport(hr, { from: '2026-11-01', to: '2026-11-30' }, deps);
      const leaseMs = 200;
      // After the first page is claimed the run stalls past its lease (a long pause), and another run takes over.
      const claim = deps.exports.claim.bind(deps.exports);
      let pages = 0;
      deps.exports.claim = async (exportId, rows, at) => {
        const got = await claim(exportId, rows, at);
        if (++pages === 1) {
          await leaseTakenBy('other-run', e.id);
          // Two beats of the stalled run's keep-alive, each refused.
          await new Promise((resolve) => setTimeout(resolve, leaseMs));
        }
        return got;
      };

      await expect(runPayrollExport(ORG, e.id, deps, { pageSize: 10, leaseMs })).rejects.toMatchObject({
        name: 'RunLost',
      });
      expect(pages).toBe(1);
      expect(await getPayrollExport(hr, e.id, deps)).toMatchObject({ status: 'running', rows: 0 });
      // What it claimed stays claimed by the export, for the run that has it now to write.
      const claimed = (await Promise.all(payable.map((t) => deps.timesheets.get(ORG, t.id)))).filter(
        (t) => t?.status === 'exported',
      );
      expect(claimed.length).toBe(10);
      expect(claimed.every((t) => t?.exportId === e.id)).toBe(true);
      expect(await runLease(e.id)).toMatchObject({ token: 'other-run' });
    });
  });
});
