import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { call, SOMERSET, signIn } from '../support/client';
import { launch, londonDate, open, screenshots, signInAs } from './browser';

/** True once GET /offers is a JSON route (before that the runtime answers with the app's HTML, or 404). */
async function offersImplemented(): Promise<boolean> {
  const base = inject('baseUrl');
  const login = await fetch(`${base}/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'amy.wilson@bank.example' }),
  });
  const { token } = (await login.json()) as { token?: string };
  const res = await fetch(`${base}/offers`, { headers: { authorization: `Bearer ${token}` } });
  return res.status !== 404 && (res.headers.get('content-type') ?? '').includes('application/json');
}

const ready = await offersImplemented();

describe('booking by text', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    if (ready) ({ page, close } = await launch());
  });
  afterAll(async () => close?.());

  it.skipIf(!ready)(
    'a clinician books by replying YES and the code, then the manager sees the shift filled',
    async () => {
      const { user: manager, token } = await signIn(SOMERSET, 'manager');
      const me = (await call('GET', '/me', { token })).body;
      const day = londonDate(12);
      const posted = await call('POST', '/shifts', {
        token,
        body: {
          practiceId: me.practiceIds[0],
          role: 'practice-nurse',
          start: `${day}T09:00`,
          end: `${day}T13:00`,
          breakMinutes: 0,
          hourlyRatePence: 3000,
          cascadeMinutes: 0,
        },
      });
      expect(posted.status).toBe(201);
      const shift = posted.body.shift;
      const offer = posted.body.offers[0];
      expect(offer, 'somebody was offered the shift').toBeDefined();
      const clinician = (await call('GET', `/clinicians/${offer.clinicianId}`, { token })).body.clinician;

      await open(page, '/dev/sms');
      await page.getByLabel('Find a clinician').fill(clinician.name);
      await page.getByLabel('Clinician', { exact: true }).selectOption({ label: `${clinician.name} (Somerset)` });
      await page.getByRole('heading', { name: `Messages with ${clinician.phone}` }).waitFor();
      await page.locator('.bubble-theirs', { hasText: offer.code }).waitFor({ timeout: 20_000 });
      await page.getByLabel('Text message').fill(`YES ${offer.code}`);
      await page.getByRole('button', { name: 'Send' }).click();
      // The confirmation comes back by text, as it would to a real phone.
      await page
        .locator('.bubble-theirs', { hasText: /Booked/ })
        .first()
        .waitFor({ timeout: 20_000 });
      await screenshots(page, 'sms-booked');

      await signInAs(page, manager.name);
      await open(page, `/manager/shifts/${shift.id}`);
      await expect.poll(() => page.locator('.page-header .badge').textContent(), { timeout: 20_000 }).toBe('Filled');
      await page.getByText(clinician.name).first().waitFor();
    },
  );
});
