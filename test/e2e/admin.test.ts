import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, SOMERSET, signIn } from '../support/client';
import { checkPage, launch, londonDate, open, signInAs } from './browser';

/** The organisation's bank as the API counts it: the demo's 200, plus any clinician another file has added. */
async function bankSize(): Promise<number> {
  const { token } = await signIn(SOMERSET, 'admin');
  let total = 0;
  let cursor = '';
  do {
    const page = await call('GET', `/clinicians?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { token });
    total += page.body.clinicians.length;
    cursor = page.body.nextCursor ? encodeURIComponent(page.body.nextCursor) : '';
  } while (cursor);
  return total;
}

describe('a bank administrator', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
    await signInAs(page, 'Helen Marsh');
  });
  afterAll(async () => close());

  it('sees every clinician with their compliance and the date they stop being bookable', async () => {
    await page.getByRole('heading', { level: 1, name: 'Clinicians' }).waitFor();
    const rows = page.locator('table tbody tr');
    await rows.first().waitFor();
    // 50 at first, then more on request: the demo bank has 200 (other files' clinicians may add a few).
    const total = await bankSize();
    expect(total).toBeGreaterThanOrEqual(200);
    expect(total).toBeLessThanOrEqual(250);
    expect(await rows.count()).toBe(50);
    await page.getByRole('button', { name: 'Show 100 more' }).click();
    await expect.poll(() => rows.count()).toBe(150);
    await page.getByRole('button', { name: `Show ${total - 150} more` }).click();
    await expect.poll(() => rows.count()).toBe(total);
    const badges = await page.locator('table tbody .badge').allTextContents();
    // Another file may have taken a clinician out of the bank.
    expect(new Set(badges.filter((b) => b !== 'Disabled'))).toEqual(
      new Set(['Compliant', 'Expiring soon', 'Not bookable']),
    );
    await checkPage(page, 'admin-clinicians');
  });

  it('lists those whose checks lapse within 30 days, soonest first', async () => {
    const items = page.locator('section', { has: page.getByRole('heading', { name: 'Expiring soon' }) }).locator('li');
    const count = await items.count();
    expect(count).toBeGreaterThan(0);
    const texts = await items.allTextContents();
    const today = londonDate(0);
    const limit = londonDate(30);
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const dates = texts.map((t) => {
      const m = /(\d{1,2}) (\w{3}) (\d{4})/.exec(t);
      expect(m, t).not.toBeNull();
      return `${m![3]}-${String(months.indexOf(m![2]!) + 1).padStart(2, '0')}-${m![1]!.padStart(2, '0')}`;
    });
    for (const d of dates) {
      expect(d > today).toBe(true);
      expect(d <= limit).toBe(true);
    }
    expect([...dates].sort()).toEqual(dates);
    // The filter agrees with the list.
    await page.getByLabel('Compliance', { exact: true }).selectOption('warn');
    await expect.poll(() => page.locator('table tbody tr').count()).toBe(count);
  });

  it('adds a practice, checked against the API’s schema first', async () => {
    await open(page, '/admin/practices');
    await page.getByRole('heading', { level: 1, name: 'Practices' }).waitFor();
    await page.locator('table tbody tr').first().waitFor();
    await page.getByRole('button', { name: 'Add a practice' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Ilchester Test Surgery');
    await page.getByLabel('ODS code').fill('nope');
    await page.getByLabel('Latitude').fill('51.0');
    await page.getByLabel('Longitude').fill('-2.68');
    await page.getByRole('button', { name: 'Add practice' }).click();
    await page.getByText('must be an ODS practice code such as L85001').first().waitFor();
    await page.getByLabel('ODS code').fill('L85999');
    await page.getByRole('button', { name: 'Add practice' }).click();
    await page.getByText('Ilchester Test Surgery added.').waitFor();
    await page.locator('table tbody tr', { hasText: 'Ilchester Test Surgery' }).waitFor();
    await checkPage(page, 'admin-practices');
  });
});
