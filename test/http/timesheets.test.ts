import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { call, type DemoUser, demoUsers, outboxCaughtUp, SOMERSET, signIn, tokenFor } from '../support/client';

/**
 * Timesheets, payroll exports and the summary report, driven over HTTP.
 * Shifts in October and December 2026 are in the past by the time this runs,
 * so the file moves the runtime's clock (POST /dev/clock): back to post and
 * book them, forward past their starts to submit timesheets, and back to real
 * time at the end. Everything clock-dependent is in this one file.
 */

interface Booked {
  shiftId: string;
  bookingId: string;
  clinician: DemoUser;
  token: string;
}

/** Report totals trail the records by the stream's delay: checks on a report are retried until it has caught up. */
const caughtUp = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 20_000, interval: 300 });

const setClock = async (now: string | null) => {
  const reply = await call('POST', '/dev/clock', { body: { now } });
  expect(reply.status).toBe(200);
};

/**
 * Polls an export until it settles. Its run starts when the outbox consumer
 * reaches it, after the texts written before it (other files' included).
 */
async function settled(token: string, id: string) {
  for (let i = 0; i < 600; i++) {
    const reply = await call('GET', `/payroll/exports/${id}`, { token });
    expect(reply.status).toBe(200);
    if (reply.body.export.status !== 'running') return reply.body.export;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`export ${id} did not finish`);
}

function parseCsv(text: string): Record<string, string>[] {
  // The cells we assert on carry no quotes or commas.
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const columns = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [columns[i], cell])));
}

