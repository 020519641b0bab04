import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import { type Actor, booked, newClinician, postShift, type Shift, slotter } from '../support/security/world';
import { checkPage, launch, open, signInAs } from './browser';

/**
 * A clinician books from "Open shifts you could work": shifts posted before
 * they joined the bank, so never offered to them. Near dates, so they come
 * first in the list whatever other files have posted further out.
 */
const slot = slotter(12);

describe('a clinician booking an open shift they were not offered', () => {
  let page: Page;
  let close: () => Promise<void>;
  let me: Actor & { clinicianId: string };
  let wanted: Shift;
  let gone: Shift;
  let soon: Awaited<ReturnType<typeof booked>>;

  beforeAll(async () => {
    ({ page, close } = await launch());
    wanted = (await postShift(slot(['09:00', '12:00']))).shift;
    gone = (await postShift(slot(['13:00', '16:00']))).shift;
    me = await newClinician();
    // A booking tomorrow: inside the organisation's late-cancellation window.
    soon = await booked(slotter(1)(['15:00', '16:00']), me);
  });
  afterAll(async () => close());

  it('asks before booking, books it, and says so', async () => {
    await signInAs(page, me.user.email);
    await page.getByRole('heading', { level: 2, name: 'Open shifts you could work' }).waitFor();
    const target = page.locator(`.open-shifts li[data-shift="${wanted.id}"]`);
    await target.waitFor();
    expect(await target.textContent()).toContain('Total pay£60.00');
    await checkPage(page, 'clinician-open-shifts');

    await target.getByRole('button', { name: /Book/ }).click();
    const question = target.getByRole('status').filter({ hasText: 'Book this shift?' });
    await question.waitFor();
    await checkPage(page, 'clinician-open-shifts-confirm');
    // Asking booked nothing; "Not now" leaves it open.
    expect((await call('GET', `/shifts/${wanted.id}`, { token: me.token })).body.shift.status).toBe('open');
    await target.getByRole('button', { name: 'Not now' }).click();
    await question.waitFor({ state: 'detached' });

    await target.getByRole('button', { name: /Book/ }).click();
    await target.getByRole('button', { name: 'Yes, book it' }).click();
    await target.getByText('Booked. It’s yours.').waitFor();
    await checkPage(page, 'clinician-open-shifts-booked');
    const shift = (await call('GET', `/shifts/${wanted.id}`, { token: me.token })).body.shift;
    expect(shift).toMatchObject({ status: 'filled', booking: { clinicianId: me.clinicianId } });
  });

  it('hears that someone else got there first when the shift was booked meanwhile', async () => {
    await open(page, '/clinician/offers');
    const card = page.locator(`.open-shifts li[data-shift="${gone.id}"]`);
    await card.waitFor();
    const rival = await newClinician();
    expect((await call('POST', `/shifts/${gone.id}/take`, { token: rival.token })).status).toBe(200);

    await card.getByRole('button', { name: /Book/ }).click();
    await card.getByRole('button', { name: 'Yes, book it' }).click();
    await card.getByText('Someone else got there first').waitFor();
    await checkPage(page, 'clinician-open-shifts-taken');
  });

  it("warns of a late cancellation with the organisation's own window", async () => {
    const terms = (await call('GET', '/me', { token: me.token })).body.cancellationTerms;
    await open(page, '/clinician/bookings');
    await page.getByRole('heading', { level: 1, name: 'My shifts' }).waitFor();
    const card = page.locator('section[aria-labelledby="upcoming-h"] li.card').filter({ hasText: '15:00' });
    await card.first().getByRole('button', { name: 'Cancel booking…' }).click();
    const warning = card.first().getByRole('alert').filter({ hasText: 'This is a late cancellation' });
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`within ${terms.lateCancellationHours} hours`);
    await checkPage(page, 'clinician-late-cancellation');
    expect(soon.booking.id).toBeTruthy();
  });
});
