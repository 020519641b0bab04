import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allPages, FIRST_PAGES, firstLoad, ROLE_PAGES, readWebBuild, type WebBuild } from '../../bench/web-bytes';

const ROOT = resolve(import.meta.dirname, '../..');
const ROLES = Object.keys(FIRST_PAGES) as (keyof typeof FIRST_PAGES)[];
const ALL_PAGES = [...new Set(Object.values(ROLE_PAGES).flat()), 'sms-simulator'];
/** Issue 17: what a phone fetches before the first page shows. */
const FIRST_LOAD_LIMIT = 120 * 1024;

/** The real production build (minified, split, compressed), into a folder of its own. */
describe('the web build', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'rota-bank-web-build-'));
  let build: WebBuild;

  beforeAll(() => {
    const run = spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), ['web/build.ts', `--outdir=${outdir}`], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    build = readWebBuild(outdir);
  }, 60_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('names hashed files under /assets/ from index.html, each with brotli and gzip copies of the same bytes', () => {
    const html = readFileSync(join(outdir, 'index.html'), 'utf8');
    const css = /<link rel="stylesheet" href="\/(assets\/app-[A-Z0-9]{8}\.css)"/.exec(html)?.[1];
    expect(build.entry).toMatch(/^assets\/app-[A-Z0-9]{8}\.js$/);
    expect(css).toBeDefined();
    for (const file of [build.entry, css!, 'index.html', ...build.scripts]) {
      const original = readFileSync(join(outdir, file));
      expect(brotliDecompressSync(readFileSync(join(outdir, `${file}.br`))).equals(original), file).toBe(true);
      expect(gunzipSync(readFileSync(join(outdir, `${file}.gz`))).equals(original), file).toBe(true);
    }
    // Every chunk the entry imports is preloaded rather than found only after the entry is parsed.
    for (const chunk of build.closure(build.entry).slice(1))
      expect(html).toContain(`rel="modulepreload" href="/${chunk}"`);
  });

  it('gives every page a chunk of its own, and the entry none of them', () => {
    expect([...build.pageChunks.keys()].sort()).toEqual([...ALL_PAGES].sort());
    const entryFiles = build.closure(build.entry);
    for (const chunk of build.pageChunks.values()) expect(entryFiles).not.toContain(chunk);
  });

  it.each(
    ROLES,
  )('has %s fetch at most 120 KB of compressed script before its first page, and no page of its own but that', (role) => {
    const first = firstLoad(build, role);
    expect(first.br).toBeLessThanOrEqual(FIRST_LOAD_LIMIT);
    expect(first.gzip).toBeLessThanOrEqual(FIRST_LOAD_LIMIT);
    const pages = [...build.pageChunks].filter(([, chunk]) => first.files.includes(chunk)).map(([name]) => name);
    expect(pages).toEqual([FIRST_PAGES[role]]);
  });

  it.each(ROLES)('never has %s fetch another role’s pages', (role) => {
    const mine = allPages(build, role).files;
    const others = [...build.pageChunks].filter(([name]) => !ROLE_PAGES[role].includes(name));
    for (const [name, chunk] of others) expect(mine, name).not.toContain(chunk);
  });
});
