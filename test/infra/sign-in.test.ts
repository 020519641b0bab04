import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Synthesised, synthesise } from './support';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

/**
 * Signing in through Cognito's managed login: a domain, a public app client
 * using the authorisation code flow (PKCE) that returns to the CloudFront
 * address, and the app's `config.json` that names them, deployed beside the
 * web build.
 */
describe('sign-in in AWS', () => {
  const build = fs.mkdtempSync(path.join(os.tmpdir(), 'rota-bank-web-'));
  fs.writeFileSync(path.join(build, 'index.html'), '<!doctype html><title>Rota Bank</title>');
  let synthesised: Synthesised;
  let resources: Record<string, Json>;
  const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const idOf = (type: string) => {
    const found = ofType(type);
    expect(found, type).toHaveLength(1);
    return found[0]![0];
  };

  beforeAll(() => {
    synthesised = synthesise({ webAssetsDir: build });
    resources = synthesised.resources;
  });
  afterAll(() => fs.rmSync(build, { recursive: true, force: true }));

  const distributionAddress = () => ({
    'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [idOf('AWS::CloudFront::Distribution'), 'DomainName'] }, '/']],
  });

  it('has a managed login domain on the user pool, branded for the web client', () => {
    const domain = resources[idOf('AWS::Cognito::UserPoolDomain')]!.Properties;
    expect(domain.UserPoolId).toEqual({ Ref: idOf('AWS::Cognito::UserPool') });
    expect(domain.ManagedLoginVersion).toBe(2);
    expect(JSON.stringify(domain.Domain)).toContain('rota-bank-');
    const branding = resources[idOf('AWS::Cognito::ManagedLoginBranding')]!.Properties;
    expect(branding.ClientId).toEqual({ Ref: idOf('AWS::Cognito::UserPoolClient') });
    expect(branding.UseCognitoProvidedValues).toBe(true);
  });

  it('takes the domain prefix from the context when given', () => {
    const { template } = synthesise({}, { authDomainPrefix: 'somerset-rota' });
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'somerset-rota' });
  });

  it('gives the web app a public client with the authorisation code flow only, returning to the CloudFront address', () => {
    const client = resources[idOf('AWS::Cognito::UserPoolClient')]!.Properties;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.AllowedOAuthScopes).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(client.CallbackURLs).toEqual([distributionAddress(), 'http://localhost:3000/']);
    expect(client.LogoutURLs).toEqual([distributionAddress(), 'http://localhost:3000/']);
  });

  it('lets no signed-in user write their own organisation, practices or clinician (custom attributes) or email', () => {
    const client = resources[idOf('AWS::Cognito::UserPoolClient')]!.Properties;
    // Absent, Cognito lets a user write every mutable attribute of their own through the client.
    expect(client.WriteAttributes, 'write attributes listed explicitly').toBeDefined();
    const writable = client.WriteAttributes as string[];
    expect(writable.filter((a) => a.startsWith('custom:'))).toEqual([]);
    expect(writable).not.toContain('email');
    const pool = resources[idOf('AWS::Cognito::UserPool')]!.Properties;
    const custom = (pool.Schema as { Name: string }[]).map((a) => a.Name);
    expect(custom).toEqual(expect.arrayContaining(['org', 'practices', 'clinician']));
    // The code flow's tokens carry only the scopes asked for: never the one that lets a user edit their attributes.
    expect(client.AllowedOAuthScopes).not.toContain('aws.cognito.signin.user.admin');
  });

  it('checks API tokens against that client', () => {
    const authorizer = ofType('AWS::ApiGatewayV2::Authorizer')[0]![1].Properties;
    expect(authorizer.AuthorizerType).toBe('JWT');
    expect(authorizer.JwtConfiguration.Audience).toEqual([{ Ref: idOf('AWS::Cognito::UserPoolClient') }]);
  });

  it('lets the app exchange the code at the managed login domain under its content security policy', () => {
    // Every policy the distribution serves (the app's, and the hashed assets' with their long cache) carries it.
    const policies = ofType('AWS::CloudFront::ResponseHeadersPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const [, policy] of policies) {
      const csp = JSON.stringify(
        policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy,
      );
      expect(csp).toMatch(/connect-src[^;]*\.auth\.[^;]*amazoncognito\.com/);
    }
  });

  it('deploys config.json beside the web build, in the same deployment, naming the API, the pool, the client and the domain', () => {
    const [, deployment] = ofType('Custom::CDKBucketDeployment')[0]!;
    const props = deployment.Properties;
    expect(props.SourceObjectKeys).toHaveLength(2);
    const markers = Object.values(props.SourceMarkers[1] as Record<string, unknown>);
    expect(markers).toEqual(
      expect.arrayContaining([
        { 'Fn::GetAtt': [idOf('AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] },
        { Ref: idOf('AWS::Cognito::UserPool') },
        { Ref: idOf('AWS::Cognito::UserPoolClient') },
        { Ref: idOf('AWS::Cognito::UserPoolDomain') },
        { 'Fn::GetAtt': [idOf('AWS::CloudFront::Distribution'), 'DomainName'] },
      ]),
    );

    // The file itself, as the deployment will write it (tokens still as markers until deploy time).
    const assembly = synthesised.app.synth();
    const file = fs
      .readdirSync(assembly.directory)
      .map((d) => path.join(assembly.directory, d, 'config.json'))
      .find((f) => fs.existsSync(f));
    expect(file, 'a config.json asset').toBeDefined();
    const config = JSON.parse(fs.readFileSync(file!, 'utf8'));
    expect(config).toEqual({
      apiBaseUrl: expect.stringMatching(/^<<marker:0xbaba:\d+>>$/),
      auth: {
        kind: 'cognito',
        region: expect.any(String),
        userPoolId: expect.any(String),
        clientId: expect.any(String),
        domain: expect.stringMatching(/^https:\/\/<<marker:0xbaba:\d+>>\.auth\..+\.amazoncognito\.com$/),
        redirectUri: expect.stringMatching(/^https:\/\/<<marker:0xbaba:\d+>>\/$/),
      },
      devTools: false,
    });
  });
});
