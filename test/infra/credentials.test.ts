import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS_DIR_CONTEXT, RotaFunction } from '../../cdk/constructs/rota-function';

const run = promisify(execFile);

/**
 * The Lambda bundles swap the SDK's profile, SSO, process and web identity
 * credential providers for stand-ins that find nothing. Built for real through
 * RotaFunction, a handler must still find the credentials a Lambda actually
 * has: the environment's, or the container endpoint's.
 */
describe('the AWS SDK credential chain inside a RotaFunction bundle', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-credentials-'));
  let bundle: string;
  let runner: string;
  let server: Server;
  let containerUri: string;

  beforeAll(async () => {
    const app = new App({ outdir, context: { [FUNCTIONS_DIR_CONTEXT]: path.join(import.meta.dirname, 'fixtures') } });
    const stack = new Stack(app, 'Credentials');
    new RotaFunction(stack, 'Probe', { handler: 'credentials-probe' });
    const [fn] = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'));
    const key: string = fn!.Properties.Code.S3Key;
    bundle = path.join(app.synth().directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
    runner = path.join(outdir, 'invoke.mjs');
    fs.writeFileSync(
      runner,
      'const { handler } = await import(process.argv[2]); process.stdout.write(await handler());\n',
    );
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          AccessKeyId: 'AKIDFROMCONTAINER',
          SecretAccessKey: 'secret',
          Token: 'token',
          Expiration: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      );
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    containerUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/credentials`;
  }, 120_000);
  afterAll(() => {
    server?.close();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  // A clean environment, as a Lambda's: no profile, no shared config files to find.
  const invoke = async (env: Record<string, string>) =>
    (
      await run(process.execPath, [runner, bundle], {
        env: { PATH: process.env.PATH ?? '', HOME: outdir, AWS_REGION: 'eu-west-2', ...env },
        timeout: 30_000,
      })
    ).stdout;

  it('carries the stand-ins, not the real providers', () => {
    const sources: string[] = JSON.parse(fs.readFileSync(`${bundle}.map`, 'utf8')).sources;
    expect(sources.some((s) => s.endsWith('cdk/lambda/unusable-credential-providers.ts'))).toBe(true);
    for (const provider of ['sso', 'ini', 'process', 'web-identity']) {
      expect(sources.filter((s) => s.includes(`credential-provider-${provider}/`))).toEqual([]);
    }
  });

  it("finds the environment's credentials, as a Lambda is given them", async () => {
    expect(
      await invoke({ AWS_ACCESS_KEY_ID: 'AKIDFROMENV', AWS_SECRET_ACCESS_KEY: 'secret', AWS_SESSION_TOKEN: 'token' }),
    ).toBe('AKIDFROMENV');
  });

  it("walks past the stand-ins to the container endpoint's credentials when the environment has none", async () => {
    expect(await invoke({ AWS_CONTAINER_CREDENTIALS_FULL_URI: containerUri })).toBe('AKIDFROMCONTAINER');
  });
});
