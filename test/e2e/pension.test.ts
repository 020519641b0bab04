import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import {
  type Actor,
  actor,
  booked,
  clinicianBody,
  freePhone,
  homePractice,
  inThePast,
  manager,
  SOMERSET,
} from '../support/security/world';
import { checkPage, launch, open, signInAs } from './browser';

const run = Date.now().toString(36);
const londonMonth = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .slice(0, 7);

/**
 * A self-employed GP in the NHS Pension Scheme, made through the API, works
 * a (one-minute) shift that the practice approves and HR invoices: the locum
 * follows it on My pay, the practice's manager signs the Form A from the
 * invoice, and HR's at-risk page loads.
 */
describe('pension forms in the app', () => {
  let page: Page;
  let close: () => Promise<void>;
  let locum: Actor & { clinicianId: string; name: string };
  let invoice: { id: string; number: string };

  beforeAll(async () => {
    ({ page, close } = await launch());
    const admin = await actor(SOMERSET, 'admin');
    const home = await homePractice();
    const name = `Dr Tamsin Penhallow ${run}`;
    const created = await call('POST', '/clinicians', {
      token: admin.token,
      body: clinicianBody(home, {
        name,
        email: `tamsin.${run}@bank.example`,
        phone: await freePhone(),
        employment: 'self-employed',
        pension: { member: true, schemeRef: 'SD424242' },
      }),
    });
    expect(created.status, created.text).toBe(201);
    const login = await call('POST', '/dev/login', { body: { email: created.body.clinician.email } });
    locum = { user: login.body.user, token: login.body.token, clinicianId: created.body.clinician.id, name };

    // A shift already over, booked with the runtime's clock moved back: its timesheet can be sent at once.
    const { booking } = await inThePast((slot) => booked(slot, locum));
    const submitted = await call('POST', `/bookings/${booking.id}/timesheet`, { token: locum.token, body: {} });
    expect(submitted.status, submitted.text).toBe(201);
    const m = await manager();
    expect((await call('POST', `/timesheets/${submitted.body.timesheet.id}/approve`, { token: m.token })).status).toBe(
      200,
    );
    const hr = await actor(SOMERSET, 'hr');
    expect((await call('POST', '/invoices/run', { token: hr.token, body: { month: londonMonth() } })).status).toBe(200);
    const mine = await call('GET', `/invoices?clinicianId=${locum.clinicianId}`, { token: hr.token });
    invoice = mine.body.invoices[0];
    expect(invoice).toBeDefined();
  });
  afterAll(async () => close());

  it('shows the locum each timesheet’s journey on My pay, invoiced and awaiting the Form A', async () => {
    await signInAs(page, locum.name);
    await page.getByRole('link', { name: 'My pay' }).click();
    await page.getByRole('heading', { level: 1, name: 'My pay' }).waitFor();
    const row = page.locator('tr', { hasText: invoice.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('Awaiting signature');
    const card = page.locator('.card', { hasText: `Invoiced (${invoice.number})` });
    await card.waitFor();
    expect(await card.locator('.journey-done').allTextContents()).toEqual([
      expect.stringContaining('Submitted'),
      expect.stringContaining('Approved'),
      expect.stringContaining(`Invoiced (${invoice.number})`),
    ]);
    expect(await card.locator('.journey-todo').allTextContents()).toEqual([
      expect.stringContaining('Form A signed'),
      expect.stringContaining('Paid'),
    ]);
    await checkPage(page, 'clinician-my-pay');
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('lets the practice’s manager sign the Form A from the invoice, once', async () => {
    const m = await manager();
    await signInAs(page, m.user.name);
    await open(page, '/manager/invoices');
    await page.getByRole('heading', { level: 1, name: 'Locum invoices' }).waitFor();
    await checkPage(page, 'manager-invoices');
    await page.getByRole('button', { name: `Sign Form A for ${invoice.number}` }).click();
    await page.getByText(`Form A for ${invoice.number} signed by ${m.user.email}`).waitFor();
    const card = page.locator('.card', { hasText: invoice.number });
    await card.getByText(`Form A signed by ${m.user.email}`).waitFor();
    expect(await card.getByRole('button', { name: /Sign Form A/ }).count()).toBe(0);
    const got = await call('GET', `/invoices/${invoice.id}`, { token: locum.token });
    expect(got.body.invoice.formASignedBy).toBe(m.user.email);
    await page.getByRole('button', { name: 'Sign out' }).click();
  });

  it('shows HR the pension at-risk page', async () => {
    const hr = await actor(SOMERSET, 'hr');
    await signInAs(page, hr.user.name);
    await page.getByRole('link', { name: 'Pension at risk' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pension at risk' }).waitFor();
    const listed = await call('GET', '/pension/at-risk', { token: hr.token });
    if (listed.body.sessions.length === 0) {
      await page.getByText('No pensionable session is near its deadline').waitFor();
    } else {
      await page.locator('tbody tr').first().waitFor();
      expect(await page.locator('tbody tr').count()).toBe(listed.body.sessions.length);
    }
    await checkPage(page, 'hr-pension');
  });
});
