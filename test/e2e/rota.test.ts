import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launch, londonDate, open, signInAs } from './browser';

/** The Monday of the week eight weeks on, clear of other files' shifts. */
function mondayAhead(): string {
  const day = londonDate(56);
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
  return new Date(Date.parse(`${day}T12:00:00Z`) - weekday * 86_400_000).toISOString().slice(0, 10);
}
const plus = (date: string, days: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('a practice manager’s week', () => {
  let page: Page;
  let close: () => Promise<void>;
  const monday = mondayAhead();
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('posts a week of GP days from a template, and is shown the days already posted when trying again', async () => {
    await signInAs(page, 'Karen Whitcombe');
    await page.getByRole('link', { name: 'Post several' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Post several shifts' }).waitFor();
    await page.getByLabel('Practice').selectOption({ label: 'Hendford Surgery' });
    await page.getByRole('radio', { name: /GP day/ }).check();
    await page.getByLabel('From').fill(monday);
    await page.getByLabel('To (inclusive)').fill(plus(monday, 6));
    await page.getByRole('button', { name: /^Post “GP day”/ }).click();
    await page.getByText('Posted 10 shifts').waitFor();
    await checkPage(page, 'manager-bulk-posted');

    await page.getByRole('button', { name: /^Post “GP day”/ }).click();
    await page.getByText('Nothing was posted').waitFor();
    const skipped = page.locator('.skipped-table tbody tr');
    await expect.poll(() => skipped.count()).toBe(10);
    expect(await skipped.first().textContent()).toContain('Already posted');
    await checkPage(page, 'manager-bulk-skipped');
  });

  it('sees the week as practices by days, opens a session, and posts into a gap with its day filled in', async () => {
    await open(page, `/manager/rota?week=${monday}`);
    await page.getByRole('heading', { level: 1, name: 'Rota' }).waitFor();
    await page.getByLabel('Practice').selectOption({ label: 'Hendford Surgery' });
    const grid = page.locator('.rota-grid');
    await expect.poll(() => grid.locator('.rota-chip').count()).toBe(10);
    await page.getByRole('heading', { name: 'Still unfilled this week and next' }).waitFor();
    await checkPage(page, 'manager-rota');

    // At 390 px the grid gives way to one list per day.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await grid.isVisible()).toBe(false);
    expect(await page.locator('.rota-days .rota-chip').first().isVisible()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 900 });

    await grid.locator('.rota-chip').first().click();
    await page.waitForURL(/#\/manager\/shifts\//);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Rota' }).waitFor();
    const saturday = plus(monday, 5);
    await page.getByRole('link', { name: /^Post a shift at Hendford Surgery on Sat/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Post a shift' }).waitFor();
    expect(await page.getByLabel('Starts').inputValue()).toMatch(new RegExp(`^${saturday}T`));
    expect(await page.getByLabel('Practice').inputValue()).not.toBe('');
  });
});
