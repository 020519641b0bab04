import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, SOMERSET, signIn } from '../support/client';
import { freePhone } from '../support/security/world';
import { checkPage, launch, open, SCREENSHOTS, signInAs } from './browser';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A real PNG (a blue-bordered 600x400 "certificate" with ruled lines), so the browser can draw it. */
function png(): Buffer {
  const width = 600;
  const height = 400;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) {
      const border = x < 12 || y < 12 || x >= width - 12 || y >= height - 12;
      const ruled = y > 60 && y % 40 < 3 && x > 60 && x < width - 60;
      rows.push(...(border ? [0, 94, 184] : ruled ? [66, 84, 98] : [255, 255, 255]));
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function pdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([420, 300]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawText('Basic life support: certificate of completion', { x: 30, y: 250, size: 14, font });
  return Buffer.from(await doc.save());
}

describe('an administrator and HR looking after the bank', () => {
  let page: Page;
  let close: () => Promise<void>;
  let admin: string;
  let clinicianId = '';
  const stamp = Date.now().toString(36).slice(-5);
  const name = `Dr Test Adeyemi ${stamp}`;
  const email = `adeyemi.${stamp}@bank.example`;

  beforeAll(async () => {
    ({ page, close } = await launch());
    admin = (await signIn(SOMERSET, 'admin')).token;
    await signInAs(page, 'Helen Marsh');
  });
  afterAll(async () => close());

  const field = (label: string) => page.locator('.field', { has: page.getByLabel(label, { exact: true }) });

  it('names what an invited clinician is missing in the list, from their documents, not a dash', async () => {
    await open(page, '/admin/clinicians');
    await page.getByRole('heading', { level: 1, name: 'Clinicians' }).waitFor();
    await page.getByPlaceholder('Name, email, phone').fill('Sam Okafor');
    // The demo's applicant joined by invite: an HCA's documents (DOMAIN.md), none verified yet.
    const row = page.getByRole('row', { name: /Sam Okafor/ });
    await expect.poll(() => row.textContent()).toMatch(/Missing: .*Basic life support training.*Right to work/);
  });

  it('adds a clinician, with what is wrong shown at each field first', async () => {
    await page.getByRole('heading', { level: 1, name: 'Clinicians' }).waitFor();
    await page.getByRole('link', { name: 'Add a clinician' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add a clinician' }).waitFor();
    await checkPage(page, 'admin-clinician-new');

    await page.getByLabel('Full name').fill(name);
    await page.getByLabel('Email', { exact: true }).fill('not an email');
    await page.getByLabel('Mobile number').fill('12');
    await page.getByLabel('Home latitude').fill('95');
    await page.getByRole('button', { name: 'Add clinician' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expect.poll(() => field('Email').locator('.error-message').textContent()).toMatch(/email/i);
    await expect.poll(() => field('Mobile number').locator('.error-message').count()).toBe(1);
    await expect.poll(() => field('Home latitude').locator('.error-message').count()).toBe(1);
    expect(await field('Home longitude').locator('.error-message').textContent()).toContain('Enter the home longitude');
    expect(await field('Home latitude').locator('.error-message').textContent()).toContain('Must be at most 90');
    expect(await page.locator('fieldset', { hasText: 'Roles' }).locator('.error-message').textContent()).toContain(
      'Choose at least one role',
    );
    // Errors shown on purpose: photographed, then checked like any page.
    await checkPage(page, 'admin-clinician-errors');

    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Mobile number').fill(await freePhone());
    await page.getByLabel('Or start from a practice’s location').selectOption({ index: 1 });
    expect(Number(await page.getByLabel('Home latitude').inputValue())).toBeGreaterThan(50);
    await page.getByLabel('Home postcode').fill('ba20 1aa');
    await page.getByRole('checkbox', { name: 'GP', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Minor surgery' }).check();
    await page.getByLabel('Furthest they will travel').fill('30');
    await page.getByRole('radio', { name: /Self-employed/ }).check();
    await page.getByLabel('Registration body').selectOption('GMC');
    await page.getByLabel('Registration number').fill('7654321');
    await page.getByLabel('DBS checked on').fill('2026-01-10');
    await page.getByLabel('Training expires').fill('2028-01-31');
    await page.getByRole('checkbox', { name: 'Right to work in the UK checked' }).check();
    await page.getByRole('checkbox', { name: 'By text message' }).uncheck();
    await page.getByRole('button', { name: 'Add clinician' }).click();

    await page.getByText(`${name} added to the bank`).waitFor();
    clinicianId = /\/admin\/clinicians\/([^/?]+)/.exec(page.url())![1]!;
    const made = (await call('GET', `/clinicians/${clinicianId}`, { token: admin })).body.clinician;
    expect(made).toMatchObject({
      name,
      email,
      roles: ['gp'],
      skills: ['minor-surgery'],
      maxTravelKm: 30,
      employment: 'self-employed',
      registration: { body: 'GMC', number: '7654321' },
      compliance: { dbsCheckedOn: '2026-01-10', trainingExpires: '2028-01-31', rightToWork: true },
      notify: ['email'],
    });
    expect(made.home.postcode).toBe('BA20 1AA');
    await checkPage(page, 'admin-clinician-added');
  });

  it('edits the clinician, refusing a bad value at its field and changing only what was changed', async () => {
    await open(page, `/admin/clinicians/${clinicianId}`);
    await page.getByRole('heading', { level: 1, name }).waitFor();
    await page.getByLabel('Furthest they will travel').fill('140');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => field('Furthest they will travel').locator('.error-message').count()).toBe(1);

    await page.getByLabel('Furthest they will travel').fill('45');
    await page.getByRole('checkbox', { name: 'Joint injections' }).check();
    await page.getByRole('checkbox', { name: 'Advanced nurse practitioner' }).check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved. Matching uses the new details from now on.').waitFor();
    const after = (await call('GET', `/clinicians/${clinicianId}`, { token: admin })).body.clinician;
    expect(after).toMatchObject({
      maxTravelKm: 45,
      skills: ['minor-surgery', 'joint-injections'],
      roles: ['gp', 'anp'],
      email,
      employment: 'self-employed',
    });

    // Another clinician's number is refused by the API, and said so at the phone field.
    const other = (await call('GET', '/clinicians?limit=1', { token: admin })).body.clinicians[0];
    await page.getByLabel('Mobile number').fill(other.phone);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => field('Mobile number').locator('.error-message').count()).toBe(1);
    await page.getByLabel('Mobile number').fill(after.phone);
    await checkPage(page, 'admin-clinician-edit');
  });

  it('uploads a document for them, shows it beside the form and verifies it', async () => {
    await page.getByText('None on file yet.').waitFor();
    await page.getByRole('link', { name: 'Documents', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: `Documents: ${name}` }).waitFor();
    await page.getByText('No documents yet.').waitFor();
    await checkPage(page, 'admin-documents-empty');

    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => field('Document').locator('.error-message').count()).toBe(1);
    await expect.poll(() => field('File').locator('.error-message').count()).toBe(1);
    // Refused in the browser before anything is declared: not a PDF, JPEG or PNG.
    await page.getByLabel('Document', { exact: true }).selectOption('dbs');
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await field('File').getByText('The file must be a PDF, JPEG or PNG').waitFor();

    // Named and typed as a PNG but a PDF inside: declared, then refused by its bytes at the upload, and not kept.
    await page.getByLabel('Document', { exact: true }).selectOption('photo-id');
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: await pdf() });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page
      .getByText('passport.png was not kept: The file is application/pdf, not the declared image/png')
      .waitFor();
    const refused = page.locator('table tbody tr', { hasText: 'passport.png' });
    await refused.getByText('File refused').waitFor();
    expect(await refused.getByRole('link').count()).toBe(0);

    await page.getByLabel('Document', { exact: true }).selectOption('dbs');
    const image = png();
    await page.getByLabel('Issued on').fill('2026-02-01');
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'dbs-certificate.png', mimeType: 'image/png', buffer: image });
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('DBS certificate uploaded: ready to review.').waitFor();
    const row = page.locator('table tbody tr', { hasText: 'dbs-certificate.png' });
    await row.getByText('To review').waitFor();
    await checkPage(page, 'admin-documents-list');

    await row.getByRole('link', { name: 'Review DBS certificate' }).click();
    const img = page.getByRole('img', { name: 'DBS certificate: dbs-certificate.png' });
    await img.waitFor();
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(600);
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    await checkPage(page, 'admin-document-review');

    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('DBS certificate verified.').waitFor();
    await row.getByText('Verified').waitFor();
    const docs = (await call('GET', `/clinicians/${clinicianId}/documents`, { token: admin })).body.documents;
    expect(docs.map((d: { type: string; status: string }) => [d.type, d.status]).sort()).toEqual([
      ['dbs', 'verified'],
      ['photo-id', 'invalid'],
    ]);
    const dbs = docs.find((d: { type: string }) => d.type === 'dbs');
    expect(dbs).toMatchObject({ issuedOn: '2026-02-01', bytes: image.length, contentType: 'image/png' });
    expect(dbs.verifiedBy).toBeTruthy();
    expect(dbs.verifiedAt).toBeTruthy();
  });

  it('takes the clinician out of the bank only once confirmed', async () => {
    await open(page, `/admin/clinicians/${clinicianId}`);
    await page.getByRole('button', { name: `Disable ${name}…` }).click();
    await page.getByRole('button', { name: 'Disable clinician' }).click();
    await field('Reason').getByText('Say why they are leaving the bank').waitFor();
    await page.getByRole('button', { name: 'Keep them' }).click();
    expect((await call('GET', `/clinicians/${clinicianId}`, { token: admin })).body.clinician.status).not.toBe(
      'disabled',
    );
    await page.getByRole('button', { name: `Disable ${name}…` }).click();
    await page.getByLabel('Reason', { exact: true }).fill('Moved to Scotland');
    await checkPage(page, 'admin-clinician-disable-confirm');
    // On a phone the card sits below the long form, past the page photographs' cut-off.
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .locator('section', { has: page.getByRole('heading', { name: 'Take out of the bank' }) })
      .screenshot({ path: join(SCREENSHOTS, 'admin-clinician-disable-confirm-card-390.png') });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('button', { name: 'Disable clinician' }).click();
    await page.getByRole('heading', { name: 'Left the bank' }).waitFor();
    await page.getByText('They had no bookings to come.').waitFor();
    const gone = (await call('GET', `/clinicians/${clinicianId}`, { token: admin })).body.clinician;
    expect(gone).toMatchObject({ status: 'disabled', disabledReason: 'Moved to Scotland' });
  });

  it('lets HR find a clinician, upload a PDF for them, see it beside the form and reject it with a reason', async () => {
    const hr = await launch();
    try {
      const p = hr.page;
      await signInAs(p, 'Priya Raman');
      await p.getByRole('link', { name: 'Clinicians' }).click();
      await p.getByRole('heading', { level: 1, name: 'Clinicians' }).waitFor();
      expect(await p.getByRole('link', { name: 'Add a clinician' }).count()).toBe(0);
      // The "chase their renewals" panel leads to each clinician's documents.
      const chase = p.locator('section', { has: p.getByRole('heading', { name: 'Expiring soon' }) });
      await chase
        .getByRole('link', { name: /^Documents of / })
        .first()
        .waitFor();
      await checkPage(p, 'hr-clinicians');

      const someone = (await call('GET', '/clinicians?limit=5', { token: admin })).body.clinicians.find(
        (c: { status?: string }) => c.status !== 'disabled',
      );
      await p.getByLabel('Search').fill(someone.name);
      await p.locator('table tbody tr').first().getByRole('link', { name: someone.name }).click();
      await p.getByRole('heading', { level: 1, name: `Documents: ${someone.name}` }).waitFor();

      await p.getByLabel('Document', { exact: true }).selectOption('training-bls');
      await p.getByLabel('Issued on').fill('2026-03-01');
      await p.getByLabel('Expires on').fill('2027-03-01');
      await p
        .getByLabel('File', { exact: true })
        .setInputFiles({ name: 'bls.pdf', mimeType: 'application/pdf', buffer: await pdf() });
      await p.getByRole('button', { name: 'Upload' }).click();
      await p.getByText('Basic life support training uploaded: ready to review.').waitFor();
      const row = p.locator('table tbody tr', { hasText: 'bls.pdf' });
      await row.getByRole('link', { name: 'Review Basic life support training' }).click();
      const frame = p.locator('iframe[title="Basic life support training: bls.pdf"]');
      await frame.waitFor();
      expect(await frame.getAttribute('src')).toMatch(/^blob:/);
      // Chromium's own PDF viewer opens in the frame under the app's CSP (object-src 'none' does not stop it).
      await expect
        .poll(() => p.frames().some((f) => f.url().startsWith('chrome-extension://')), { timeout: 10_000 })
        .toBe(true);
      await checkPage(p, 'hr-document-review-pdf');

      await p.getByRole('button', { name: 'Reject…' }).click();
      await p.getByRole('button', { name: 'Reject document' }).click();
      await p.getByText('Say why, so they know what to send instead').waitFor();
      await p.getByLabel('Why is it rejected?').fill('The certificate is not signed by the trainer');
      await p.getByRole('button', { name: 'Reject document' }).click();
      await p.getByText('Basic life support training rejected.').waitFor();
      await row.getByText('Rejected').waitFor();
      await row.getByText('The certificate is not signed by the trainer').waitFor();
      const docs = (await call('GET', `/clinicians/${someone.id}/documents`, { token: admin })).body.documents;
      expect(docs.find((d: { fileName: string }) => d.fileName === 'bls.pdf')).toMatchObject({
        status: 'rejected',
        reason: 'The certificate is not signed by the trainer',
      });
    } finally {
      await hr.close();
    }
  });
});
