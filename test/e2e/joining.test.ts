import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import { checkPage, launch, signInAs } from './browser';

/** Joining in the browser: HR invites, the invitee opens the link, joins, uploads a document, HR approves. */

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

/** A number no clinician of the bank has: the demo's numbers are all 07700 900xxx. */
const phone = () => `07400 ${String(100_000 + Math.floor(Math.random() * 899_999))}`;

describe('joining the bank', () => {
  let hr: Page;
  let joiner: Page;
  let closeHr: () => Promise<void>;
  let closeJoiner: () => Promise<void>;
  const email = `e2e.joiner.${Date.now()}@bank.example`;
  let link = '';

  beforeAll(async () => {
    ({ page: hr, close: closeHr } = await launch());
    ({ page: joiner, close: closeJoiner } = await launch());
    await signInAs(hr, 'Priya Raman');
  });
  afterAll(async () => {
    await closeHr();
    await closeJoiner();
  });

  it('HR sends an invitation and sees the link once, and the invitation listed as pending', async () => {
    await hr.getByRole('link', { name: 'Invites' }).click();
    await hr.getByRole('heading', { level: 1, name: 'Invites' }).waitFor();
    await checkPage(hr, 'joining-invites');

    await hr.getByRole('button', { name: 'Send invitation' }).click();
    await hr.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    await checkPage(hr, 'joining-invites-errors');

    await hr.getByLabel('Email address').fill(email);
    await hr.getByLabel('Healthcare assistant').check();
    await hr.getByRole('button', { name: 'Send invitation' }).click();
    link = (await hr.getByTestId('invite-link').textContent()) ?? '';
    expect(link).toMatch(/\/#\/join\/[A-Za-z0-9_-]{43}$/);
    await hr.locator('.invite-row', { hasText: email }).getByText('Pending').waitFor();
    await checkPage(hr, 'joining-invite-sent');
  });

  it('the invitee opens the link, joins, and is signed in to their documents with what is still needed', async () => {
    await joiner.goto(link);
    await joiner.getByRole('heading', { level: 1, name: /Join .* staff bank/ }).waitFor();
    await checkPage(joiner, 'joining-join-form');

    await joiner.getByLabel('Your full name').fill('Eve Joiner');
    await joiner.getByLabel('Mobile number').fill(phone());
    await joiner.getByLabel('Postcode').fill('BA20 1AA');
    await joiner.getByLabel('Latitude').fill('50.9421');
    await joiner.getByLabel('Longitude').fill('-2.6336');
    await joiner.getByRole('button', { name: 'Join and sign in' }).click();

    await joiner.getByRole('heading', { level: 1, name: 'My documents' }).waitFor();
    const application = joiner.getByTestId('application');
    await application.getByText('Confirm your mobile').waitFor();
    await expect.poll(() => application.textContent()).toMatch(/Upload \d+ more documents/);
    await checkPage(joiner, 'joining-applicant-documents');

    await joiner.getByLabel('Document', { exact: true }).selectOption('dbs');
    await joiner.getByLabel('Issued on (optional)').fill('2026-01-12');
    await joiner
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'dbs.pdf', mimeType: 'application/pdf', buffer: PDF });
    await joiner.getByRole('button', { name: 'Send document' }).click();
    await joiner.getByText('DBS certificate sent').waitFor();
    await joiner.getByText('Being checked').waitFor();
    await checkPage(joiner, 'joining-applicant-uploaded');
  });

  it('a used link says so, and HR approves the applicant into the bank', async () => {
    await joiner.goto(link);
    await joiner.getByRole('heading', { level: 1, name: 'This invitation link does not work' }).waitFor();
    await checkPage(joiner, 'joining-used-link');

    await hr.reload();
    const row = hr.locator('.invite-row', { hasText: email });
    await row.getByText('Accepted').waitFor();
    await row.getByRole('button', { name: 'Approve into the bank' }).click();
    await row.getByText('Approved').waitFor();
    await checkPage(hr, 'joining-approved');

    const admin = await call('POST', '/dev/login', { body: { email: 'admin@somerset.example' } });
    const clinicians = await call('GET', `/clinicians?q=Eve%20Joiner&limit=5`, { token: admin.body.token });
    expect(clinicians.body.clinicians[0]).toMatchObject({ name: 'Eve Joiner', status: 'active' });
  });
});
