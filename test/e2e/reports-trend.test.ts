import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launch, open, signInAs } from './browser';

/** Trends by week or month from the runtime's own totals, and the same report as a CSV file. */
describe('the reports trend and its CSV', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('draws the trend by week and by month, and downloads the CSV of the period', async () => {
    await signInAs(page, 'Karen Whitcombe');
    await open(page, '/reports');
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.getByRole('heading', { name: 'Trend by week' }).waitFor();
    await page.getByLabel('Trend by', { exact: true }).selectOption('month');
    await page.getByRole('heading', { name: 'Trend by month' }).waitFor();
    const trend = page.locator('section[aria-labelledby="trend-h"]');
    await trend.locator('svg.chart, .empty').first().waitFor();
    if (await trend.locator('svg.chart').count()) {
      // The title comes with the months it describes: no month title over weeks while they load.
      expect(await trend.getByRole('img', { name: /^Spend by month/ }).getAttribute('aria-label')).toMatch(
        /^Spend by month: \d{4}-\d{2} £/,
      );
    }
    await checkPage(page, 'reports-trend');

    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(file.suggestedFilename()).toMatch(/^rota-bank-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await file.path())!, 'utf8').replace(/^\uFEFF/, '');
    expect(text.split(/\r?\n/)[0]).toBe('period,shifts_posted,shifts_filled,fill_rate,spend');
  });
});
