import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import { checkPage, launch, open, signInAs } from './browser';

/**
 * A practice's own extra documents, set by the admin on the practices page
 * and shown to an applicant in their checklist, by practice.
 */

const PRACTICE = 'Frome Valley Medical Centre';

describe("a practice's extra documents", () => {
  let page: Page;
  let close: () => Promise<void>;
  let adminToken = '';
  let practiceId = '';
  beforeAll(async () => {
    ({ page, close } = await launch());
    adminToken = (await call('POST', '/dev/login', { body: { email: 'admin@somerset.example' } })).body.token;
    const practices = (await call('GET', '/practices', { token: adminToken })).body.practices;
    practiceId = practices.find((p: { name: string }) => p.name === PRACTICE).id;
  });
  afterAll(async () => {
    // Other journeys match against this practice: it goes back to asking nothing extra.
    await call('PUT', `/practices/${practiceId}/requirements`, { token: adminToken, body: { types: [] } });
    await close();
  });

  const row = () => page.locator('table tbody tr', { hasText: PRACTICE });

  it('the admin ticks what the practice requires beyond each role, and sees it in the list', async () => {
    await signInAs(page, 'Helen Marsh');
    await open(page, '/admin/practices');
    await page.getByRole('heading', { level: 1, name: 'Practices' }).waitFor();
    expect(await row().getByTestId('practice-requirements').textContent()).toBe('None');

    await row()
      .getByRole('button', { name: `Edit the documents ${PRACTICE} requires` })
      .click();
    await page.getByRole('heading', { level: 2, name: `Documents ${PRACTICE} requires` }).waitFor();
    await page.getByRole('checkbox', { name: 'CV' }).check();
    await page.getByRole('checkbox', { name: 'Indemnity' }).check();
    await checkPage(page, 'admin-practice-requirements-form');

    await page.getByRole('button', { name: 'Save requirements' }).click();
    await page.getByText(`${PRACTICE} now requires Indemnity, CV of everyone working there.`).waitFor();
    await expect.poll(() => row().getByTestId('practice-requirements').textContent()).toBe('Indemnity, CV');
    await checkPage(page, 'admin-practice-requirements-saved');

    const saved = (await call('GET', '/practices', { token: adminToken })).body.practices.find(
      (p: { id: string }) => p.id === practiceId,
    );
    expect(saved.requirements).toEqual(['indemnity', 'cv']);
  });

  it("an applicant's checklist lists the practice's extras beyond their role, with what they hold", async () => {
    const applicant = await launch();
    try {
      await signInAs(applicant.page, 'Sam Okafor');
      await open(applicant.page, '/clinician/documents');
      await applicant.page.getByRole('heading', { level: 1, name: 'My documents' }).waitFor();
      const extras = applicant.page.getByTestId('practice-extras');
      const frome = extras.locator('.extra-practice', { hasText: PRACTICE });
      await frome.waitFor();
      // A healthcare assistant needs neither by their role: both are extras, and neither is on file.
      expect(await frome.locator('.need-row').allTextContents()).toEqual(['IndemnityNeeded', 'CVNeeded']);
      await checkPage(applicant.page, 'applicant-practice-extras');
    } finally {
      await applicant.close();
    }
  });

  it('the admin takes them off again, and the practice asks nothing extra', async () => {
    await row()
      .getByRole('button', { name: `Edit the documents ${PRACTICE} requires` })
      .click();
    await page.getByRole('checkbox', { name: 'CV' }).uncheck();
    await page.getByRole('checkbox', { name: 'Indemnity' }).uncheck();
    await page.getByRole('button', { name: 'Save requirements' }).click();
    await page.getByText(`${PRACTICE} requires nothing beyond each clinician's own documents.`).waitFor();
    await expect.poll(() => row().getByTestId('practice-requirements').textContent()).toBe('None');
  });
});
