import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import { type Actor, actor, booked, manager, postShift, SOMERSET, slotter } from '../support/security/world';
import { checkPage, launch, londonDate, open, signInAs } from './browser';

/**
 * A rate raise within the practice's cap and one above it, decided by an
 * admin on the escalations page; and a filled shift cancelled inside the late
 * window, where the fee is shown and nothing is cancelled until the manager
 * confirms it. The records are made through the API (a shift of the suite's
 * role, £20.00 an hour, at the first manager's practice, capped at £25.00
 * for that role).
 */
const slot = slotter(900);

describe('rate escalations and late cancellations in the browser', () => {
  let page: Page;
  let close: () => Promise<void>;
  let boss: Actor & { practiceId: string };
  let admin: Actor;
  let shiftId: string;

  beforeAll(async () => {
    ({ page, close } = await launch());
    boss = await manager();
    admin = await actor(SOMERSET, 'admin');
    const capped = await call('PATCH', `/practices/${boss.practiceId}`, {
      token: admin.token,
      body: { maxHourlyRatePence: { phlebotomist: 2500 } },
    });
    expect(capped.status, capped.text).toBe(200);
    shiftId = (await postShift(slot())).shift.id;
  });
  afterAll(async () => close());

  const rateForm = () => page.locator('section[aria-labelledby="rate-h"]');

  it('raises the rate within the cap at once, and above it sends the raise to an admin', async () => {
    await signInAs(page, boss.user.name);
    await open(page, `/manager/shifts/${shiftId}`);
    await page.getByRole('heading', { level: 2, name: 'Raise the rate' }).waitFor();

    await rateForm()
      .getByLabel(/New rate/)
      .fill('22.00');
    await rateForm().getByLabel('Reason').fill('No takers yet');
    await rateForm().getByRole('button', { name: 'Raise rate' }).click();
    await page.getByText('Raised to £22.00 an hour; everyone offered it has been told.').waitFor();
    await expect.poll(async () => (await page.locator('.details').textContent()) ?? '').toContain('£22.00 an hour');

    await rateForm()
      .getByLabel(/New rate/)
      .fill('30.00');
    await rateForm().getByLabel('Reason').fill('Flu season: nobody free');
    await rateForm().getByRole('button', { name: 'Raise rate' }).click();
    await page.getByText(/£30\.00 an hour is above this practice's cap, so an admin must approve it/).waitFor();
    await checkPage(page, 'manager-shift-rate-escalated');

    const shift = await call('GET', `/shifts/${shiftId}`, { token: boss.token });
    expect(shift.body.shift.hourlyRatePence).toBe(2200);
    const pending = await call('GET', '/escalations?status=pending', { token: admin.token });
    expect(pending.body.escalations).toEqual(
      expect.arrayContaining([expect.objectContaining({ shiftId, fromPence: 2200, toPence: 3000, capPence: 2500 })]),
    );
  });

  it('shows the admin the raise waiting, with its rates, cap and reason; approving applies it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, admin.user.name);
    await open(page, '/admin/escalations');
    await page.getByRole('heading', { level: 1, name: 'Rate escalations' }).waitFor();
    const card = page.locator('li.card', { hasText: 'Flu season: nobody free' });
    await card.waitFor();
    // When the shift is, beside the rates: how close it is decides how much a raise is worth.
    await card.locator('.offer-when').waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain('£22.00 → £30.00 an hour (cap £25.00)');
    expect(text).toContain('10:00–11:00');
    await checkPage(page, 'admin-escalations');

    await card.getByRole('button', { name: 'Approve' }).click();
    await page.getByText('Approved: the shift now pays £30.00 an hour and its offerees have been told.').waitFor();
    await expect.poll(() => card.count()).toBe(0);
    const shift = await call('GET', `/shifts/${shiftId}`, { token: admin.token });
    expect(shift.body.shift.hourlyRatePence).toBe(3000);
    const left = await call('GET', '/escalations?status=pending', { token: admin.token });
    if (left.body.escalations.length === 0) await page.getByText('No raises are waiting.').waitFor();
    await checkPage(page, 'admin-escalations-decided');
  });

  it('warns a manager cancelling a filled shift late of the fee, and cancels nothing until they confirm', async () => {
    // Tomorrow morning in London: always inside the 48-hour window, never started.
    const day = londonDate(1);
    const b = await booked({ start: `${day}T10:00`, end: `${day}T11:00` });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(page, boss.user.name);
    await open(page, `/manager/shifts/${b.shift.id}`);
    await page.getByRole('heading', { level: 2, name: 'Cancel this shift' }).waitFor();
    await page.getByRole('button', { name: 'Cancel shift…' }).click();
    await page.getByLabel('Reason').fill('Room flooded');
    await page.getByRole('button', { name: 'Cancel shift', exact: true }).click();

    const warning = page.getByRole('alert').filter({ hasText: 'Late cancellation: a fee is owed' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain('£40.00');
    const confirm = page.getByRole('button', { name: 'Cancel and pay £40.00' });
    await confirm.waitFor();
    // The first press only asked: the shift is still filled and the clinician still booked.
    const before = await call('GET', `/shifts/${b.shift.id}`, { token: boss.token });
    expect(before.body.shift.status).toBe('filled');
    await checkPage(page, 'manager-shift-late-cancel-warning');

    await confirm.click();
    await page.getByRole('heading', { level: 2, name: 'Cancel this shift' }).waitFor({ state: 'detached' });
    const after = await call('GET', `/shifts/${b.shift.id}`, { token: boss.token });
    expect(after.body.shift.status).toBe('cancelled');
    const mine = await call('GET', '/bookings?limit=200', { token: b.clinician.token });
    const booking = mine.body.bookings.find((x: { id: string }) => x.id === b.booking.id);
    expect(booking).toMatchObject({ status: 'cancelled', cancelReason: 'Room flooded' });
    const fee = await call('GET', `/timesheets?limit=200`, { token: b.clinician.token });
    expect(fee.body.timesheets).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ bookingId: b.booking.id, lineType: 'cancellation-fee', grossPence: 4000 }),
      ]),
    );
    await checkPage(page, 'manager-shift-late-cancelled');
  });
});
