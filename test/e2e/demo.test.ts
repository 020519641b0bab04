import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedRuntime, spawnRuntime } from '../support/spawn-runtime';
import { checkPage, launch } from './browser';

/**
 * The demo as someone trying it meets it: `npm start` on a fresh data folder
 * (here in memory), with the history, then the app against that runtime.
 * Its own runtime: the shared one starts without the history.
 */
describe('the demo at first start', () => {
  let runtime: SpawnedRuntime;
  let context: BrowserContext;
  let page: Page;
  let close: () => Promise<void>;
  const started = Date.now();
  let readyAfterMs = 0;

  beforeAll(async () => {
    runtime = await spawnRuntime({ args: ['--memory'] });
    readyAfterMs = Date.now() - started;
    ({ context, page, close } = await launch());
  }, 240_000);
  afterAll(async () => {
    await close?.();
    await runtime?.stop();
  });

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(runtime.baseUrl + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
  };
  const login = async (email: string) => (await call('POST', '/dev/login', { email })).body.token as string;
  const go = (route: string, on: Page = page) => on.goto(`${runtime.baseUrl}/#${route}`);

  it('says what it is doing while it seeds, and how long it took', () => {
    const out = runtime.output();
    expect(out).toContain('Seeding demo data:');
    expect(out).toMatch(/clinicians (\d+)\/\1/);
    expect(out).toMatch(/history 8 weeks: \d+ shifts, \d+ bookings/);
    expect(out).toMatch(/payroll export \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}: ready, [1-9]\d* rows/);
    expect(out).toMatch(/ready in \d+\.\d s/);
    // The history is not relayed: nobody is texted about bookings made weeks ago, and no record is refused.
    expect(out).not.toContain('malformed');
    expect(out).not.toContain('dead-lettered');
    console.log(`first start (in memory) answered /health after ${(readyAfterMs / 1000).toFixed(1)} s`);
  });

  it('has every board and report filled: timesheets in every state, an export ready, gaps ahead, spend behind', async () => {
    const manager = await login('manager.yeovil@somerset.example');
    const admin = await login('admin@somerset.example');
    const hr = await login('hr@somerset.example');
    for (const status of ['submitted', 'queried', 'approved', 'rejected', 'exported']) {
      const list = await call('GET', `/timesheets?status=${status}&limit=5`, undefined, admin);
      expect(list.status, list.text).toBe(200);
      expect(list.body.timesheets.length, status).toBeGreaterThan(0);
    }
    const exports = await call('GET', '/payroll/exports', undefined, hr);
    const ready = exports.body.exports.find((e: { status: string }) => e.status === 'ready');
    expect(ready.rows).toBeGreaterThan(0);
    const csv = await call('GET', `/payroll/exports/${ready.id}/csv`, undefined, hr);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\r\n')).toHaveLength(ready.rows + 1);

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const fortnight = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(Date.now() + 14 * 86_400_000),
    );
    const gaps = await call('GET', `/shifts?status=open&from=${today}&to=${fortnight}`, undefined, manager);
    expect(gaps.status, gaps.text).toBe(200);
    expect(gaps.body.shifts.length).toBeGreaterThan(0);

    const eightWeeksAgo = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
      new Date(Date.now() - 56 * 86_400_000),
    );
    const report = await call('GET', `/reports/summary?from=${eightWeeksAgo}&to=${today}`, undefined, admin);
    expect(report.status, report.text).toBe(200);
    expect(report.body.shiftsFilled).toBeGreaterThan(100);
    expect(report.body.spendPence).toBeGreaterThan(0);

    const outbox = await call('GET', '/dev/outbox');
    expect(outbox.body.messages).toEqual([]);
  });

  it('shows a manager their boards with the history, at both widths', async () => {
    await go('/sign-in');
    await page.getByLabel('Find a demo user').fill('Karen Whitcombe');
    await page
      .getByRole('button', { name: /Karen Whitcombe/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Shifts' }).waitFor();
    await page.locator('.shift-time').first().waitFor();
    await checkPage(page, 'demo-manager-board');
    await go('/manager/timesheets');
    await page.getByRole('heading', { level: 1, name: 'Timesheets' }).waitFor();
    await page.waitForLoadState('networkidle');
    await checkPage(page, 'demo-manager-timesheets');
    await go('/reports');
    await page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await page.waitForLoadState('networkidle');
    await checkPage(page, 'demo-reports');
  });

  it('keeps a link opened in a new tab signed in', async () => {
    const tab = await context.newPage();
    try {
      await go('/manager/timesheets', tab);
      await tab.getByRole('heading', { level: 1, name: 'Timesheets' }).waitFor();
      await tab.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(await tab.getByRole('heading', { level: 1, name: 'Sign in to Rota Bank' }).count()).toBe(0);
    } finally {
      await tab.close();
    }
  });

  it("follows the runtime's clock, not the browser's, for today", async () => {
    const moved = await call('POST', '/dev/clock', { now: '2031-03-12T10:00:00Z' });
    expect(moved.status).toBe(200);
    try {
      await go('/manager/rota');
      await page.reload();
      await expect.poll(() => page.getByTestId('app-today').textContent()).toContain('Wed 12 Mar 2031');
      await page.getByRole('heading', { level: 1 }).waitFor();
      // The rota opens on the runtime's week: Monday 10 to Sunday 16 March 2031.
      await expect.poll(() => page.locator('main').textContent()).toContain('Sun 16 Mar 2031');
    } finally {
      await call('POST', '/dev/clock', { now: null });
    }
    await page.reload();
    await expect.poll(() => page.getByTestId('app-today').textContent()).not.toContain('2031');
  });

  it('shows a clinician their availability with whole times on a phone', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    const users = (await call('GET', '/dev/users')).body.users as {
      email: string;
      name: string;
      clinicianId?: string;
    }[];
    const admin = await login('admin@somerset.example');
    let name = '';
    for (const u of users.filter((x) => x.clinicianId)) {
      const c = (await call('GET', `/clinicians/${u.clinicianId}`, undefined, admin)).body.clinician;
      if (c?.availability?.some((w: { from: string }) => w.from === '08:00')) {
        name = u.name;
        break;
      }
    }
    expect(name).not.toBe('');
    await go('/sign-in');
    await page.getByLabel('Find a demo user').fill(name);
    await page
      .getByRole('button', { name: new RegExp(name) })
      .first()
      .click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await go('/clinician/profile');
    await page.getByText('When you can work').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    const widths = await page
      .locator('.availability-row input[type="time"]:not([disabled])')
      .evaluateAll((inputs) => inputs.map((i) => (i as unknown as { clientWidth: number }).clientWidth));
    expect(widths.length).toBeGreaterThan(0);
    // "08:00" with the picker's icon needs about 100 px at the app's type size; narrower clipped it to "08:0".
    for (const w of widths) expect(w).toBeGreaterThanOrEqual(100);
    await checkPage(page, 'demo-clinician-profile');
  });

  it("answers a client's test run from this one machine past AWS's per-caller limits: texts from one number, invitation links", async () => {
    // Last: its replies fill the outbox the history left empty.
    // A demo clinician's number, texted 25 times (AWS drops more than 20 in ten minutes), every one answered.
    const admin = await login('admin@somerset.example');
    const { phone } = (await call('GET', '/clinicians?limit=1', undefined, admin)).body.clinicians[0];
    for (let i = 0; i < 25; i++) {
      const sent = await call('POST', '/dev/sms/inbound', { from: phone, body: 'HELP' });
      expect(sent.status, `text ${i + 1}: ${sent.text}`).toBe(202);
    }
    // 40 invitation-link requests in a minute from 127.0.0.1 (AWS refuses one address past 30).
    for (let i = 0; i < 40; i++) {
      expect((await call('GET', `/invites/${'x'.repeat(43)}`)).status, `link ${i + 1}`).toBe(404);
    }
  });
});
