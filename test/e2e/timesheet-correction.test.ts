import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import { manager, newClinician, startedBookings } from '../support/security/world';
import { checkPage, launch, open, signInAs } from './browser';

const run = Date.now().toString(36);
/** London wall clock to the minute, as a datetime-local input holds it. */
const londonLocal = (iso: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(iso))
    .replace(' ', 'T');

/**
 * A timesheet put right in the browser: the approver sees the claim against
 * the booking, queries it, the clinician reads the query and resubmits, the
 * approver rejects with a reason, the clinician reads that too and
 * resubmits, and the approver amends it with a note and approves.
 */
describe('a timesheet put right', () => {
  let page: Page;
  let close: () => Promise<void>;
  let name: string;
  let clinicianEmail: string;
  let managerName: string;
  let timesheetId: string;
  let booked: { start: string; end: string };
  let clinicianToken: string;

  beforeAll(async () => {
    ({ page, close } = await launch());
    name = `Tamsin Pengelly ${run}`;
    const [made] = await startedBookings(1, () => newClinician({ name }));
    const b = made!;
    clinicianEmail = b.clinician.user.email;
    booked = { start: b.shift.start, end: b.shift.end };
    clinicianToken = b.clinician.token;
    // Claimed half an hour before the booked start: a variance the approver must see.
    const early = new Date(Date.parse(booked.start) - 30 * 60_000).toISOString();
    const sent = await call('POST', `/bookings/${b.booking.id}/timesheet`, {
      token: b.clinician.token,
      body: { start: early, end: booked.end, breakMinutes: 0 },
    });
    expect(sent.status, sent.text).toBe(201);
    timesheetId = sent.body.timesheet.id;
    managerName = (await manager()).user.name!;
  }, 240_000);
  afterAll(async () => close());

  const card = () => page.locator('.card.timesheet', { hasText: name });
  const status = async () =>
    (await call('GET', '/timesheets?limit=200', { token: clinicianToken })).body.timesheets.find(
      (t: { id: string }) => t.id === timesheetId,
    );

  it('shows the approver the claim beside the booking, and sends a query', async () => {
    await signInAs(page, managerName);
    await open(page, '/manager/timesheets');
    await page.getByRole('heading', { level: 1, name: 'Timesheets' }).waitFor();
    await card().waitFor();
    expect(await card().locator('.booked-claimed').textContent()).toMatch(/\+30 min/);
    await checkPage(page, 'timesheet-correction-variance');

    await card().getByRole('button', { name: 'Query…' }).click();
    await card().getByLabel('What should the clinician check?').fill('We have you starting at the booked time');
    await card().getByRole('button', { name: 'Send query' }).click();
    await card().getByRole('status').waitFor();
    expect((await status()).status).toBe('queried');
  });

  it('shows the clinician the query, and they correct and resubmit', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, clinicianEmail);
    await open(page, '/clinician/bookings');
    const query = page.getByRole('alert').filter({ hasText: 'The practice has a query' });
    await query.waitFor();
    expect(await query.textContent()).toContain('We have you starting at the booked time');
    await checkPage(page, 'timesheet-correction-queried');

    await page.getByRole('button', { name: 'Correct and resubmit…' }).click();
    await page.getByLabel('Started').fill(londonLocal(new Date(Date.parse(booked.start) - 10 * 60_000).toISOString()));
    await page.getByRole('button', { name: 'Resubmit timesheet' }).click();
    await expect.poll(async () => (await status()).status).toBe('submitted');
  });

  it('lets the approver reject with a reason, which reaches the clinician, who resubmits again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, managerName);
    await open(page, '/manager/timesheets');
    await card().waitFor();
    await card().getByRole('button', { name: 'Reject…' }).click();
    await card().getByLabel('Why are you rejecting it?').fill('Still ten minutes early; please claim booked times');
    await card().getByRole('button', { name: 'Reject timesheet' }).click();
    await card().getByRole('status').waitFor();
    expect((await status()).status).toBe('rejected');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, clinicianEmail);
    await open(page, '/clinician/bookings');
    const rejected = page.getByRole('alert').filter({ hasText: 'The practice rejected this timesheet' });
    await rejected.waitFor();
    expect(await rejected.textContent()).toContain('Still ten minutes early');
    await checkPage(page, 'timesheet-correction-rejected');
    await page.getByRole('button', { name: 'Correct and resubmit…' }).click();
    await page.getByRole('button', { name: 'Resubmit timesheet' }).click();
    await expect.poll(async () => (await status()).status).toBe('submitted');
  });

  it('lets the approver amend the times with a note and approve', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, managerName);
    await open(page, '/manager/timesheets');
    await card().waitFor();
    await card().getByRole('button', { name: 'Amend and approve…' }).click();
    await card().getByLabel('Started').fill(londonLocal(booked.start));
    await card().getByLabel('Why are you amending it?').fill('Started at the booked time, per the rota');
    await checkPage(page, 'timesheet-correction-amend');
    await card().getByRole('button', { name: 'Approve amended' }).click();
    await card().getByText('Approved').waitFor();
    const approved = await status();
    expect(approved).toMatchObject({
      status: 'approved',
      amendment: { note: 'Started at the booked time, per the rota' },
    });
  });
});
