/**
 * Lighthouse (mobile, simulated throttling) on the web app's first page for
 * each role, and the compressed script each first load fetched, against the
 * local runtime: `npx tsx bench/lighthouse.ts` builds the app, starts
 * `local/main.ts --memory` on a free port, signs in as a demo user of each
 * role and writes bench/results-web.md. `--url=http://host:port` measures a
 * runtime already running instead; `--runs=N` takes the median of N;
 * `--only=manager,admin` measures those roles only.
 *
 * Chromium is Debian's (`CHROME_PATH`, default /usr/bin/chromium). A
 * measurement, not a test: the figures move with the machine's load.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import lighthouse from 'lighthouse';
import puppeteer, { type Browser } from 'puppeteer-core';
import { FIRST_PAGES, firstLoad, readWebBuild } from './web-bytes';

const ROOT = resolve(import.meta.dirname, '..');
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(arg('runs') ?? 1);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/** web/src/main.tsx HOME, and the demo sign-in for anyone not signed in. */
const HOME: Record<keyof typeof FIRST_PAGES, string> = {
  'sign-in': '/sign-in',
  manager: '/manager/shifts',
  clinician: '/clinician/offers',
  hr: '/hr/payroll',
  admin: '/admin/clinicians',
};

interface Figure {
  role: string;
  performance: number;
  accessibility: number;
  lcpMs: number;
  fcpMs: number;
  tbtMs: number;
  cls: number;
  scriptTransferBytes: number;
  scriptRequests: number;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

async function startRuntime(): Promise<{ url: string; child: ChildProcess }> {
  const built = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['web/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('web build failed');
  const port = await freePort();
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['local/main.ts', '--memory'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('the runtime did not start within 5 minutes')), 300_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('is running at')) {
        clearTimeout(timer);
        ok();
      }
    });
    child.on('exit', (code) => fail(new Error(`the runtime exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function sessionFor(base: string, role: string): Promise<unknown> {
  const { users } = (await (await fetch(`${base}/dev/users`)).json()) as { users: { email: string; role: string }[] };
  const user = users.find((u) => u.role === role);
  if (!user) throw new Error(`no demo ${role}`);
  const login = await fetch(`${base}/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: user.email }),
  });
  const { token, user: named } = (await login.json()) as { token: string; user?: { name?: string } };
  const me = await (await fetch(`${base}/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  return { token, me, name: named?.name };
}

async function measure(browser: Browser, base: string, role: keyof typeof FIRST_PAGES): Promise<Figure> {
  const page = await browser.newPage();
  try {
    if (role !== 'sign-in') {
      // The app keeps its session in sessionStorage, which lives with the tab: sign in in the tab Lighthouse uses.
      const session = await sessionFor(base, role);
      await page.goto(`${base}/#/sign-in`);
      await page.evaluate(
        (s) =>
          (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem(
            'rota-bank.session',
            s,
          ),
        JSON.stringify(session),
      );
    }
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    const result = await lighthouse(
      `${base}/#${HOME[role]}`,
      {
        onlyCategories: ['performance', 'accessibility'],
        // Storage holds the session; the cache was emptied above, so the load is still a first one.
        disableStorageReset: role !== 'sign-in',
        logLevel: 'error',
      },
      undefined,
      page,
    );
    if (!result) throw new Error('Lighthouse returned nothing');
    const { lhr } = result;
    const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
    const requests = ((lhr.audits['network-requests']?.details as { items?: Record<string, unknown>[] })?.items ??
      []) as { resourceType?: string; transferSize?: number }[];
    const scripts = requests.filter((r) => r.resourceType === 'Script');
    // What moved, so a layout shift can be traced to its element.
    const shifts = (
      (lhr.audits['layout-shifts'] ?? lhr.audits['layout-shift-elements'])?.details as {
        items?: { node?: { selector?: string }; score?: number }[];
      }
    )?.items;
    for (const s of shifts ?? []) console.error(`${role}: layout shift ${s.score?.toFixed(3)} at ${s.node?.selector}`);
    return {
      role,
      performance: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      accessibility: Math.round((lhr.categories.accessibility?.score ?? 0) * 100),
      lcpMs: numeric('largest-contentful-paint'),
      fcpMs: numeric('first-contentful-paint'),
      tbtMs: numeric('total-blocking-time'),
      cls: numeric('cumulative-layout-shift'),
      scriptTransferBytes: scripts.reduce((n, r) => n + (r.transferSize ?? 0), 0),
      scriptRequests: scripts.length,
    };
  } finally {
    await page.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const given = arg('url');
  const runtime = given ? undefined : await startRuntime();
  const base = given ?? runtime!.url;
  const browser = await puppeteer.launch({
    executablePath: CHROME,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const figures: Figure[] = [];
  try {
    const only = arg('only')?.split(',');
    for (const role of Object.keys(FIRST_PAGES) as (keyof typeof FIRST_PAGES)[]) {
      if (only && !only.includes(role)) continue;
      const runs: Figure[] = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, base, role));
      const by = (k: keyof Figure) => median(runs.map((r) => r[k] as number));
      const figure: Figure = {
        role,
        performance: by('performance'),
        accessibility: by('accessibility'),
        lcpMs: by('lcpMs'),
        fcpMs: by('fcpMs'),
        tbtMs: by('tbtMs'),
        cls: by('cls'),
        scriptTransferBytes: by('scriptTransferBytes'),
        scriptRequests: by('scriptRequests'),
      };
      figures.push(figure);
      console.log(JSON.stringify(figure));
    }
  } finally {
    await browser.close();
    runtime?.child.kill('SIGTERM');
  }

  const build = readWebBuild(join(ROOT, 'web', 'dist'));
  const kb = (n: number) => (n / 1024).toFixed(1);
  const lines = [
    '# Web app: first load per role',
    '',
    `Lighthouse ${'12.2.3'} mobile (simulated throttling), ${RUNS} run(s) per role, median; ${new Date().toISOString()}.`,
    '',
    '| Role (first page) | Performance | Accessibility | LCP ms | FCP ms | TBT ms | CLS | Script fetched (transfer) | Build: first-load script raw / gzip / brotli |',
    '|---|---|---|---|---|---|---|---|---|',
    ...figures.map((f) => {
      const bytes = firstLoad(build, f.role as keyof typeof FIRST_PAGES);
      return `| ${f.role} (${HOME[f.role as keyof typeof HOME]}) | ${f.performance} | ${f.accessibility} | ${Math.round(f.lcpMs)} | ${Math.round(f.fcpMs)} | ${Math.round(f.tbtMs)} | ${f.cls.toFixed(3)} | ${kb(f.scriptTransferBytes)} kB in ${f.scriptRequests} | ${kb(bytes.raw)} / ${kb(bytes.gzip)} / ${kb(bytes.br)} kB (${bytes.files.length} files) |`;
    }),
    '',
  ];
  writeFileSync(join(ROOT, 'bench', 'results-web.md'), lines.join('\n'));
  console.log(lines.join('\n'));
}

await main();
