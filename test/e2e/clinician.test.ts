import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/client';
import {
  type Actor,
  actor,
  booked,
  clinicianBody,
  freePhone,
  homePractice,
  manager,
  offered,
  SOMERSET,
  slotter,
} from '../support/security/world';
import { baseUrl, checkPage, launch, open, signInAs } from './browser';

/**
 * A clinician of our own, made through the API with one booking and one live
 * offer, so every page shows real content: the journey asserts what the
 * clinician sees rather than tolerating an empty or missing list (the demo
 * bank's clinicians may or may not hold offers, depending on what other files
 * and the clock have done).
 */
const slot = slotter(850);
const run = Date.now().toString(36);

describe('a clinician', () => {
  let page: Page;
  let close: () => Promise<void>;
  let me: Actor & { clinicianId: string };
  let practiceName: string;
  let booking: Awaited<ReturnType<typeof booked>>;
  let offer: Awaited<ReturnType<typeof offered>>;
  let declinable: Awaited<ReturnType<typeof offered>>;
  let practice: { name: string; phone: string; notes: string };

  beforeAll(async () => {
    ({ page, close } = await launch());
    const admin = await actor(SOMERSET, 'admin');
    const home = await homePractice();
    const body = clinicianBody(home, {
      name: `Morwenna Trelawny ${run}`,
      email: `morwenna.${run}@bank.example`,
      phone: await freePhone(),
    });
    const created = await call('POST', '/clinicians', { token: admin.token, body });
    expect(created.status, created.text).toBe(201);
    const login = await call('POST', '/dev/login', { body: { email: body.email } });
    me = { user: login.body.user, token: login.body.token, clinicianId: created.body.clinician.id };
    booking = await booked(slot(['09:00', '13:00']), me);
    offer = await offered(slot(['14:00', '18:00']), me);
    declinable = await offered(slot(['08:00', '12:00']), me);
    const m = await manager();
    const practices = await call('GET', '/practices', { token: m.token });
    practice = practices.body.practices.find((p: { id: string }) => p.id === home.id);
    practiceName = practice.name;
  });
  afterAll(async () => close());

  it('sees the live offer with its practice, rate and text code, and books it', async () => {
    await signInAs(page, me.user.email);
    await page.getByRole('heading', { level: 1, name: 'Shifts offered to you' }).waitFor();
    const card = page.locator('.card.offer', { hasText: offer.offer.code });
    await card.waitFor();
    expect(await card.textContent()).toContain(practiceName);
    expect(await card.textContent()).toContain('£20.00');
    await checkPage(page, 'clinician-offers');

    await card.getByRole('button', { name: /Accept/ }).click();
    await card.getByText('Booked. It’s yours.').waitFor();
    const shift = await call('GET', `/shifts/${offer.shift.id}`, { token: me.token });
    expect(shift.body.shift.status).toBe('filled');
    expect(shift.body.shift.booking.clinicianId).toBe(me.clinicianId);
  });

  it('sees the total pay and the practice’s phone and arrival notes, and is asked before a decline is sent', async () => {
    const card = page.locator('.card.offer', { hasText: declinable.offer.code });
    const text = (await card.textContent()) ?? '';
    // 08:00-12:00 at £20.00 an hour.
    expect(text).toContain('Total pay£80.00');
    expect(text).toContain(practice.phone);
    expect(text).toContain(practice.notes);
    await page.getByRole('heading', { level: 2, name: 'Open shifts you could work' }).waitFor();

    await card.getByRole('button', { name: 'Decline…' }).click();
    const question = card.getByRole('alert').filter({ hasText: 'Decline this shift?' });
    await question.waitFor();
    await checkPage(page, 'clinician-offers-decline-confirm');
    const live = async () =>
      ((await call('GET', '/offers', { token: me.token })).body.offers as { id: string }[]).map((o) => o.id);
    // Asking sent nothing.
    expect(await live()).toContain(declinable.offer.id);
    await card.getByRole('button', { name: 'Keep the offer' }).click();
    await question.waitFor({ state: 'detached' });
    expect(await live()).toContain(declinable.offer.id);

    await card.getByRole('button', { name: 'Decline…' }).click();
    await card.getByRole('button', { name: 'Yes, decline it' }).click();
    await card.getByText('We won’t offer you this shift again.').waitFor();
    expect(await live()).not.toContain(declinable.offer.id);
  });

  it('sees both bookings coming up, each with a way to cancel', async () => {
    await page.getByRole('link', { name: 'My shifts' }).click();
    await page.getByRole('heading', { level: 1, name: 'My shifts' }).waitFor();
    const upcoming = page.locator('section[aria-labelledby="upcoming-h"] li.card');
    await upcoming.nth(1).waitFor();
    expect(await upcoming.count()).toBe(2);
    for (const text of await upcoming.allTextContents()) {
      expect(text).toContain(practiceName);
      expect(text).toContain('Cancel booking');
      // What a locum needs on the day stays in view once booked.
      expect(text).toContain(practice.phone);
      expect(text).toContain(practice.notes);
    }
    expect(await upcoming.first().textContent()).toContain('Total pay£80.00');
    expect(await upcoming.first().textContent()).toContain('09:00');
    await checkPage(page, 'clinician-bookings');
  });

  it('gets a calendar subscription address that a calendar app can read without signing in', async () => {
    await open(page, '/clinician/profile');
    await page.getByRole('heading', { level: 1, name: 'My profile' }).waitFor();
    await page.getByRole('button', { name: 'Get a subscription address' }).click();
    const address = page.locator('#cal-h ~ p code');
    await address.waitFor();
    const url = (await address.textContent())!;
    expect(url).toMatch(/^http:\/\/[^/]+\/calendar-feeds\/[A-Za-z0-9_-]{43}\/calendar\.ics$/);
    const webcal = await page.getByRole('link', { name: 'Subscribe in your calendar app' }).getAttribute('href');
    expect(webcal).toBe(url.replace(/^http:/, 'webcal:'));

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    await page.getByRole('button', { name: 'Copy address' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => (globalThis as any).navigator.clipboard.readText())).toBe(url);
    await checkPage(page, 'clinician-calendar');

    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    expect(ics).toContain(`UID:${booking.booking.id}@rota-bank`);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(2);

    // Replacing it retires the old address.
    await page.getByRole('button', { name: 'Replace address' }).click();
    await page.waitForFunction(
      (old) => (globalThis as any).document.querySelector('#cal-h ~ p code')?.textContent !== old,
      url,
    );
    expect((await fetch(url)).status).toBe(404);
  });

  it('changes how far they will travel on their profile, and it is saved', async () => {
    const travel = page.getByLabel('How far will you travel?');
    await travel.waitFor();
    await travel.fill('150');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'There is a problem' }).waitFor();
    expect(await travel.getAttribute('aria-invalid')).toBe('true');

    await travel.fill('42');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Saved. New offers will follow these settings.').waitFor();
    await checkPage(page, 'clinician-profile');

    const admin = await actor(SOMERSET, 'admin');
    const reply = await call('GET', `/clinicians/${me.clinicianId}`, { token: admin.token });
    expect(reply.body.clinician.maxTravelKm).toBe(42);
    // The clinician's own read agrees: it is stored, not a cached page state.
    const own = await call('GET', `/clinicians/${me.clinicianId}`, { token: me.token });
    expect(own.body.clinician.maxTravelKm).toBe(42);
  });
});
