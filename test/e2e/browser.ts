import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');

export const baseUrl = () => inject('baseUrl');

/** A fresh Chromium profile per test file; Debian's chromium, never a downloaded one. */
export async function launch(): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-e2e-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    env: { ...process.env, LANG: 'en_GB.UTF-8', LANGUAGE: 'en_GB' } as Record<string, string>,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--lang=en-GB',
    ],
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // The local runtime sends CloudFront's Content-Security-Policy: anything it refuses here it refuses in AWS.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text());
  });
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
      expect(errors, 'uncaught errors in the page').toEqual([]);
    },
  };
}

export async function open(page: Page, route: string) {
  await page.goto(`${baseUrl()}/#${route}`);
}

/** Signs in through the demo-user picker, as a person would. */
export async function signInAs(page: Page, name: string) {
  await open(page, '/sign-in');
  await page.getByLabel('Find a demo user').fill(name);
  await page
    .getByRole('button', { name: new RegExp(name) })
    .first()
    .click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** No serious or critical axe violations on the page as it stands. */
export async function expectAccessible(page: Page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const g = globalThis as any;
    const axe = g.axe as { run: (ctx: unknown, opts: unknown) => Promise<any> };
    const result = await axe.run(g.document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')),
      }));
  });
  expect(violations).toEqual([]);
  expect(await page.locator('h1').count(), 'one h1 per page').toBe(1);
}

/** Full-page screenshots at phone (390 px) and desktop (1280 px) widths. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(100);
    const { overflow, culprits } = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const root = doc.documentElement;
      // The innermost elements reaching past the page's right edge, so a failure says what to mend.
      const past = [...doc.body.querySelectorAll('*')].filter(
        (el: any) => el.getBoundingClientRect().right > root.clientWidth + 0.5,
      );
      const innermost = past.filter((el: any) => !past.some((other: any) => other !== el && el.contains(other)));
      const describe = (el: any) =>
        `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
      return { overflow: root.scrollWidth - root.clientWidth, culprits: innermost.slice(0, 3).map(describe) };
    });
    expect(overflow, `${name} scrolls sideways at ${width} px: ${culprits.join('; ')}`).toBeLessThanOrEqual(0);
    // Capped so a long list stays viewable; the top of a page is what is judged.
    const height = await page.evaluate(() => (globalThis as any).document.documentElement.scrollHeight as number);
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${width}.png`),
      fullPage: true,
      clip: { x: 0, y: 0, width, height: Math.min(height, 2400) },
    });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Accessible at both widths (the phone layout hides and rearranges parts), and photographed at both. */
export async function checkPage(page: Page, name: string) {
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  await expectAccessible(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await screenshots(page, name);
}

/** London calendar date `days` from today. */
export function londonDate(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
}
