/**
 * What each role's browser downloads before its home page shows: the entry
 * module, the chunks it imports, and the home page's chunk with its imports,
 * measured from a web build (web/dist) as sent: brotli and gzip. The build
 * names a page's chunk after its file (`manager-board-<hash>.js`), which is
 * how a role's pages are told apart from another's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** The page each role opens on (web/src/main.tsx HOME), and sign-in for everyone before. */
export const FIRST_PAGES = {
  'sign-in': 'sign-in',
  manager: 'manager-board',
  clinician: 'clinician-offers',
  hr: 'hr-payroll',
  admin: 'admin-clinicians',
} as const;

/** Every page each role can open (web/src/main.tsx ROUTES). */
export const ROLE_PAGES: Record<keyof typeof FIRST_PAGES, string[]> = {
  // Whoever is not signed in: the sign-in page, and the page an invitation link opens.
  'sign-in': ['sign-in', 'join'],
  manager: [
    'manager-board',
    'manager-post-shift',
    'manager-rota',
    'manager-bulk',
    'manager-shift',
    'manager-timesheets',
    'manager-invoices',
    'reports',
    'admin-clinicians',
    'compliance-at-risk',
  ],
  clinician: ['clinician-offers', 'clinician-bookings', 'clinician-pay', 'clinician-profile', 'clinician-documents'],
  hr: [
    'hr-payroll',
    'compliance-at-risk',
    'reports',
    // HR looks after the bank's compliance documents, and invites people to join.
    'admin-clinicians',
    'admin-documents',
    'hr-invites',
    'hr-pension',
  ],
  admin: [
    'admin-clinicians',
    'admin-clinician',
    'admin-documents',
    'admin-practices',
    'admin-escalations',
    'compliance-at-risk',
    'manager-board',
    'manager-post-shift',
    'manager-rota',
    'manager-bulk',
    'manager-shift',
    'manager-timesheets',
    'manager-invoices',
    'reports',
    'hr-payroll',
    'hr-invites',
    'hr-pension',
  ],
};

export interface Sizes {
  raw: number;
  gzip: number;
  br: number;
}

export interface FirstLoad extends Sizes {
  files: string[];
}

export interface WebBuild {
  dir: string;
  /** The entry module, from index.html, relative to the build. */
  entry: string;
  /** Every script of the build, relative to it. */
  scripts: string[];
  /** The chunk of each page, by page file name. */
  pageChunks: Map<string, string>;
  sizes(file: string): Sizes;
  /** A script with every script it imports statically, transitively. */
  closure(file: string): string[];
}

const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?["']\.\/([^"']+\.js)["']/g;

export function readWebBuild(dir: string): WebBuild {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const entry = /<script type="module" src="\/?([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error(`${dir}/index.html names no entry module`);
  const assets = entry.split('/').slice(0, -1).join('/');
  const scripts = readdirSync(join(dir, assets))
    .filter((f) => f.endsWith('.js'))
    .map((f) => (assets ? `${assets}/${f}` : f));
  const pageChunks = new Map<string, string>();
  for (const s of scripts) {
    const name = /([a-z-]+)-[A-Z0-9]{8}\.js$/.exec(s)?.[1];
    if (name && name !== 'chunk' && name !== 'app') pageChunks.set(name, s);
  }
  const sizeCache = new Map<string, Sizes>();
  const sizes = (file: string): Sizes => {
    let found = sizeCache.get(file);
    if (!found) {
      const path = join(dir, file);
      const content = readFileSync(path);
      const gz = existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`) : gzipSync(content, { level: 9 });
      const br = existsSync(`${path}.br`)
        ? readFileSync(`${path}.br`)
        : brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
      found = { raw: content.length, gzip: gz.length, br: br.length };
      sizeCache.set(file, found);
    }
    return found;
  };
  const closure = (file: string): string[] => {
    const seen = new Set<string>();
    const visit = (f: string) => {
      if (seen.has(f)) return;
      seen.add(f);
      const code = readFileSync(join(dir, f), 'utf8');
      for (const m of code.matchAll(STATIC_IMPORT)) visit(assets ? `${assets}/${m[1]}` : m[1]!);
    };
    visit(file);
    return [...seen];
  };
  return { dir, entry, scripts, pageChunks, sizes, closure };
}

export function sum(build: WebBuild, files: string[]): FirstLoad {
  const total = { raw: 0, gzip: 0, br: 0 };
  for (const f of files) {
    const s = build.sizes(f);
    total.raw += s.raw;
    total.gzip += s.gzip;
    total.br += s.br;
  }
  return { files, ...total };
}

/** The scripts a role's first visit runs: the entry's and its first page's, each file once. */
export function firstLoad(build: WebBuild, role: keyof typeof FIRST_PAGES): FirstLoad {
  const page = build.pageChunks.get(FIRST_PAGES[role]);
  const files = new Set(build.closure(build.entry));
  if (page) for (const f of build.closure(page)) files.add(f);
  return sum(build, [...files]);
}

/** Every script a role could ever fetch: the entry and all its pages. */
export function allPages(build: WebBuild, role: keyof typeof FIRST_PAGES): FirstLoad {
  const files = new Set(build.closure(build.entry));
  for (const p of ROLE_PAGES[role]) {
    const chunk = build.pageChunks.get(p);
    if (chunk) for (const f of build.closure(chunk)) files.add(f);
  }
  return sum(build, [...files]);
}
