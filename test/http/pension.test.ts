import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseUrl } from '../support/client';
import {
  type Actor,
  actor,
  booked,
  call,
  clinicianBody,
  expectError,
  freePhone,
  homePractice,
  inThePast,
  manager,
  newClinician,
  otherManager,
  SOMERSET,
} from '../support/security/world';

async function pdfOf(path: string, token: string) {
  const res = await fetch(baseUrl() + path, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  return (await extractText(await getDocumentProxy(bytes), { mergePages: true })).text;
}

const londonMonth = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);

/**
 * NHS pension forms over HTTP, end to end: a self-employed pension member
 * works a (one-minute) shift, the practice approves it, HR invoices the month,
 * and the practice's manager signs the Form A once; Form B lists it. Also who
 * may use each route, and bad input.
 */
describe('NHS pension forms and /pension/at-risk', () => {
  let hr: Actor;
  let admin: Actor;
  let locum: Actor & { clinicianId: string };
  let invoice: { id: string; number: string; practiceId: string; pensionablePence: number };
  const schemeRef = `SD${String(Date.now()).slice(-6)}`;

  beforeAll(async () => {
    hr = await actor(SOMERSET, 'hr');
    admin = await actor(SOMERSET, 'admin');
    const home = await homePractice();
    const created = await call('POST', '/clinicians', {
      token: admin.token,
      body: clinicianBody(home, {
        phone: await freePhone(),
        employment: 'self-employed',
        pension: { member: true, schemeRef },
      }),
    });
    expect(created.status, created.text).toBe(201);
    const login = await call('POST', '/dev/login', { body: { email: created.body.clinician.email } });
    locum = { user: login.body.user, token: login.body.token, clinicianId: created.body.clinician.id };

    // A shift already over, booked with the runtime's clock moved back: its timesheet can be sent at once.
    const { booking } = await inThePast((slot) => booked(slot, locum));
    const submitted = await call('POST', `/bookings/${booking.id}/timesheet`, { token: locum.token, body: {} });
    expect(submitted.status, submitted.text).toBe(201);
    const m = await manager();
    const approved = await call('POST', `/timesheets/${submitted.body.timesheet.id}/approve`, { token: m.token });
    expect(approved.status, approved.text).toBe(200);
    const run = await call('POST', '/invoices/run', { token: hr.token, body: { month: londonMonth() } });
    expect(run.status, run.text).toBe(200);
    const mine = await call('GET', `/invoices?clinicianId=${locum.clinicianId}`, { token: hr.token });
    expect(mine.body.invoices).toHaveLength(1);
    invoice = mine.body.invoices[0];
    expect(invoice.pensionablePence).toBeGreaterThan(0);
  }, 120_000);

  it('prints the Form A with its reference for the locum, the practice and HR', async () => {
    const mon = new Date().toLocaleString('en-GB', { month: 'short', timeZone: 'Europe/London' }).toUpperCase();
    const yy = londonMonth().slice(2, 4);
    const text = await pdfOf(`/invoices/${invoice.id}/form-a`, locum.token);
    expect(text).toContain('GP Locum Form A');
    expect(text).toContain(`Reference: ${schemeRef}LOC${mon}${yy}`);
    expect(text).toContain('Awaiting the practice');
    expect((await call('GET', `/invoices/${invoice.id}/form-a`, { token: hr.token })).status).toBe(200);
    const other = await otherManager(invoice.practiceId);
    expectError(await call('GET', `/invoices/${invoice.id}/form-a`, { token: other.token }), 403, 'FORBIDDEN');
    expectError(await call('GET', '/invoices/inv-nope/form-a', { token: hr.token }), 404, 'NOT_FOUND');
  });

  it('totals the invoice to the penny with the employer contribution on top, and prints it in a PDF that parses', async () => {
    const got = await call('GET', `/invoices/${invoice.id}`, { token: locum.token });
    expect(got.status, got.text).toBe(200);
    const i = got.body.invoice as {
      lines: { amountPence: number; lineType: string }[];
      feePence: number;
      pensionablePence: number;
      employerPensionPence: number;
      totalPence: number;
    };
    const fees = i.lines.filter((l) => l.lineType !== 'cancellation-fee').reduce((s, l) => s + l.amountPence, 0);
    expect(i.feePence).toBe(fees);
    // Half up on whole pence: 90% pensionable, and 14.38% of that paid by the practice on top.
    const pensionable = Math.floor((i.feePence * 90 + 50) / 100);
    const employer = Math.floor((pensionable * 1438 + 5000) / 10000);
    expect(i.pensionablePence).toBe(pensionable);
    expect(i.employerPensionPence).toBe(employer);
    expect(i.totalPence).toBe(i.lines.reduce((s, l) => s + l.amountPence, 0) + employer);
    const pounds = (p: number) => `£${(p / 100).toFixed(2)}`;
    const text = await pdfOf(`/invoices/${invoice.id}/pdf`, locum.token);
    expect(text).toContain(invoice.number);
    // Label and amount are drawn apart on the line: whatever the text layer puts between them.
    expect(text).toMatch(new RegExp(`Employer pension contribution\\s*${pounds(employer)}`));
    expect(text).toMatch(new RegExp(`Total due\\s*${pounds(i.totalPence)}`));
  });

  it('lets the practice’s manager sign once (409 after), and refuses HR, the locum and other practices', async () => {
    const path = `/invoices/${invoice.id}/form-a/sign`;
    expectError(await call('POST', path, { token: hr.token }), 403, 'FORBIDDEN');
    expectError(await call('POST', path, { token: locum.token }), 403, 'FORBIDDEN');
    const other = await otherManager(invoice.practiceId);
    expectError(await call('POST', path, { token: other.token }), 403, 'FORBIDDEN');
    const m = await manager();
    const signed = await call('POST', path, { token: m.token });
    expect(signed.status, signed.text).toBe(200);
    expect(signed.body.invoice).toMatchObject({ id: invoice.id, formASignedBy: m.user.email });
    expect(Date.parse(signed.body.invoice.formASignedAt)).toBeGreaterThan(Date.now() - 60_000);
    expectError(await call('POST', path, { token: admin.token }), 409, 'INVALID_STATE');
    const got = await call('GET', `/invoices/${invoice.id}`, { token: locum.token });
    expect(got.body.invoice.formASignedAt).toBe(signed.body.invoice.formASignedAt);
    expect(await pdfOf(`/invoices/${invoice.id}/form-a`, hr.token)).toContain(`Signed by ${m.user.email}`);

    // Form B now lists it.
    const formB = await pdfOf(`/clinicians/${locum.clinicianId}/pension/form-b?month=${londonMonth()}`, locum.token);
    expect(formB).toContain('GP Locum Form B');
    expect(formB).toContain(`${schemeRef}LOC`);
    expect(formB).toContain('Form As listed: 1');
  });

  it('answers Form B for HR and the locum only, and 400 for a bad month, 409 for a non-member', async () => {
    const path = `/clinicians/${locum.clinicianId}/pension/form-b`;
    expect((await call('GET', `${path}?month=2027-01`, { token: hr.token })).status).toBe(200);
    expectError(await call('GET', `${path}?month=2027-13`, { token: hr.token }), 400, 'VALIDATION');
    expectError(await call('GET', path, { token: hr.token }), 400, 'VALIDATION');
    const someoneElse = await newClinician();
    expectError(await call('GET', `${path}?month=2027-01`, { token: someoneElse.token }), 403);
    expectError(await call('GET', `${path}?month=2027-01`, { token: (await manager()).token }), 403);
    expectError(
      await call('GET', `/clinicians/${someoneElse.clinicianId}/pension/form-b?month=2027-01`, { token: hr.token }),
      409,
      'INVALID_STATE',
    );
  });

  it('lists sessions at risk for HR and admins only', async () => {
    const list = await call('GET', '/pension/at-risk', { token: hr.token });
    expect(list.status, list.text).toBe(200);
    expect(Array.isArray(list.body.sessions)).toBe(true);
    expect((await call('GET', '/pension/at-risk', { token: admin.token })).status).toBe(200);
    expectError(await call('GET', '/pension/at-risk', { token: (await manager()).token }), 403);
    expectError(await call('GET', '/pension/at-risk', { token: locum.token }), 403);
    expectError(await call('GET', '/pension/at-risk'), 401);
  });
});
