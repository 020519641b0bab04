import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  base64url,
  ConfigError,
  claimsOf,
  codeChallenge,
  codeExchangeBody,
  logoutUrl,
  parseRuntimeConfig,
  randomToken,
  refreshBody,
  tokenSetOf,
  tokenUrl,
} from '../../web/src/oidc';

const cognito = {
  kind: 'cognito',
  region: 'eu-west-2',
  userPoolId: 'eu-west-2_AbCdEf123',
  clientId: '1example23456789',
  domain: 'https://rota-bank-123456789012.auth.eu-west-2.amazoncognito.com',
  redirectUri: 'https://d111111abcdef8.cloudfront.net/',
} as const;

describe('PKCE in the web app', () => {
  it('encodes bytes as base64url without padding, as Node does', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        expect(base64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
    );
  });

  it('makes a 43-character verifier from 256 random bits, different every time', () => {
    const a = randomToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(Array.from({ length: 50 }, () => randomToken())).size).toBe(50);
  });

  it('derives the S256 challenge as BASE64URL(SHA-256(verifier))', async () => {
    for (let i = 0; i < 20; i++) {
      const verifier = randomBytes(32).toString('base64url');
      expect(await codeChallenge(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    }
  });

  it('sends the browser to /oauth2/authorize with the code flow, the client, the S256 challenge and the state', () => {
    const url = new URL(authorizeUrl(cognito, { redirectUri: cognito.redirectUri, state: 'st4te', challenge: 'ch4l' }));
    expect(url.origin + url.pathname).toBe(`${cognito.domain}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: cognito.clientId,
      redirect_uri: cognito.redirectUri,
      scope: 'openid email profile',
      state: 'st4te',
      code_challenge: 'ch4l',
      code_challenge_method: 'S256',
    });
  });

  it('trades the code with the verifier and the same redirect address at /oauth2/token', () => {
    expect(tokenUrl(cognito)).toBe(`${cognito.domain}/oauth2/token`);
    const body = codeExchangeBody(cognito, { code: 'c0de', redirectUri: cognito.redirectUri, verifier: 'v' });
    expect(Object.fromEntries(body)).toEqual({
      grant_type: 'authorization_code',
      client_id: cognito.clientId,
      code: 'c0de',
      redirect_uri: cognito.redirectUri,
      code_verifier: 'v',
    });
    expect(Object.fromEntries(refreshBody(cognito, 'r'))).toEqual({
      grant_type: 'refresh_token',
      client_id: cognito.clientId,
      refresh_token: 'r',
    });
  });

  it('signs out through /logout back to the app', () => {
    const url = new URL(logoutUrl(cognito, cognito.redirectUri));
    expect(url.pathname).toBe('/logout');
    expect(url.searchParams.get('client_id')).toBe(cognito.clientId);
    expect(url.searchParams.get('logout_uri')).toBe(cognito.redirectUri);
  });

  it('keeps the ID token as the bearer, works out when it lapses, and keeps the old refresh token on a refresh', () => {
    const first = tokenSetOf({ id_token: 'id1', access_token: 'a', refresh_token: 'r1', expires_in: 3600 }, 1_000);
    expect(first).toEqual({ idToken: 'id1', refreshToken: 'r1', expiresAt: 3_601_000 });
    expect(tokenSetOf({ id_token: 'id2', expires_in: 60 }, 0, 'r1')).toEqual({
      idToken: 'id2',
      refreshToken: 'r1',
      expiresAt: 60_000,
    });
    expect(() => tokenSetOf({ access_token: 'only' }, 0)).toThrow(/no ID token/);
  });

  it('reads a JWT’s claims for display, and nothing from garbage', () => {
    const payload = { sub: 'u1', name: 'Zoë Ångström', 'cognito:groups': ['admin'] };
    const jwt = `x.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.y`;
    expect(claimsOf(jwt)).toEqual(payload);
    expect(claimsOf('not-a-jwt')).toEqual({});
    expect(claimsOf('a.%%%.b')).toEqual({});
  });
});

describe('the runtime configuration', () => {
  it('means the local demo when the host publishes none, or says "local"', () => {
    const local = { apiBaseUrl: '', auth: { kind: 'local' }, devTools: true };
    expect(parseRuntimeConfig(undefined)).toEqual(local);
    expect(parseRuntimeConfig({ auth: 'local' })).toEqual(local);
    expect(parseRuntimeConfig({ apiBaseUrl: '', auth: { kind: 'local' }, devTools: true })).toEqual(local);
  });

  it('reads the Cognito configuration the Web construct publishes, with no dev tools', () => {
    const config = parseRuntimeConfig({
      apiBaseUrl: 'https://abc123.execute-api.eu-west-2.amazonaws.com/',
      auth: cognito,
      devTools: false,
    });
    expect(config).toEqual({
      apiBaseUrl: 'https://abc123.execute-api.eu-west-2.amazonaws.com',
      auth: cognito,
      devTools: false,
    });
    expect(parseRuntimeConfig({ auth: cognito }).devTools).toBe(false);
  });

  it('takes a bare managed login host name as https', () => {
    const config = parseRuntimeConfig({ auth: { ...cognito, domain: 'rota.auth.eu-west-2.amazoncognito.com' } });
    expect(config.auth).toMatchObject({ domain: 'https://rota.auth.eu-west-2.amazoncognito.com' });
  });

  it('refuses a Cognito configuration with a field missing rather than falling back to the demo sign-in', () => {
    for (const field of ['region', 'userPoolId', 'clientId', 'domain'] as const) {
      const { [field]: _gone, ...rest } = cognito;
      expect(() => parseRuntimeConfig({ auth: rest }), field).toThrow(ConfigError);
    }
    expect(() => parseRuntimeConfig({ auth: { ...cognito, clientId: '' } })).toThrow(/clientId/);
    expect(() => parseRuntimeConfig({ auth: 'saml' })).toThrow(ConfigError);
    expect(() => parseRuntimeConfig({ auth: cognito, apiBaseUrl: 42 })).toThrow(/apiBaseUrl/);
    expect(() => parseRuntimeConfig([])).toThrow(ConfigError);
  });
});
