import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleDefines, lambdaBuildOptions, OPENAPI_HANDLER, packagesIn } from '../../cdk/constructs/lambda-bundling';
import { ROUTES, type Route, type RouteNeed } from '../../lib/routes/index';

/**
 * What each Lambda bundle carries, read from esbuild's metafile with the
 * options RotaFunction deploys with (one build of every entry, nothing
 * written): a cold start pays to load all of it, so a handler must not carry
 * a library or a route table it does not use.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const DEPLOYED = (ROUTES as readonly Route[]).filter((r) => !r.localOnly);
const EVENT_HANDLERS = readdirSync(join(ROOT, 'functions'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
const HANDLERS = [...DEPLOYED.map((r) => r.handler), ...EVENT_HANDLERS].filter((h) =>
  existsSync(join(ROOT, 'functions', `${h}.ts`)),
);

interface Contents {
  packages: Set<string>;
  /** Our own modules, relative to the repository root. */
  modules: Set<string>;
  /** Every input, packages' files included. */
  inputs: string[];
  kb: number;
  /** The bundle's code. */
  text: string;
  /** Bytes in the bundle by package, in KB. */
  packageKb: Map<string, number>;
}

const contents = new Map<string, Contents>();

beforeAll(async () => {
  const outdir = join(ROOT, 'node_modules', '.cache', 'lambda-bundles-test');
  const { outfile: _, ...options } = lambdaBuildOptions('', '');
  const result = await build({
    ...options,
    // One build of every entry: the one define (the OpenAPI document) is read by its own handler alone.
    define: bundleDefines(OPENAPI_HANDLER),
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(HANDLERS.map((h) => [h, join(ROOT, 'functions', `${h}.ts`)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    sourcemap: false,
    write: false,
  });
  const metafile: Metafile = result.metafile;
  const texts = new Map(result.outputFiles.map((f) => [f.path, f.text]));
  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint) continue;
    const handler = output.entryPoint.replace(/^functions\//, '').replace(/\.ts$/, '');
    contents.set(handler, {
      packages: packagesIn(output.inputs),
      modules: new Set(Object.keys(output.inputs).filter((p) => !p.includes('node_modules/'))),
      inputs: Object.keys(output.inputs),
      kb: output.bytes / 1024,
      text: texts.get(join(ROOT, path)) ?? '',
      packageKb: kbByPackage(output.inputs),
    });
  }
}, 120_000);

function kbByPackage(inputs: Metafile['outputs'][string]['inputs']): Map<string, number> {
  const kb = new Map<string, number>();
  for (const [path, { bytesInOutput }] of Object.entries(inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
    if (pkg) kb.set(pkg, (kb.get(pkg) ?? 0) + bytesInOutput / 1024);
  }
  return kb;
}

/** The table's repositories, a module each: `deps` in lib/deps.ts makes only those a handler names. */
const REPOSITORY_MODULES = [
  'practices',
  'clinicians',
  'shifts',
  'templates',
  'idempotency',
  'offers',
  'outbox',
  'bookings',
  'timesheets',
  'exports',
  'escalations',
  'invoices',
  'pension',
  'documents',
].map((m) => `lib/store/${m}.ts`);

const carrying = (what: (c: Contents) => boolean) => HANDLERS.filter((h) => what(contents.get(h)!)).sort();
const routesNeeding = (need: RouteNeed) => DEPLOYED.filter((r) => r.needs?.includes(need)).map((r) => r.handler);

describe('Lambda bundles', () => {
  it('built one bundle per deployed handler', () => {
    expect([...contents.keys()].sort()).toEqual([...HANDLERS].sort());
  });

  it("leave the accept handler (the race's hot path) without PDF, calendar, CSV, phone-number or OpenAPI code", () => {
    const accept = contents.get('http/accept-offer')!;
    for (const pkg of ['ical-generator', 'luxon', 'csv-stringify', 'libphonenumber-js', '@aws-sdk/client-s3']) {
      expect(accept.packages.has(pkg), pkg).toBe(false);
    }
    expect(accept.modules.has('lib/pdf/writer.ts')).toBe(false);
    expect(accept.modules.has('lib/routes/openapi.ts')).toBe(false);
    expect(accept.modules.has('lib/routes/index.ts')).toBe(false);
  });

  it("give libphonenumber only to the routes that take a phone number in their body: a text's sender comes as E.164", () => {
    const withPhones = carrying((c) => c.packages.has('libphonenumber-js')).sort();
    expect(withPhones).toEqual([
      'http/accept-invite',
      'http/create-clinician',
      'http/create-invite',
      'http/update-clinician',
    ]);
    expect(contents.get('on-inbound-sms')!.modules.has('lib/domain/e164.ts')).toBe(true);
  });

  it("build their own route's declaration and the schemas it reaches, not the other routes of its module", () => {
    const accept = contents.get('http/accept-offer')!.text;
    const create = contents.get('http/create-shift')!.text;
    // Both routes are declared in lib/routes/shifts.ts; the shift's body schema is in lib/schemas/shift.ts.
    expect(create).toContain('Post a gap in the rota');
    expect(accept).not.toContain('Post a gap in the rota');
    expect(create).toContain('a shift lasts at most 24 hours');
    expect(accept).not.toContain('a shift lasts at most 24 hours');
    expect(accept).toContain('/offers/{id}/accept');
  });

  it("carry no zod schemas where the route reads neither a body nor a query (only zod's error class and its English messages)", () => {
    const zodKb = (h: string) => contents.get(h)!.packageKb.get('zod') ?? 0;
    const readsNothing = DEPLOYED.filter((r) => !('body' in r) && !('query' in r)).map((r) => r.handler);
    expect(readsNothing).toContain('http/accept-offer');
    // zod/mini ships no messages: the English ones (2.6 KB) come with every declared schema or route (declared.ts).
    expect(readsNothing.filter((h) => zodKb(h) > 6)).toEqual([]);
    // A route that validates a body carries zod/mini's schema builders.
    expect(zodKb('http/create-shift')).toBeGreaterThan(10);
    // Scheduled jobs and outbox records are checked by hand (lib/schedule/jobs.ts, lib/store/outbox-image.ts):
    // the schedule function and the relay carry no zod.
    expect(zodKb('on-schedule')).toBe(0);
    expect(zodKb('on-outbox')).toBe(0);
    // So are the inbound topic's messages (lib/notify/inbound-sms-message.ts): the SMS handler carries none either.
    expect(zodKb('on-inbound-sms')).toBe(0);
  });

  it("carry zod/mini's builders, never classic zod's (its methods keep every schema type whole in a bundle)", () => {
    expect(carrying((c) => c.inputs.some((p) => p.includes('node_modules/zod/v4/classic/')))).toEqual([]);
    expect(contents.get('http/create-shift')!.inputs.some((p) => p.includes('node_modules/zod/v4/mini/'))).toBe(true);
  });

  it('give the route table and the OpenAPI generator to none: GET /openapi.json carries the document made at bundling', () => {
    expect(carrying((c) => c.modules.has('lib/routes/index.ts'))).toEqual([]);
    expect(carrying((c) => c.modules.has('lib/routes/openapi.ts'))).toEqual([]);
    expect(carrying((c) => c.modules.has('lib/routes/openapi-built.ts'))).toEqual([OPENAPI_HANDLER]);
    expect(contents.get(OPENAPI_HANDLER)!.text).toContain(
      bundleDefines(OPENAPI_HANDLER).ROTA_OPENAPI_DOCUMENT!.slice(1, 200),
    );
  });

  it('carry no pdf-lib (its fonts, codecs and deflate were 420 KB of each PDF bundle): our own writer draws the PDFs', () => {
    expect(carrying((c) => [...c.packages].some((p) => p === 'pdf-lib' || p.startsWith('@pdf-lib/')))).toEqual([]);
    expect(carrying((c) => c.inputs.some((p) => p.includes('node_modules/pako/')))).toEqual([]);
  });

  it('give the PDF writer to the routes that draw a PDF alone, not to every invoice or pension route', () => {
    expect(carrying((c) => c.modules.has('lib/pdf/writer.ts'))).toEqual([
      'http/get-evidence-pack',
      'http/get-form-a',
      'http/get-form-b',
      'http/get-invoice-pdf',
    ]);
  });

  it('give the iCalendar writer to the calendar routes alone', () => {
    for (const h of carrying((c) => c.packages.has('ical-generator') || c.packages.has('luxon'))) {
      expect(h).toMatch(/calendar/);
    }
  });

  it('carry an AWS SDK client other than DynamoDB only where the route or event function uses that service', () => {
    const expected: Record<string, string[]> = {
      '@aws-sdk/client-s3': [
        ...routesNeeding('exports'),
        ...routesNeeding('documents'),
        'run-payroll-export',
        'on-document-upload',
      ],
      // Scheduler and Cognito's admin calls go over signed fetch (lib/schedule/scheduler-api.ts,
      // lib/users/cognito-directory.ts): no bundle carries their clients.
      '@aws-sdk/client-scheduler': [],
      '@aws-sdk/client-cognito-identity-provider': [],
      // Publish and SendEmail are signed form POSTs (lib/aws/signed-fetch.ts), and the export runs are handed over
      // by a signed Invoke: no bundle carries these clients.
      '@aws-sdk/client-sns': [],
      '@aws-sdk/client-ses': [],
      '@aws-sdk/client-lambda': [],
    };
    for (const [pkg, allowed] of Object.entries(expected)) {
      for (const h of carrying((c) => c.packages.has(pkg))) expect(allowed, `${h} carries ${pkg}`).toContain(h);
    }
  });

  it('reach S3 without its client except to write a payroll export (multipart)', () => {
    // Handing out addresses, and reading or deleting one object, are presigned requests (lib/store/s3-objects.ts).
    const presignedOnly = [
      'http/declare-document',
      'http/get-document-file',
      'http/verify-document',
      'on-document-upload',
      'http/get-payroll-csv',
    ];
    for (const h of presignedOnly) {
      const bundle = contents.get(h)!;
      expect(bundle.packages.has('@aws-sdk/s3-request-presigner'), `${h} signs`).toBe(true);
      expect(bundle.packages.has('@aws-sdk/client-s3'), `${h} carries the S3 client`).toBe(false);
    }
    expect(carrying((c) => c.packages.has('@aws-sdk/client-s3'))).toEqual(['run-payroll-export']);
  });

  it('carry only the table keys their code builds, not the whole key catalogue', () => {
    // Each key is its own export of lib/store/keys.ts, so a bundle keeps the ones it calls.
    const health = contents.get('http/get-health')!.text;
    expect(health).not.toContain('#TOTALSRC#');
    expect(health).not.toContain('#INVOICEABLE');
    expect(health).not.toContain('#OUTBOX#');
    // A control: the report totals' consumer builds that key, so the test can see one.
    expect(contents.get('on-report-totals')!.text).toContain('#TOTALSRC#');
  });

  it("carry only the repositories their handler's use cases touch, not every one in the table", () => {
    const repositoriesIn = (h: string) => REPOSITORY_MODULES.filter((m) => contents.get(h)!.modules.has(m));
    // The sign-in check reads the user's record through the core adapters (TableUserDirectory), no repository.
    expect(repositoriesIn('http/get-health')).toEqual([]);
    expect(repositoriesIn('http/get-me')).toEqual([]);
    const list = repositoriesIn('http/list-shifts');
    expect(list).toContain('lib/store/shifts.ts');
    expect(list).not.toContain('lib/store/invoices.ts');
    expect(list).not.toContain('lib/store/exports.ts');
    expect(repositoriesIn('http/accept-offer')).not.toContain('lib/store/invoices.ts');
    expect(carrying((c) => REPOSITORY_MODULES.every((m) => c.modules.has(m)))).toEqual([]);
  });
});
