import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoUsers, tokenFor } from '../support/client';
import { checkPage, launch, londonDate, open, signInAs } from './browser';

/** Before posting, the manager sees who hears first and when the next waves go, and nothing is posted by asking. */
describe('the cascade preview on the post-shift form', () => {
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ page, close } = await launch());
  });
  afterAll(async () => close());

  it('shows each wave with its time and clinicians, as the API would send them, and posts nothing', async () => {
    const karen = (await demoUsers()).find((u) => u.name === 'Karen Whitcombe')!;
    const token = await tokenFor(karen);
    const day = londonDate(23);
    const practices = (await call('GET', '/practices', { token })).body.practices as { id: string; name: string }[];
    const hendford = practices.find((p) => p.name === 'Hendford Surgery')!;
    const before = (await call('GET', `/shifts?practiceId=${hendford.id}&from=${day}&to=${day}&limit=200`, { token }))
      .body.shifts.length;

    await signInAs(page, 'Karen Whitcombe');
    await open(page, '/manager/post');
    await page.getByRole('heading', { level: 1, name: 'Post a shift' }).waitFor();
    await page.getByLabel('Practice').selectOption({ label: 'Hendford Surgery' });
    await page.getByLabel('Starts').fill(`${day}T08:00`);
    await page.getByLabel('Ends').fill(`${day}T12:10`);
    await page.getByLabel('Who hears first').selectOption('15');
    await page.getByRole('button', { name: 'Who will be offered it?' }).click();
    const section = page.locator('section.cascade-preview');
    await section.getByRole('heading', { name: 'Who will be offered it' }).waitFor();
    await checkPage(page, 'manager-post-shift-preview');

    const api = await call('POST', '/shifts/preview', {
      token,
      body: {
        practiceId: hendford.id,
        role: 'gp',
        skills: [],
        start: `${day}T08:00`,
        end: `${day}T12:10`,
        breakMinutes: 60,
        hourlyRatePence: 9000,
        cascadeMinutes: 15,
      },
    });
    expect(api.status, api.text).toBe(200);
    const waves = api.body.waves as { clinicians: { name: string }[] }[];
    const shown = section.locator('ol > li');
    if (waves.length) {
      await expect.poll(() => shown.count()).toBe(waves.length);
      expect(await shown.first().textContent()).toContain('As soon as you post');
      for (const c of waves[0]!.clinicians) expect(await shown.first().textContent()).toContain(c.name);
    } else {
      await section.getByText('Nobody in the bank can work this shift').waitFor();
    }
    const after = (await call('GET', `/shifts?practiceId=${hendford.id}&from=${day}&to=${day}&limit=200`, { token }))
      .body.shifts.length;
    expect(after).toBe(before);
  });
});
