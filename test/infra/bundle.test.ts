import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RotaFunction } from '../../cdk/constructs/rota-function';

/** The one infra test that really runs esbuild: the other tests skip bundling for speed. */
describe('a RotaFunction bundle (GET /health, built for real)', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-bundle-'));
  let bundleDir: string;

  beforeAll(() => {
    const app = new App({ outdir });
    const stack = new Stack(app, 'Bundle');
    new RotaFunction(stack, 'GetHealth', { handler: 'http/get-health' });
    const template = Template.fromStack(stack);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    const key: string = fn!.Properties.Code.S3Key;
    bundleDir = path.join(app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`);
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
    const response = await handler(
      {
        version: '2.0',
        routeKey: 'GET /health',
        rawPath: '/health',
        rawQueryString: '',
        headers: {},
        requestContext: { http: { method: 'GET', path: '/health' }, requestId: 'test', routeKey: 'GET /health' },
        isBase64Encoded: false,
      },
      { awsRequestId: 'test', functionName: 'health', getRemainingTimeInMillis: () => 10_000 },
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });
});
