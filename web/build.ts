/**
 * Bundles the single-page app into web/dist: `index.html` naming an entry
 * module and its stylesheet, and one chunk per page (main.tsx loads each
 * page with `import()`), so a role downloads only the pages it opens.
 * Everything but `index.html` sits under `assets/` with a content hash in
 * its name and may be cached for a year; `index.html` is revalidated on
 * every load. Each text file also gets `.br` and `.gz` beside it, which the
 * local runtime serves to browsers that accept them (CloudFront compresses
 * on its own). `--watch` rebuilds on change. bench/web-bytes.ts measures
 * what each role downloads first.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const here = import.meta.dirname;
// `--outdir=<dir>` builds elsewhere (the build's own test), leaving web/dist to the running app.
const outdir = resolve(
  process.argv.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length) ?? join(here, 'dist'),
);
const watch = process.argv.includes('--watch');

/** Hashed, so a new build never collides with a cached old one: the long cache lifetime rests on this. */
const ASSETS_DIR = 'assets';

/** Writes index.html naming this build's entry and stylesheet, with the entry's own imports preloaded. */
function writeIndex(metafile: esbuild.Metafile): void {
  // From the root, so the page finds them whatever path served it (CloudFront answers unknown paths with it).
  const url = (file: string) => `/${relative(outdir, file).split('\\').join('/')}`;
  const [entryFile, entry] = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('main.tsx')) ?? [];
  if (!entryFile || !entry) throw new Error('esbuild wrote no entry module');
  const css = entry.cssBundle;
  // Chunks the entry imports statically would otherwise be requested only after it is parsed.
  const preloads = entry.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path);
  const template = readFileSync(join(here, 'index.html'), 'utf8');
  const html = template
    .replace(
      '<link rel="stylesheet" href="app.css" />',
      [
        ...(css ? [`<link rel="stylesheet" href="${url(css)}" />`] : []),
        ...preloads.map((p) => `<link rel="modulepreload" href="${url(p)}" />`),
      ].join('\n    '),
    )
    .replace('<script type="module" src="app.js"></script>', `<script type="module" src="${url(entryFile)}"></script>`);
  if (html === template) throw new Error('web/index.html no longer names app.css and app.js');
  writeFileSync(join(outdir, 'index.html'), html);
}

const COMPRESSIBLE = /\.(html|js|css|json|svg)$/;

/** Precompressed copies at maximum effort: done once here rather than on every request. */
function compressAll(dir: string): { raw: number; br: number } {
  let raw = 0;
  let br = 0;
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (statSync(file).isDirectory()) {
      const inner = compressAll(file);
      raw += inner.raw;
      br += inner.br;
      continue;
    }
    if (!COMPRESSIBLE.test(name)) continue;
    const content = readFileSync(file);
    const brotli = brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    });
    writeFileSync(`${file}.br`, brotli);
    writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
    raw += content.length;
    br += brotli.length;
  }
  return { raw, br };
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const options: esbuild.BuildOptions = {
  entryPoints: { app: join(here, 'src', 'main.tsx') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  entryNames: `${ASSETS_DIR}/[name]-[hash]`,
  chunkNames: `${ASSETS_DIR}/[name]-[hash]`,
  assetNames: `${ASSETS_DIR}/[name]-[hash]`,
  minify: !watch,
  sourcemap: true,
  target: ['es2022', 'chrome110', 'safari16', 'firefox115'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  tsconfig: join(here, 'tsconfig.json'),
  define: { 'process.env.NODE_ENV': watch ? '"development"' : '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  plugins: [
    {
      name: 'index-html',
      setup(build) {
        build.onEnd((result) => {
          if (result.metafile) writeIndex(result.metafile);
        });
      },
    },
  ],
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
  console.log(`Watching web/src; writing ${outdir}`);
} else {
  const started = Date.now();
  await esbuild.build(options);
  const { raw, br } = compressAll(outdir);
  console.log(
    `Built the web app in ${Date.now() - started} ms (${Math.round(raw / 1024)} kB of text, ${Math.round(br / 1024)} kB with brotli)`,
  );
}
