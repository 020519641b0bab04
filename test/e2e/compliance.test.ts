import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launch, signInAs } from './browser';

describe('HR: documents at risk', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('lists what lapses soon from the nav, with the lapse date and any bookings at risk', async () => {
    await signInAs(page, 'Priya Raman');
    await page.getByRole('heading', { level: 1, name: 'Payroll exports' }).waitFor();
    await page.getByRole('link', { name: 'At risk' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'At risk' }).waitFor();
    // The demo bank has clinicians whose DBS check or training lapses within the month.
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    await expect(rows.first().locator('td[data-label="Lapses"]').textContent()).resolves.toMatch(
      /in \d+ days|tomorrow/,
    );
    await checkPage(page, 'hr-at-risk');

    await page.getByLabel('Looking ahead').selectOption('14');
    await page.getByText('lapsing within 14 days').waitFor();
  });
});
