import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, tokenFor, userWhere } from '../support/client';
import { checkPage, launch, open, signInAs } from './browser';

describe('a clinician', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('sees their offers and their shifts, or a calm "not available yet"', async () => {
    await signInAs(page, 'Abena Moyo');
    await page.getByRole('heading', { level: 1, name: 'Shifts offered to you' }).waitFor();
    await page.locator('main .empty, main .stack, main .notice').first().waitFor();
    await checkPage(page, 'clinician-offers');
    await page.getByRole('link', { name: 'My shifts' }).click();
    await page.getByRole('heading', { level: 1, name: 'My shifts' }).waitFor();
    await page.locator('main .empty, main section, main .notice').first().waitFor();
    await checkPage(page, 'clinician-bookings');
  });

  it('changes how far they will travel on their profile, and it is saved', async () => {
    await open(page, '/clinician/profile');
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    const travel = page.getByLabel('How far will you travel?');
    await travel.waitFor();
    await travel.fill('150');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    expect(await travel.getAttribute('aria-invalid')).toBe('true');

    await travel.fill('42');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved. New offers will follow these settings.').waitFor();
    await checkPage(page, 'clinician-profile');

    const user = await userWhere((u) => u.name === 'Abena Moyo');
    const { token } = await signIn(user.orgId, 'admin');
    const reply = await call('GET', `/clinicians/${user.clinicianId}`, { token });
    expect(reply.body.clinician.maxTravelKm).toBe(42);
    // The clinician's own read agrees: it is stored, not a cached page state.
    const own = await call('GET', `/clinicians/${user.clinicianId}`, { token: await tokenFor(user) });
    expect(own.body.clinician.maxTravelKm).toBe(42);
  });
});
