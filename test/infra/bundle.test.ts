import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RotaFunction } from '../../cdk/constructs/rota-function';
import { openApiDocument } from '../../lib/routes/openapi';

/** Synthesises one RotaFunction with CDK's own bundling (esbuild, for real) and gives the asset's folder. */
function bundled(outdir: string, handler: string): string {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bundle');
  new RotaFunction(stack, 'Fn', { handler });
  const template = Template.fromStack(stack);
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  const key: string = fn!.Properties.Code.S3Key;
  return path.join(app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`);
}

const apiEvent = (method: string, rawPath: string, headers: Record<string, string> = {}) => ({
  version: '2.0',
  routeKey: `${method} ${rawPath}`,
  rawPath,
  rawQueryString: '',
  headers,
  requestContext: { http: { method, path: rawPath }, requestId: 'test', routeKey: `${method} ${rawPath}` },
  isBase64Encoded: false,
});
const lambdaContext = { awsRequestId: 'test', functionName: 'test', getRemainingTimeInMillis: () => 10_000 };

/** The infra tests that really run esbuild: the other tests skip bundling for speed. */
describe('a RotaFunction bundle (GET /health, built for real)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-bundle-'));
  let bundleDir: string;

  beforeAll(() => {
    bundleDir = bundled(outdir, 'http/get-health');
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('is one ES module with its source map, giving itself a require for CommonJS dependencies', () => {
    expect(fs.readdirSync(bundleDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = fs.readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
    expect(
      code.startsWith("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"),
    ).toBe(true);
  });

  it('carries the AWS SDK inside instead of importing the runtime copy', () => {
    const code = fs.readFileSync(path.join(bundleDir, 'index.mjs'), 'utf8');
    expect(code).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(code).not.toMatch(/require\(["']@aws-sdk\//);
  });

  it('answers a health check when Lambda invokes it', async () => {
    const { handler } = await import(pathToFileURL(path.join(bundleDir, 'index.mjs')).href);
    const response = await handler(apiEvent('GET', '/health'), lambdaContext);
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});

describe('the GET /openapi.json bundle (built for real)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-bundle-'));
  let bundleDir: string;

  beforeAll(() => {
    bundleDir = bundled(outdir, 'http/get-openapi');
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  it('carries the document generated at bundling, not the route table, the schemas or the generator', () => {
    const { sources } = JSON.parse(fs.readFileSync(path.join(bundleDir, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    // Relative to where esbuild wrote the bundle: the repository's own files follow the last `lib/`.
    const ours = sources.filter((s) => !s.includes('node_modules/')).map((s) => s.replace(/^.*?\/?(?=lib\/)/, ''));
    expect(ours).toContain('lib/routes/openapi-built.ts');
    expect(ours.filter((s) => /^lib\/(routes\/(index|openapi|shifts)|schemas\/shift)\.ts$/.test(s))).toEqual([]);
    expect(sources.some((s) => s.includes('node_modules/zod/v4/core/to-json-schema'))).toBe(false);
  });

  it('serves exactly the document the route table generates, naming the origin it was asked on', async () => {
    const { handler } = await import(pathToFileURL(path.join(bundleDir, 'index.mjs')).href);
    const response = await handler(
      apiEvent('GET', '/openapi.json', { host: 'api.rota.example', 'x-forwarded-proto': 'https' }),
      lambdaContext,
    );
    expect(response.statusCode).toBe(200);
    const expected = JSON.parse(JSON.stringify(openApiDocument()));
    expected.servers = [{ ...expected.servers[0], url: 'https://api.rota.example' }];
    expect(JSON.parse(response.body)).toEqual(expected);
  });
});
