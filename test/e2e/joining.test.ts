import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import { checkPage, launch, londonDate, open, signInAs } from './browser';

/**
 * Joining in the browser, to the end: HR invites, the invitee opens the link,
 * joins, confirms their mobile and uploads every document their role needs,
 * HR checks each beside its file and approves them, and the next matching
 * shift a manager posts is offered to them.
 */

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
/** A 1×1 PNG, as a phone's photo of an ID card would be (only bigger). */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A number no clinician of the bank has: the demo's numbers are all 07700 900xxx. */
const phone = () => `07400 ${String(100_000 + Math.floor(Math.random() * 899_999))}`;

/** What a healthcare assistant must hold (DOMAIN.md), each with the dates its certificate carries. */
const HCA_DOCUMENTS: { type: string; label: string; issuedOn?: string; expiresOn?: string }[] = [
  { type: 'dbs', label: 'DBS certificate', issuedOn: londonDate(-40) },
  { type: 'training-bls', label: 'Basic life support training', expiresOn: londonDate(300) },
  { type: 'training-safeguarding-adults', label: 'Safeguarding adults training', expiresOn: londonDate(500) },
  { type: 'training-safeguarding-children', label: 'Safeguarding children training', expiresOn: londonDate(500) },
  { type: 'right-to-work', label: 'Right to work' },
  { type: 'photo-id', label: 'Photo ID' },
  { type: 'reference', label: 'Reference' },
  { type: 'reference', label: 'Reference' },
  { type: 'hep-b', label: 'Hepatitis B immunity' },
];

describe('joining the bank', () => {
  let hr: Page;
  let joiner: Page;
  let closeHr: () => Promise<void>;
  let closeJoiner: () => Promise<void>;
  const email = `e2e.joiner.${Date.now()}@bank.example`;
  const mobile = phone();
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
    await joiner.getByLabel('Mobile number').fill(mobile);
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

  it('the applicant confirms their mobile and sends every document their role needs', async () => {
    // The reply to the confirmation text, from their phone.
    const replied = await call('POST', '/dev/sms/inbound', {
      body: { from: `+44${mobile.replace(/\D/g, '').slice(1)}`, body: 'YES' },
    });
    expect(replied.status, replied.text).toBe(202);

    // The DBS certificate went in above; the rest now, each through the form as the applicant would.
    const application = joiner.getByTestId('application');
    for (const [i, d] of HCA_DOCUMENTS.slice(1).entries()) {
      await joiner.getByLabel('Document', { exact: true }).selectOption(d.type);
      await joiner.getByLabel('Issued on (optional)').fill(d.issuedOn ?? '');
      await joiner.getByLabel('Expires on (optional)').fill(d.expiresOn ?? '');
      const png = d.type === 'photo-id';
      await joiner.getByLabel('File', { exact: true }).setInputFiles({
        name: `${d.type}.${png ? 'png' : 'pdf'}`,
        mimeType: png ? 'image/png' : 'application/pdf',
        buffer: png ? PNG : PDF,
      });
      await joiner.getByRole('button', { name: 'Send document' }).click();
      await joiner.getByText(`${d.label} sent`).waitFor();
      // The same notice follows both references: the count of those waiting is what moves on each time.
      await application.getByText(`${i + 2} waiting for the bank office to check`).waitFor();
    }
    await application.getByText('Every required document is uploaded').waitFor();
    await application.getByText(`${HCA_DOCUMENTS.length} waiting for the bank office to check`).waitFor();
    await application.getByText('Your mobile number is confirmed').waitFor();
    await checkPage(joiner, 'joining-applicant-all-sent');
  });

  it('a used link says so, and HR checks each document beside its file', async () => {
    await joiner.goto(link);
    await joiner.getByRole('heading', { level: 1, name: 'This invitation link does not work' }).waitFor();
    await checkPage(joiner, 'joining-used-link');

    await hr.reload();
    const row = hr.locator('.invite-row', { hasText: email });
    await row.getByText('Accepted').waitFor();
    await row.getByRole('link', { name: 'Review documents' }).click();
    await hr.getByRole('heading', { level: 1, name: 'Documents: Eve Joiner' }).waitFor();
    const waiting = hr.locator('table tbody tr', { hasText: 'To review' });
    await expect.poll(() => waiting.count()).toBe(HCA_DOCUMENTS.length);
    await checkPage(hr, 'joining-hr-to-review');
    for (let left = HCA_DOCUMENTS.length; left > 0; left--) {
      const review = waiting.first().getByRole('link', { name: /^Review / });
      const label = ((await review.getAttribute('aria-label')) ?? '').replace(/^Review /, '');
      await review.click();
      await hr.getByRole('button', { name: 'Verify' }).click();
      await hr.getByText(`${label} verified.`).waitFor();
      await expect.poll(() => waiting.count()).toBe(left - 1);
    }
    await checkPage(hr, 'joining-hr-all-verified');
  });

  it('HR approves the applicant into the bank', async () => {
    await open(hr, '/hr/invites');
    const row = hr.locator('.invite-row', { hasText: email });
    await row.getByRole('button', { name: 'Approve into the bank' }).click();
    await row.getByText('Approved').waitFor();
    await checkPage(hr, 'joining-approved');

    const admin = await call('POST', '/dev/login', { body: { email: 'admin@somerset.example' } });
    const clinicians = await call('GET', `/clinicians?q=Eve%20Joiner&limit=5`, { token: admin.body.token });
    expect(clinicians.body.clinicians[0]).toMatchObject({ name: 'Eve Joiner', status: 'active' });
  });

  it('is offered the next matching shift a manager posts, and sees it in the app', async () => {
    const { page: manager, close } = await launch();
    try {
      await signInAs(manager, 'Karen Whitcombe');
      await manager.getByRole('link', { name: 'Post a shift' }).first().click();
      await manager.getByRole('heading', { level: 1, name: 'Post a shift' }).waitFor();
      const day = londonDate(11);
      await manager.getByLabel('Practice').selectOption({ label: 'Hendford Surgery' });
      await manager.getByLabel('Role').selectOption('hca');
      await manager.getByLabel('Starts').fill(`${day}T08:00`);
      await manager.getByLabel('Ends').fill(`${day}T12:00`);
      await manager.getByLabel('Hourly rate').fill('16.50');
      await manager.getByLabel('Who hears first').selectOption('0');
      await manager.getByRole('button', { name: 'Post shift' }).click();
      await manager.getByText('Shift posted').waitFor();
    } finally {
      await close();
    }

    await open(joiner, '/clinician/offers');
    await joiner.getByRole('heading', { level: 1, name: 'Shifts offered to you' }).waitFor();
    const card = joiner.locator('.card.offer', { hasText: 'Hendford Surgery' }).filter({ hasText: '08:00' });
    await expect.poll(() => card.count(), { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0);
    await checkPage(joiner, 'joining-first-offer');
  });
});
