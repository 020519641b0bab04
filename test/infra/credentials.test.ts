import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbe } from '../support/bundle-probe';

/**
 * The Lambda bundles swap the SDK's profile, SSO, process and web identity
 * credential providers for stand-ins that find nothing. Built for real through
 * RotaFunction, a handler must still find the credentials a Lambda actually
 * has: the environment's, or the container endpoint's.
 */
describe('the AWS SDK credential chain inside a RotaFunction bundle', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-credentials-'));
  let probe: ReturnType<typeof buildProbe>;
  let server: Server;
  let containerUri: string;

  beforeAll(async () => {
    probe = buildProbe('credentials-probe', outdir);
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

  const invoke = (env: Record<string, string>) => probe.invoke(env);

  it('carries the stand-ins, not the real providers', () => {
    const sources = probe.sources();
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
