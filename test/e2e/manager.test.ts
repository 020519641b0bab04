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

  it('reads the reports dashboard as charts: fill rate, time to fill and spend by practice', async () => {
    // A fixed summary in the contract's shape, so the charts are checked whatever the data.
    const summary = {
      shiftsPosted: 40,
      shiftsFilled: 30,
      fillRate: 0.75,
      medianMinutesToFill: 95,
      spendPence: 1_234_500,
      byPractice: [
        {
          practiceId: 'prc-hendford',
          shiftsPosted: 25,
          shiftsFilled: 20,
          fillRate: 0.8,
          medianMinutesToFill: 40,
          spendPence: 900_000,
        },
        {
          practiceId: 'prc-yeovil-hc',
          shiftsPosted: 15,
          shiftsFilled: 10,
          fillRate: 0.67,
          medianMinutesToFill: 180,
          spendPence: 334_500,
        },
      ],
    };
    await page.route('**/reports/summary?*', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(summary) }),
    );
    await open(page, '/manager/shifts');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('img', { name: 'Fill rate 75%' }).waitFor();
    expect(await page.locator('.stat-row').textContent()).toContain('£12,345.00');
    const spend = await page.getByRole('img', { name: /^Spend by practice/ }).getAttribute('aria-label');
    expect(spend).toBe('Spend by practice: Hendford Surgery £9,000.00; Yeovil Health Centre £3,345.00');
    const ttf = await page.getByRole('img', { name: /^Median minutes to fill/ }).getAttribute('aria-label');
    expect(ttf).toBe('Median minutes to fill: Hendford Surgery 40 min; Yeovil Health Centre 3 h');
    await checkPage(page, 'reports-charts');
    await page.unroute('**/reports/summary?*');
  });

  it('signs out, and the token goes with it', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Rota Bank' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
  });
});
