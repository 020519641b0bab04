/**
 * Bundles the single-page app: web/src/main.tsx -> web/dist/app.js and
 * app.css, beside a copy of web/index.html. `--watch` rebuilds on change.
 * The result is what the local runtime serves at `/` and what the Web
 * construct uploads to the bucket behind CloudFront.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';

const here = import.meta.dirname;
const outdir = join(here, 'dist');
const watch = process.argv.includes('--watch');

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
copyFileSync(join(here, 'index.html'), join(outdir, 'index.html'));

const options: esbuild.BuildOptions = {
  entryPoints: { app: join(here, 'src', 'main.tsx') },
  outdir,
  bundle: true,
  minify: !watch,
  sourcemap: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'safari16', 'firefox115'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(here, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log(`Watching web/src; writing ${outdir}`);
} else {
  const started = Date.now();
  const result = await esbuild.build({ ...options, metafile: true });
  const bytes = Object.values(result.metafile?.outputs ?? {}).reduce((n, o) => n + o.bytes, 0);
  console.log(`Built the web app in ${Date.now() - started} ms (${Math.round(bytes / 1024)} kB with source maps)`);
}
