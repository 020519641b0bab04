import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { exportSPKI, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logger } from '../../lib/logger';
import { ROUTES, type Route } from '../../lib/routes/index';
import { useUserLookup } from '../../lib/users/sign-in-check';
import { createLocalJwt, LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/jwt';
import { createLocalServer } from '../../local/server';
import { call, type Reply, SOMERSET, signIn } from '../support/client';
import { assertContract } from '../support/contract';

/**
 * Tokens as API Gateway's JWT authorizer judges them: RS256 only, from our
 * issuer, for our audience, an ID token, in date, naming a user. Every
 * failure is a 401 with the contract's error body and nothing more.
 */

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const nowSeconds = () => Math.floor(Date.now() / 1000);

function parts(token: string) {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return { header, payload, signature, claims: decode(payload) as Record<string, unknown> };
}

type Patch = Record<string, unknown>;
/** The claims with the patch applied; an undefined value removes the claim. */
function patched(claims: Record<string, unknown>, patch: Patch) {
  const out = { ...claims };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** A token whose payload is ours, keeping the original header and signature. */
function tampered(token: string, patch: Patch) {
  const p = parts(token);
  const claims = patched(p.claims, patch);
  return `${p.header}.${b64url(JSON.stringify(claims))}.${p.signature}`;
}

function hs256(claims: Record<string, unknown>, secret: string | Buffer, alg = 'HS256') {
  const head = b64url(JSON.stringify({ alg, typ: 'JWT' }));
  const body = b64url(JSON.stringify(claims));
  const mac = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${mac}`;
}

function unsigned(claims: Record<string, unknown>, alg = 'none') {
  return `${b64url(JSON.stringify({ alg, typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}.`;
}

function expectUnauthenticated(reply: Reply, label: string) {
  expect(reply.status, `${label}: ${reply.text.slice(0, 200)}`).toBe(401);
  expect(reply.body, label).toEqual({ error: { code: 'UNAUTHENTICATED', message: expect.any(String) } });
}

describe('tokens at the local runtime', () => {
  let base: string;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    base = (await signIn(SOMERSET, 'admin')).token;
    claims = parts(base).claims;
  });

  it('accepts the token /dev/login issued (the control every refusal below is measured against)', async () => {
    const reply = await call('GET', '/me', { token: base });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ role: 'admin', orgId: SOMERSET });
  });

  it('refuses alg none, with or without the original signature', async () => {
    expectUnauthenticated(await call('GET', '/me', { token: unsigned(claims) }), 'none');
    expectUnauthenticated(await call('GET', '/me', { token: unsigned(claims, 'None') }), 'None');
    const p = parts(base);
    const noneHeader = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    expectUnauthenticated(
      await call('GET', '/me', { token: `${noneHeader}.${p.payload}.${p.signature}` }),
      'none + signature',
    );
  });

  it('refuses HS256 tokens whatever the secret (algorithm confusion)', async () => {
    for (const secret of ['', 'secret', LOCAL_ISSUER, LOCAL_AUDIENCE, base, parts(base).signature]) {
      expectUnauthenticated(await call('GET', '/me', { token: hs256(claims, secret) }), `HS256 ${secret.slice(0, 20)}`);
    }
    // An HMAC token that still claims RS256 in its header.
    expectUnauthenticated(await call('GET', '/me', { token: hs256(claims, 'secret', 'RS256') }), 'RS256 header');
  });

  it('refuses a payload re-encoded under the original signature, whatever it changes', async () => {
    const changes: [string, Patch][] = [
      ['another organisation', { 'custom:org': 'org-quantock' }],
      ['another user', { sub: 'usr-admin-quantock' }],
      ['a higher role', { 'cognito:groups': ['admin', 'hr'] }],
      ['a later expiry', { exp: nowSeconds() + 86_400 * 365 }],
      ['a past expiry', { exp: nowSeconds() - 60 }],
      ['an access token', { token_use: 'access' }],
      ['no sub', { sub: undefined }],
      ['only a harmless extra claim', { ' ': 1 }],
    ];
    for (const [label, patch] of changes) {
      expectUnauthenticated(await call('GET', '/me', { token: tampered(base, patch) }), label);
    }
  });

  it('refuses a token signed by another RSA key with claims exactly like a real one', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    expectUnauthenticated(await call('GET', '/me', { token }), 'another key');
  });

  it('refuses malformed authorisation headers', async () => {
    const headers = [
      `Bearer`,
      `Bearer `,
      `Basic ${b64url('admin:admin')}`,
      `Bearer ${base}x`,
      `Bearer ${base}.extra`,
      `Bearer ${base} ${base}`,
      `Bearer not.a.jwt`,
      `Bearer ${'a'.repeat(8000)}`,
      `Bearer ${parts(base).header}..${parts(base).signature}`,
      `Token ${base}`,
    ];
    for (const authorization of headers) {
      const reply = await call('GET', '/me', { headers: { authorization } });
      expectUnauthenticated(reply, authorization.slice(0, 30));
    }
  });

  it("answers over-long tokens and header blocks with 401 in the contract's shape, not Node's bare 431", async () => {
    const p = parts(base);
    const padded = tampered(base, { pad: 'x'.repeat(30_000) });
    const cases: [string, Record<string, string>][] = [
      ['a 20 kB bearer', { authorization: `Bearer ${base}${'A'.repeat(20_000)}` }],
      ['a 40 kB JWT-shaped bearer', { authorization: `Bearer ${padded}` }],
      ['a 100 kB header beside a good token', { authorization: `Bearer ${base}`, 'x-filler': 'a'.repeat(100_000) }],
      ['a 1 MB header beside a good token', { authorization: `Bearer ${base}`, 'x-filler': 'a'.repeat(1_000_000) }],
      ['a 1 MB bearer', { authorization: `Bearer ${p.header}.${'B'.repeat(1_000_000)}.${p.signature}` }],
    ];
    for (const [label, headers] of cases) {
      expectUnauthenticated(await call('GET', '/me', { headers }), label);
    }
    // The runtime still serves the same caller afterwards.
    expect((await call('GET', '/me', { token: base })).status).toBe(200);
  });

  it('refuses a forged token on every route that needs one, in the same way', async () => {
    const token = unsigned(claims);
    const deployed = (ROUTES as readonly Route[]).filter((r) => !r.localOnly && r.access !== 'public');
    const replies = await Promise.all(
      deployed.map((r) =>
        call(r.method, r.path.replace(/\{\w+\}/g, 'anything'), { token, body: r.method === 'GET' ? undefined : {} }),
      ),
    );
    replies.forEach((reply, i) => {
      expectUnauthenticated(reply, `${deployed[i]!.method} ${deployed[i]!.path}`);
    });
    expect(new Set(replies.map((r) => r.text)).size, 'one body for every route').toBe(1);
  });
});

/**
 * The same adapter, run in this process with a key we hold, so tokens can be
 * validly signed yet wrong in exactly one claim: a refusal here can only be
 * for that claim, not for a broken signature.
 */
describe('the local JWT authorizer, with validly signed tokens wrong in one claim', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let privateJwk: JWK;
  let publicJwk: JWK;
  let table: ReturnType<typeof mockClient> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rota-tokens-'));
    const jwt = await createLocalJwt(dir);
    const keys = JSON.parse(readFileSync(join(dir, 'jwt-key.json'), 'utf8')) as { privateJwk: JWK; publicJwk: JWK };
    privateJwk = keys.privateJwk;
    publicJwk = keys.publicJwk;
    // The handler's request lines are not this file's concern.
    logger.setLogLevel('SILENT');
    // No table here: the user record the claims are checked against comes from memory.
    useUserLookup({
      get: async (email) =>
        email === 'test@somerset.example'
          ? { id: 'usr-test', email, name: 'Test Admin', role: 'admin', orgId: SOMERSET }
          : undefined,
    });
    // Nor for GET /me's organisation terms: an organisation with none of its own answers the defaults. The
    // authorizer and the claims check, which this file is about, read nothing from the table.
    table = mockClient(DynamoDBDocumentClient);
    table.on(GetCommand).resolves({});
    server = createLocalServer({ jwt, devRoutes: [], webDir: join(dir, 'no-web'), now: () => new Date() });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    table?.restore();
    useUserLookup(undefined);
    await new Promise((r) => server?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const good = () => ({
    sub: 'usr-test',
    email: 'test@somerset.example',
    'custom:org': SOMERSET,
    'cognito:groups': ['admin'],
    token_use: 'id',
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    iat: nowSeconds() - 10,
    exp: nowSeconds() + 3600,
  });

  async function sign(patch: Patch = {}, alg = 'RS256') {
    return new SignJWT(patched(good(), patch))
      .setProtectedHeader({ alg, typ: 'JWT' })
      .sign(await importJWK(privateJwk, alg));
  }

  async function me(token: string): Promise<Reply> {
    const res = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    const text = await res.text();
    assertContract('GET', '/me', res, text);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text, headers: res.headers };
  }

  it('accepts a well-formed ID token from our key (the control)', async () => {
    const reply = await me(await sign());
    expect(reply.status, reply.text).toBe(200);
    expect(reply.body).toMatchObject({ id: 'usr-test', role: 'admin', orgId: SOMERSET });
  });

  const wrong: [string, Patch][] = [
    ['another issuer', { iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_evil' }],
    ['no issuer', { iss: undefined }],
    ['another audience', { aud: 'someone-elses-client' }],
    ['no audience', { aud: undefined }],
    ['an access token (token_use access)', { token_use: 'access' }],
    ['no token_use', { token_use: undefined }],
    ['an expiry in the past', { exp: nowSeconds() - 5 }],
    ['no expiry', { exp: undefined }],
    ['not valid yet (nbf an hour ahead)', { nbf: nowSeconds() + 3600 }],
    ['an iat an hour in the future', { iat: nowSeconds() + 3600 }],
    [
      'an iat a year in the future, and an expiry after it',
      { iat: nowSeconds() + 86_400 * 365, exp: nowSeconds() + 86_400 * 366 },
    ],
    ['an iat that is no number', { iat: 'yesterday' }],
    ['no sub', { sub: undefined }],
    ['no organisation', { 'custom:org': undefined }],
    ['an empty organisation', { 'custom:org': '' }],
    ['no group', { 'cognito:groups': undefined }],
    ['an unknown group', { 'cognito:groups': ['superuser'] }],
  ];

  it.each(wrong)('refuses a token with %s with 401 UNAUTHENTICATED', async (label, patch) => {
    expectUnauthenticated(await me(await sign(patch)), label);
  });

  it('refuses RS384, RS512 and PS256 signatures by the same key (RS256 only)', async () => {
    for (const alg of ['RS384', 'RS512', 'PS256']) expectUnauthenticated(await me(await sign({}, alg)), alg);
  });

  it('refuses HS256 tokens keyed with the public key in any encoding (algorithm confusion)', async () => {
    const publicKey = await importJWK(publicJwk, 'RS256');
    const pem = await exportSPKI(publicKey as Parameters<typeof exportSPKI>[0]);
    const secrets: (string | Buffer)[] = [
      pem,
      pem.trim(),
      JSON.stringify(publicJwk),
      Buffer.from(publicJwk.n!, 'base64url'),
      publicJwk.n!,
    ];
    for (const secret of secrets) expectUnauthenticated(await me(hs256(good(), secret)), 'HS256 with the public key');
  });
});
