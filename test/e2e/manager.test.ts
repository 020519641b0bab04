import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launch, londonDate, open, signInAs } from './browser';

describe('a practice manager', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('signs in from the demo-user picker and lands on the shift board', async () => {
    await open(page, '/sign-in');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Rota Bank');
    await page.getByRole('heading', { name: 'Practice managers' }).first().waitFor();
    await checkPage(page, 'sign-in');
    await signInAs(page, 'Karen Whitcombe');
    await page.getByRole('heading', { level: 1, name: 'Shifts' }).waitFor();
    expect(page.url()).toContain('#/manager/shifts');
    await page
      .getByText(/No shifts from|shifts?:/)
      .first()
      .waitFor();
    await checkPage(page, 'manager-board-empty');
  });

  it('is told at the field when the shift ends before it starts, and nothing is posted', async () => {
    await page.getByRole('link', { name: 'Post a shift' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Post a shift' }).waitFor();
    const day = londonDate(9);
    await page.getByLabel('Practice').selectOption({ label: 'Hendford Surgery' });
    await page.getByLabel('Starts').fill(`${day}T14:00`);
    await page.getByLabel('Ends').fill(`${day}T09:00`);
    await page.getByRole('button', { name: 'Post shift' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    const ends = page.getByLabel('Ends');
    await expect.poll(() => ends.getAttribute('aria-invalid')).toBe('true');
    const described = (await ends.getAttribute('aria-describedby')) ?? '';
    const message = await page.locator(`[id="${described.split(' ').pop()}"]`).textContent();
    expect(message).toContain('must be after start');
    expect(page.url()).toContain('#/manager/post');
    await checkPage(page, 'manager-post-shift-error');
  });

  it('posts a shift in London time with the rate in pounds and sees it open on the board', async () => {
    const day = londonDate(9);
    await page.getByLabel('Ends').fill(`${day}T18:10`);
    await page.getByLabel('Hourly rate').fill('92.50');
    await page.getByLabel('Who hears first').selectOption('0');
    await page.getByRole('checkbox', { name: 'Joint injections' }).check();
    await page.getByRole('button', { name: 'Post shift' }).click();
    await page.getByRole('heading', { level: 1, name: /^GP at Hendford Surgery/ }).waitFor();
    await page.getByText('Shift posted').waitFor();
    const details = await page.locator('.details').textContent();
    expect(details).toContain('14:00–18:10');
    expect(details).toContain('£92.50 an hour');
    expect(details).toContain('Joint injections');
    await page.getByRole('heading', { name: 'Who could work it' }).waitFor();
    await page.locator('.card table, .card .empty, .card .notice').first().waitFor();
    await checkPage(page, 'manager-shift');

    await page.getByRole('link', { name: '← All shifts' }).click();
    const card = page.locator('.shift-card', { hasText: 'Hendford Surgery' }).filter({ hasText: '14:00–18:10' });
    await card.waitFor();
    expect(await card.locator('.badge').textContent()).toBe('Open');
    expect(await card.textContent()).toContain('£92.50/h');
    await checkPage(page, 'manager-board');
  });

  it('sees the timesheets and reports pages, or a calm "not available yet"', async () => {
    await open(page, '/manager/timesheets');
    await page.getByRole('heading', { level: 1, name: 'Timesheets' }).waitFor();
    await page.locator('.empty, .stack, .notice').first().waitFor();
    await checkPage(page, 'manager-timesheets');
    await open(page, '/reports');
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.locator('.stat-row, .notice').first().waitFor();
    await checkPage(page, 'reports');
  });

  it('signs out, and the token goes with it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Rota Bank' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
  });
});
