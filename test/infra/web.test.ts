import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Web } from '../../cdk/constructs/web';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

/** The Web construct on its own, with a small build shaped like web/build.ts's. */
describe('the web distribution', () => {
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-web-'));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-web-synth-'));
  let resources: Record<string, Json>;
  let assembly: string;

  beforeAll(() => {
    fs.mkdirSync(path.join(build, 'assets'));
    fs.writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>Rota Bank</title>');
    for (const suffix of ['', '.br', '.gz']) fs.writeFileSync(path.join(build, 'assets', `app-ABC123.js${suffix}`), '');
    const app = new App({ outdir });
    const stack = new Stack(app, 'WebOnly', { env: { account: '111111111111', region: 'eu-west-2' } });
    const web = new Web(stack, 'Web', { accessLogsBucket: new s3.Bucket(stack, 'Logs'), assetsDir: build });
    web.publish({
      apiBaseUrl: 'https://api.example',
      auth: {
        kind: 'cognito',
        region: 'eu-west-2',
        userPoolId: 'eu-west-2_x',
        clientId: 'c',
        domain: 'https://x.auth.eu-west-2.amazoncognito.com',
        redirectUri: 'https://d.cloudfront.net/',
      },
      devTools: false,
    });
    resources = Template.fromStack(stack).toJSON().Resources;
    assembly = app.synth().directory;
  });
  afterAll(() => {
    fs.rmSync(build, { recursive: true, force: true });
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const distribution = () => ofType('AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
  const policy = (ref: Json) => resources[ref.Ref]!.Properties;

  it('compresses every response, with brotli or gzip as the browser accepts, and caches each encoding apart', () => {
    const config = distribution();
    const behaviours = [config.DefaultCacheBehavior, ...config.CacheBehaviors];
    expect(behaviours).toHaveLength(2);
    for (const behaviour of behaviours) {
      expect(behaviour.Compress).toBe(true);
      const cache = policy(behaviour.CachePolicyId).CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin;
      expect(cache.EnableAcceptEncodingBrotli).toBe(true);
      expect(cache.EnableAcceptEncodingGzip).toBe(true);
    }
  });

  it('lets browsers keep the hashed assets for a year, and makes them revalidate everything else', () => {
    const config = distribution();
    const assets = config.CacheBehaviors.find((b: Json) => b.PathPattern === 'assets/*');
    const cacheControl = (ref: Json) =>
      policy(ref).ResponseHeadersPolicyConfig.CustomHeadersConfig.Items.find((h: Json) => h.Header === 'Cache-Control');
    expect(cacheControl(assets.ResponseHeadersPolicyId)).toEqual({
      Header: 'Cache-Control',
      Value: 'public, max-age=31536000, immutable',
      Override: true,
    });
    expect(cacheControl(config.DefaultCacheBehavior.ResponseHeadersPolicyId).Value).toBe('no-cache');
    // Both keep the security headers.
    for (const ref of [assets.ResponseHeadersPolicyId, config.DefaultCacheBehavior.ResponseHeadersPolicyId]) {
      expect(policy(ref).ResponseHeadersPolicyConfig.SecurityHeadersConfig.FrameOptions.FrameOption).toBe('DENY');
    }
  });

  it('uploads the build without the precompressed copies, which only the local runtime serves', () => {
    const staged = fs
      .readdirSync(assembly)
      .map((d) => path.join(assembly, d))
      .filter((d) => fs.statSync(d).isDirectory() && fs.existsSync(path.join(d, 'index.html')));
    expect(staged).toHaveLength(1);
    expect(fs.readdirSync(path.join(staged[0]!, 'assets'))).toEqual(['app-ABC123.js']);
  });
});
