import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, launch, open, signInAs } from './browser';

describe('HR', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('opens the payroll page and can start an export (or is told it is not available yet)', async () => {
    await signInAs(page, 'Priya Raman');
    await page.getByRole('heading', { level: 1, name: 'Payroll exports' }).waitFor();
    await page.getByRole('heading', { name: 'Past exports' }).waitFor();
    await page.getByRole('button', { name: 'Start export' }).click();
    await page.locator('text=/Ready|not available yet|Gathering/').first().waitFor();
    await checkPage(page, 'hr-payroll');
  });
});

describe('the text-message simulator', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('sends a text from a clinician’s phone and shows the reply', async () => {
    await open(page, '/dev/sms');
    await page.getByRole('heading', { level: 1, name: 'Text message simulator' }).waitFor();
    await page.getByLabel('Find a clinician').fill('Amy Wilson');
    await page.getByLabel('Clinician', { exact: true }).selectOption({ label: 'Amy Wilson (Somerset)' });
    await page.getByRole('heading', { name: /Messages with \+44/ }).waitFor();
    await page.getByLabel('Text message').fill('HELP');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.bubble-mine', { hasText: 'HELP' }).waitFor();
    await page.locator('.bubble-theirs').first().waitFor({ timeout: 20_000 });
    await checkPage(page, 'sms-simulator');
  });

  it('keeps a conversation longer than the phone reachable from the keyboard', async () => {
    // Two more questions make the thread taller than its box, so it scrolls (the case axe checks).
    for (const ask of ['HELP', 'HELP']) {
      const replies = await page.locator('.bubble-theirs').count();
      await page.getByLabel('Text message').fill(ask);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.locator('.bubble-theirs').nth(replies).waitFor({ timeout: 20_000 });
    }
    const thread = page.getByRole('list', { name: 'Conversation' });
    expect(await thread.evaluate((el) => el.scrollHeight > el.clientHeight), 'the thread overflows').toBe(true);
    await checkPage(page, 'sms-simulator-long');
  });
});