describe('timesheets, payroll exports and reports', () => {
  let manager: { user: DemoUser; token: string };
  let hr: { token: string };
  let practiceId: string;
  const used = new Set<string>();
  const booked: Record<'night' | 'holiday' | 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', Booked> = {} as never;
  const timesheets: Record<string, any> = {};

  /** Posts a shift offered to every eligible clinician at once and books it as one not used yet. */
  async function book(start: string, end: string, breakMinutes = 0): Promise<Booked> {
    const posted = await call('POST', '/shifts', {
      token: manager.token,
      body: { practiceId, role: 'gp', start, end, breakMinutes, hourlyRatePence: 9000, cascadeMinutes: 0 },
    });
    expect(posted.status, posted.text).toBe(201);
    const users = await demoUsers();
    for (const offer of posted.body.offers as { id: string; clinicianId: string }[]) {
      const clinician = users.find((u) => u.clinicianId === offer.clinicianId);
      if (!clinician || used.has(clinician.clinicianId!)) continue;
      // Payroll pays bank workers only; locums' work is invoiced, so these shifts go to the bank.
      const profile = await call('GET', `/clinicians/${clinician.clinicianId}`, { token: manager.token });
      if (profile.body.clinician?.employment !== 'bank') continue;
      const token = await tokenFor(clinician);
      const accepted = await call('POST', `/offers/${offer.id}/accept`, { token });
      if (accepted.status !== 200) continue;
      used.add(clinician.clinicianId!);
      return { shiftId: posted.body.shift.id, bookingId: accepted.body.booking.id, clinician, token };
    }
    throw new Error(`nobody could book the shift ${start}..${end}`);
  }

  beforeAll(async () => {
    const users = await demoUsers();
    const user = users.find((u) => u.orgId === SOMERSET && u.role === 'manager' && u.practiceIds?.length)!;
    manager = { user, token: await tokenFor(user) };
    practiceId = user.practiceIds![0]!;
    hr = await signIn(SOMERSET, 'hr');

    await setClock('2026-10-01T09:00:00Z');
    // 20:00 BST on 24 Oct to 08:00 GMT on 25 Oct: the clocks go back in between.
    booked.night = await book('2026-10-24T20:00', '2026-10-25T08:00');
    // Monday 28 Dec 2026 is the substitute Boxing Day bank holiday.
    booked.holiday = await book('2026-12-28T09:00', '2026-12-28T17:00', 30);
    booked.a = await book('2026-10-05T09:00', '2026-10-05T17:00', 30);
    booked.b = await book('2026-10-06T09:00', '2026-10-06T17:00', 30);
    booked.c = await book('2026-10-07T09:00', '2026-10-07T17:00', 30);
  });

  afterAll(async () => {
    await setClock(null);
  });

  it('refuses a timesheet before the shift has started with 409 SHIFT_NOT_STARTED', async () => {
    const reply = await call('POST', `/bookings/${booked.night.bookingId}/timesheet`, {
      token: booked.night.token,
      body: {},
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('SHIFT_NOT_STARTED');
  });

  it('takes the booked times by default (no body at all, as `{}` elsewhere) and pays a night across the October clock change 13 hours', async () => {
    await setClock('2026-10-25T09:00:00Z');
    const reply = await call('POST', `/bookings/${booked.night.bookingId}/timesheet`, { token: booked.night.token });
    expect(reply.status, reply.text).toBe(201);
    expect(reply.body.timesheet).toMatchObject({
      bookingId: booked.night.bookingId,
      shiftId: booked.night.shiftId,
      clinicianId: booked.night.clinician.clinicianId,
      start: '2026-10-24T19:00:00.000Z',
      end: '2026-10-25T08:00:00.000Z',
      breakMinutes: 0,
      paidMinutes: 780,
      bankHoliday: false,
      grossPence: 117_000,
      status: 'submitted',
    });
    timesheets.night = reply.body.timesheet;
  });

  it('refuses a second timesheet for the same booking with 409 TIMESHEET_EXISTS', async () => {
    const reply = await call('POST', `/bookings/${booked.night.bookingId}/timesheet`, {
      token: booked.night.token,
      body: { breakMinutes: 15 },
    });
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('TIMESHEET_EXISTS');
  });

  it('lets only the booked clinician submit, and takes the times they give', async () => {
    const other = await call('POST', `/bookings/${booked.a.bookingId}/timesheet`, { token: booked.b.token, body: {} });
    expect(other.status).toBe(403);

    const late = await call('POST', `/bookings/${booked.a.bookingId}/timesheet`, {
      token: booked.a.token,
      body: { start: '2026-10-05T09:15', end: '2026-10-05T17:45', breakMinutes: 45 },
    });
    expect(late.status, late.text).toBe(201);
    expect(late.body.timesheet).toMatchObject({ paidMinutes: 465, grossPence: 69_750 });
    timesheets.a = late.body.timesheet;
    for (const key of ['b', 'c'] as const) {
      const reply = await call('POST', `/bookings/${booked[key].bookingId}/timesheet`, {
        token: booked[key].token,
        body: {},
      });
      expect(reply.status, reply.text).toBe(201);
      timesheets[key] = reply.body.timesheet;
    }
  });

  it("shows a clinician their own timesheets and the manager their practice's, by status", async () => {
    const own = await call('GET', '/timesheets?status=submitted', { token: booked.a.token });
    expect(own.status).toBe(200);
    expect(own.body.timesheets.map((t: any) => t.id)).toEqual([timesheets.a.id]);

    const queue = await call('GET', `/timesheets?status=submitted&practiceId=${practiceId}&limit=200`, {
      token: manager.token,
    });
    expect(queue.status).toBe(200);
    const ids = queue.body.timesheets.map((t: any) => t.id);
    for (const key of ['night', 'a', 'b', 'c']) expect(ids).toContain(timesheets[key].id);
  });

  it('lets the manager approve (again: no change) and tells the clinician; an approved one cannot be rejected', async () => {
    const clinicianTries = await call('POST', `/timesheets/${timesheets.night.id}/approve`, {
      token: booked.night.token,
    });
    expect(clinicianTries.status).toBe(403);

    for (const key of ['night', 'a', 'b', 'c']) {
      const reply = await call('POST', `/timesheets/${timesheets[key].id}/approve`, { token: manager.token });
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.timesheet.status).toBe('approved');
    }
    const again = await call('POST', `/timesheets/${timesheets.night.id}/approve`, { token: manager.token });
    expect(again.status).toBe(200);
    expect(again.body.timesheet.status).toBe('approved');

    const reject = await call('POST', `/timesheets/${timesheets.night.id}/reject`, {
      token: manager.token,
      body: { reason: 'wrong' },
    });
    expect(reject.status).toBe(409);
    expect(reject.body.error.code).toBe('INVALID_STATE');

    // The stream pump relays the outbox shortly after the approval's transaction, but behind whatever earlier
    // files left it (authorisation.test.ts: some 3,000 texts): wait for that backlog first, then up to 30 s.
    await outboxCaughtUp();
    let told = false;
    for (let i = 0; i < 150 && !told; i++) {
      const outbox = await call('GET', '/dev/outbox?kind=timesheet-approved');
      expect(outbox.status).toBe(200);
      told = outbox.body.messages.some((m: any) => /Timesheet approved/i.test(`${m.subject ?? ''} ${m.body}`));
      if (!told) await new Promise((r) => setTimeout(r, 200));
    }
    expect(told).toBe(true);
  }, 240_000);

  it('uplifts a shift on a bank holiday, and refuses times that end before they start', async () => {
    await setClock('2026-12-28T18:00:00Z');
    const backwards = await call('POST', `/bookings/${booked.holiday.bookingId}/timesheet`, {
      token: booked.holiday.token,
      body: { start: '2026-12-28T17:00', end: '2026-12-28T09:00' },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].path).toBe('body.end');

    const reply = await call('POST', `/bookings/${booked.holiday.bookingId}/timesheet`, {
      token: booked.holiday.token,
      body: {},
    });
    expect(reply.status, reply.text).toBe(201);
    // 7.5 paid hours at £90 with the organisation's 1.5 uplift.
    expect(reply.body.timesheet).toMatchObject({ paidMinutes: 450, bankHoliday: true, grossPence: 101_250 });
    timesheets.holiday = reply.body.timesheet;
    const approved = await call('POST', `/timesheets/${timesheets.holiday.id}/approve`, { token: manager.token });
    expect(approved.status).toBe(200);
    await setClock(null);
  });

  it('exports the night at 13.00 paid hours and the bank holiday uplifted', async () => {
    const night = await call('POST', '/payroll/exports', {
      token: hr.token,
      body: { from: '2026-10-24', to: '2026-10-25' },
    });
    expect(night.status, night.text).toBe(201);
    expect(night.body.export).toMatchObject({ status: 'running', from: '2026-10-24', to: '2026-10-25' });
    const done = await settled(hr.token, night.body.export.id);
    expect(done).toMatchObject({ status: 'ready', rows: 1, totalPence: 117_000 });
    // Only a failed export may be retried.
    const retry = await call('POST', `/payroll/exports/${done.id}/retry`, { token: hr.token });
    expect(retry.status, retry.text).toBe(409);
    expect(retry.body.error).toMatchObject({ code: 'INVALID_STATE', message: 'Only a failed export can be retried' });

    const csv = await call('GET', `/payroll/exports/${done.id}/csv`, { token: hr.token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [row] = parseCsv(csv.text);
    expect(row).toMatchObject({
      timesheet_id: timesheets.night.id,
      shift_date: '2026-10-24',
      start_time: '20:00',
      end_time: '08:00',
      paid_hours: '13.00',
      hourly_rate: '90.00',
      bank_holiday: 'no',
      gross_pay: '1170.00',
      // v1.1: 117000p x 12.07% = 14121.9p, rolled up and rounded half up.
      holiday_pay: '141.22',
      line_type: 'shift',
    });
    expect(Object.keys(row!).slice(-5)).toEqual(['timesheet_id', 'holiday_pay', 'mileage', 'expenses', 'line_type']);

    const holiday = await call('POST', '/payroll/exports', {
      token: hr.token,
      body: { from: '2026-12-28', to: '2026-12-28' },
    });
    const holidayDone = await settled(hr.token, holiday.body.export.id);
    const [holidayRow] = parseCsv(
      (await call('GET', `/payroll/exports/${holidayDone.id}/csv`, { token: hr.token })).text,
    );
    expect(holidayRow).toMatchObject({
      timesheet_id: timesheets.holiday.id,
      paid_hours: '7.50',
      bank_holiday: 'yes',
      gross_pay: '1012.50',
    });

    const exported = await call(
      'GET',
      `/timesheets?status=exported&clinicianId=${booked.night.clinician.clinicianId}`,
      {
        token: hr.token,
      },
    );
    expect(exported.body.timesheets.map((t: any) => t.id)).toContain(timesheets.night.id);
  });

  it('pays each timesheet once when two exports of one period are started together', async () => {
    const [first, second] = await Promise.all(
      [0, 1].map(() =>
        call('POST', '/payroll/exports', { token: hr.token, body: { from: '2026-10-05', to: '2026-10-07' } }),
      ),
    );
    expect(first!.status).toBe(201);
    expect(second!.status).toBe(201);
    const ids = [];
    for (const reply of [first!, second!]) {
      const done = await settled(hr.token, reply.body.export.id);
      expect(done.status).toBe('ready');
      const csv = await call('GET', `/payroll/exports/${done.id}/csv`, { token: hr.token });
      ids.push(parseCsv(csv.text).map((r) => r.timesheet_id));
    }
    const [a, b] = ids as [string[], string[]];
    expect(a.filter((id) => b.includes(id))).toEqual([]);
    expect([...a, ...b].sort()).toEqual([timesheets.a.id, timesheets.b.id, timesheets.c.id].sort());

    const list = await call('GET', '/payroll/exports', { token: hr.token });
    expect(list.status).toBe(200);
    const listed = list.body.exports.map((e: any) => e.id);
    expect(listed.indexOf(second!.body.export.id)).toBeGreaterThanOrEqual(0);
    // Newest first.
    const created = list.body.exports.map((e: any) => e.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('refuses a period backwards or longer than 93 days, and anyone but HR and admins', async () => {
    const backwards = await call('POST', '/payroll/exports', {
      token: hr.token,
      body: { from: '2026-10-07', to: '2026-10-05' },
    });
    expect(backwards.status).toBe(400);
    const long = await call('POST', '/payroll/exports', {
      token: hr.token,
      body: { from: '2026-01-01', to: '2026-04-05' },
    });
    expect(long.status).toBe(400);
    const asManager = await call('POST', '/payroll/exports', {
      token: manager.token,
      body: { from: '2026-10-05', to: '2026-10-07' },
    });
    expect(asManager.status).toBe(403);
    const missing = await call('GET', '/payroll/exports/no-such-export', { token: hr.token });
    expect(missing.status).toBe(404);
  });

  it("summarises fill and spend, a manager's own practices only", async () => {
    // Reports are kept from the table's stream: they catch up with the approvals just made within moments.
    await caughtUp(async () => {
      const reply = await call('GET', '/reports/summary?from=2026-10-01&to=2026-12-31', { token: manager.token });
      expect(reply.status, reply.text).toBe(200);
      const summary = reply.body;
      expect(summary.byPractice.map((p: any) => p.practiceId).sort()).toEqual([...manager.user.practiceIds!].sort());
      const mine = summary.byPractice.find((p: any) => p.practiceId === practiceId);
      expect(mine.shiftsFilled).toBeGreaterThanOrEqual(5);
      const ours = ['night', 'holiday', 'a', 'b', 'c'].reduce((s, k) => s + timesheets[k].grossPence, 0);
      expect(mine.spendPence).toBeGreaterThanOrEqual(ours);
      expect(summary.byWeek[0].weekStart).toBe('2026-09-28');
      expect(summary.fillRate).toBeGreaterThan(0);
    });

    const asClinician = await call('GET', '/reports/summary?from=2026-10-01&to=2026-12-31', { token: booked.a.token });
    expect(asClinician.status).toBe(403);
  });

  describe('putting timesheets right', { timeout: 90_000 }, () => {
    // Booked here, after the tests above, so their offers do not queue ahead of the messages those tests wait for.
    beforeAll(async () => {
      await setClock('2026-10-01T09:00:00Z');
      // Queried and amended, rejected and resubmitted, inflated, and approved on trust.
      booked.d = await book('2026-10-08T09:00', '2026-10-08T17:00', 30);
      booked.e = await book('2026-10-09T09:00', '2026-10-09T17:00', 30);
      booked.f = await book('2026-10-12T09:00', '2026-10-12T17:00', 30);
      booked.g = await book('2026-10-13T09:00', '2026-10-13T17:00', 30);
    });

    /** Waits for the relay to record a message of `kind` whose text contains `words`. */
    async function toldOf(kind: string, words: string) {
      for (let i = 0; i < 150; i++) {
        const outbox = await call('GET', `/dev/outbox?kind=${kind}`);
        expect(outbox.status).toBe(200);
        if (outbox.body.messages.some((m: any) => `${m.subject ?? ''} ${m.body}`.includes(words))) return true;
        await new Promise((r) => setTimeout(r, 200));
      }
      return false;
    }

    it('carries the booking and the variance, takes a query, a corrected claim and an approval amended with a note', async () => {
      await setClock('2026-10-20T09:00:00Z');
      const { bookingId, token } = booked.d;
      const submitted = await call('POST', `/bookings/${bookingId}/timesheet`, {
        token,
        body: { end: '2026-10-08T18:30', mileageMiles: 12.5, expenses: [{ description: 'Parking', amountPence: 650 }] },
      });
      expect(submitted.status, submitted.text).toBe(201);
      const t = submitted.body.timesheet;
      expect(t).toMatchObject({
        booked: { start: '2026-10-08T08:00:00.000Z', end: '2026-10-08T16:00:00.000Z', breakMinutes: 30 },
        variance: { minutes: 90, pence: 13_500 },
        mileagePence: 563,
        totalPence: t.grossPence + 563 + 650,
      });

      const query = await call('POST', `/timesheets/${t.id}/query`, {
        token: manager.token,
        body: { note: 'The surgery closed at 18:00' },
      });
      expect(query.status, query.text).toBe(200);
      expect(query.body.timesheet).toMatchObject({ status: 'queried', queryNote: 'The surgery closed at 18:00' });
      expect(await toldOf('timesheet-queried', 'The surgery closed at 18:00')).toBe(true);
      const listed = await call('GET', '/timesheets?status=queried', { token });
      expect(listed.body.timesheets.map((x: any) => x.id)).toEqual([t.id]);

      const byManager = await call('PATCH', `/timesheets/${t.id}`, {
        token: manager.token,
        body: { start: '2026-10-08T09:00', end: '2026-10-08T18:00', breakMinutes: 30 },
      });
      expect(byManager.status).toBe(403);
      const amended = await call('PATCH', `/timesheets/${t.id}`, {
        token,
        body: { start: '2026-10-08T09:00', end: '2026-10-08T18:00', breakMinutes: 30, note: 'Left at six' },
      });
      expect(amended.status, amended.text).toBe(200);
      expect(amended.body.timesheet).toMatchObject({ status: 'submitted', variance: { minutes: 60, pence: 9000 } });

      const noNote = await call('POST', `/timesheets/${t.id}/approve`, {
        token: manager.token,
        body: { end: '2026-10-08T17:30' },
      });
      expect(noNote.status).toBe(400);
      expect(noNote.body.error).toMatchObject({
        code: 'VALIDATION',
        details: [expect.objectContaining({ path: 'body.note' })],
      });
      const approved = await call('POST', `/timesheets/${t.id}/approve`, {
        token: manager.token,
        body: { end: '2026-10-08T17:30', note: 'Clinic ended 17:30' },
      });
      expect(approved.status, approved.text).toBe(200);
      expect(approved.body.timesheet).toMatchObject({
        status: 'approved',
        end: '2026-10-08T16:30:00.000Z',
        variance: { minutes: 30, pence: 4500 },
        amendment: { note: 'Clinic ended 17:30', from: { end: '2026-10-08T17:00:00.000Z' } },
      });
      const late = await call('PATCH', `/timesheets/${t.id}`, {
        token,
        body: { start: '2026-10-08T09:00', end: '2026-10-08T18:00', breakMinutes: 30 },
      });
      expect(late.status).toBe(409);
      expect(late.body.error.code).toBe('INVALID_STATE');
    });

    it('tells the clinician why a timesheet was rejected, and takes it back corrected', async () => {
      const { bookingId, token } = booked.e;
      const t = (await call('POST', `/bookings/${bookingId}/timesheet`, { token, body: { end: '2026-10-09T19:00' } }))
        .body.timesheet;
      const rejected = await call('POST', `/timesheets/${t.id}/reject`, {
        token: manager.token,
        body: { reason: 'You left at 17:00 that day' },
      });
      expect(rejected.status, rejected.text).toBe(200);
      expect(await toldOf('timesheet-rejected', 'You left at 17:00 that day')).toBe(true);
      const again = await call('PATCH', `/timesheets/${t.id}`, {
        token,
        body: { start: '2026-10-09T09:00', end: '2026-10-09T17:00', breakMinutes: 30 },
      });
      expect(again.status, again.text).toBe(200);
      expect(again.body.timesheet).toMatchObject({ status: 'submitted', variance: { minutes: 0, pence: 0 } });
    });

    it('refuses an inflated claim with 400 VALIDATION, naming the field', async () => {
      const { bookingId, token } = booked.f;
      const long = await call('POST', `/bookings/${bookingId}/timesheet`, {
        token,
        body: { start: '2026-10-12T07:00', end: '2026-10-13T03:00' },
      });
      expect(long.status).toBe(400);
      expect(long.body.error).toMatchObject({
        code: 'VALIDATION',
        details: [expect.objectContaining({ path: 'body.end' })],
      });
      const early = await call('POST', `/bookings/${bookingId}/timesheet`, {
        token,
        body: { start: '2026-10-12T06:00', end: '2026-10-12T14:00' },
      });
      expect(early.status).toBe(400);
      expect(early.body.error.details.map((d: any) => d.path)).toContain('body.start');
    });

    it('approves a claim within 15 minutes of the booking on trust, 72 hours after it was submitted', async () => {
      await setClock('2026-10-13T18:00:00Z');
      const { bookingId, token } = booked.g;
      const t = (await call('POST', `/bookings/${bookingId}/timesheet`, { token, body: { end: '2026-10-13T17:10' } }))
        .body.timesheet;
      expect(t.status).toBe('submitted');
      await setClock('2026-10-16T17:59:00Z');
      await new Promise((r) => setTimeout(r, 1000));
      expect((await call('GET', '/timesheets?status=approved', { token })).body.timesheets).toEqual([]);
      await setClock('2026-10-16T18:00:30Z');
      let approved: any;
      for (let i = 0; i < 50 && !approved; i++) {
        approved = (await call('GET', '/timesheets?status=approved', { token })).body.timesheets.find(
          (x: any) => x.id === t.id,
        );
        if (!approved) await new Promise((r) => setTimeout(r, 200));
      }
      expect(approved).toMatchObject({ status: 'approved', decidedBy: 'system' });
      await setClock(null);
    });

    it('groups the summary by month and gives it as CSV, counting only approved and exported timesheets', async () => {
      // The JSON and the CSV agree once the stream has brought the totals up to the approval just made.
      await caughtUp(async () => {
        const json = await call('GET', '/reports/summary?from=2026-10-01&to=2026-12-31&groupBy=month', {
          token: hr.token,
        });
        expect(json.status, json.text).toBe(200);
        const { series, spendPence } = json.body;
        expect(series.map((p: any) => p.period)).toEqual(['2026-10', '2026-11', '2026-12']);
        expect(series.reduce((t: number, p: any) => t + p.spendPence, 0)).toBe(spendPence);
        // Every timesheet this file approved counts; e (submitted again) and f (none) do not.
        const approved = ['night', 'holiday', 'a', 'b', 'c'].reduce((t, k) => t + timesheets[k].grossPence, 0);
        expect(spendPence).toBeGreaterThanOrEqual(approved);

        const csv = await call('GET', '/reports/summary.csv?from=2026-10-01&to=2026-12-31&groupBy=month', {
          token: hr.token,
        });
        expect(csv.status, csv.text).toBe(200);
        expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
        const rows = parseCsv(csv.text);
        expect(rows.map((r) => r.period)).toEqual(['2026-10', '2026-11', '2026-12', '2026-10-01..2026-12-31']);
        expect(rows.at(-1)).toMatchObject({
          shifts_posted: String(json.body.shiftsPosted),
          spend: (spendPence / 100).toFixed(2),
        });
      });
      const bad = await call('GET', '/reports/summary.csv?from=2026-10-01&to=2026-12-31&groupBy=year', {
        token: hr.token,
      });
      expect(bad.status).toBe(400);
    });
  });
});
