import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, SOMERSET, userWhere } from '../support/client';
import { baseUrl, expectAccessible, launch } from './browser';

/**
 * The AWS sign-in path in real Chromium, without AWS: the same web build is
 * served with a Cognito-style config.json whose managed login domain is a
 * tiny authorisation server in this file. It checks what Cognito checks
 * (client, redirect address, state round trip, PKCE S256 verifier) and mints
 * the ID token through the local runtime's issuer, which uses Cognito's
 * claim names; the app's API calls are passed through to the runtime.
 */

const WEB = resolve(import.meta.dirname, '../../web/dist');
const CLIENT_ID = 'fake-web-client';

interface Pending {
  email: string;
  challenge: string;
  redirectUri: string;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

const listen = (server: Server) =>
  new Promise<string>((done) =>
    server.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

describe('signing in through Cognito-style managed login', () => {
  let idp: Server;
  let app: Server;
  let idpUrl: string;
  let appUrl: string;
  const codes = new Map<string, Pending>();
  const exchanges: { grant: string; ok: boolean; reason?: string }[] = [];
  const logouts: URLSearchParams[] = [];
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    idp = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://idp');
      const cors = { 'access-control-allow-origin': appUrl, vary: 'origin' };
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...cors });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
        const q = url.searchParams;
        const problems = [
          q.get('response_type') !== 'code' && 'response_type',
          q.get('client_id') !== CLIENT_ID && 'client_id',
          q.get('redirect_uri') !== `${appUrl}/` && 'redirect_uri',
          q.get('code_challenge_method') !== 'S256' && 'code_challenge_method',
          !/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') && 'code_challenge',
          !q.get('state') && 'state',
          !(q.get('scope') ?? '').split(' ').includes('openid') && 'scope',
        ].filter(Boolean);
        if (problems.length) return json(400, { error: 'invalid_request', error_description: problems.join(',') });
        const hidden = ['redirect_uri', 'state', 'code_challenge']
          .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k)!)}">`)
          .join('');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(
          `<!doctype html><html lang="en"><title>Sign in</title><main><h1>Fake managed login</h1>` +
            `<form method="post" action="/login">${hidden}<label>Email <input name="email" type="email"></label>` +
            `<button type="submit">Continue</button></form></main></html>`,
        );
      }
      if (req.method === 'POST' && url.pathname === '/login') {
        const form = new URLSearchParams((await readBody(req)).toString('utf8'));
        const code = randomBytes(16).toString('hex');
        codes.set(code, {
          email: form.get('email') ?? '',
          challenge: form.get('code_challenge') ?? '',
          redirectUri: form.get('redirect_uri') ?? '',
        });
        const back = new URL(form.get('redirect_uri')!);
        back.searchParams.set('code', code);
        back.searchParams.set('state', form.get('state') ?? '');
        res.writeHead(302, { location: back.toString() });
        return res.end();
      }
      if (req.method === 'POST' && url.pathname === '/oauth2/token') {
        const form = new URLSearchParams((await readBody(req)).toString('utf8'));
        const grant = form.get('grant_type') ?? '';
        const refuse = (reason: string) => {
          exchanges.push({ grant, ok: false, reason });
          return json(400, { error: 'invalid_grant', error_description: reason });
        };
        if (form.get('client_id') !== CLIENT_ID) return refuse('client_id');
        let email: string;
        if (grant === 'authorization_code') {
          const pending = codes.get(form.get('code') ?? '');
          codes.delete(form.get('code') ?? '');
          if (!pending) return refuse('unknown or used code');
          if (form.get('redirect_uri') !== pending.redirectUri) return refuse('redirect_uri');
          const verifier = form.get('code_verifier') ?? '';
          if (createHash('sha256').update(verifier).digest('base64url') !== pending.challenge) {
            return refuse('code_verifier does not match the challenge');
          }
          email = pending.email;
        } else if (grant === 'refresh_token') {
          email = (form.get('refresh_token') ?? '').replace(/^rt:/, '');
        } else return refuse('grant_type');
        const login = await call('POST', '/dev/login', { body: { email } });
        if (login.status !== 200) return refuse(`no such user ${email}`);
        exchanges.push({ grant, ok: true });
        return json(200, {
          id_token: login.body.token,
          access_token: 'opaque-access-token',
          refresh_token: grant === 'authorization_code' ? `rt:${email}` : undefined,
          expires_in: 3600,
          token_type: 'Bearer',
        });
      }
      if (req.method === 'GET' && url.pathname === '/logout') {
        logouts.push(url.searchParams);
        if (url.searchParams.get('client_id') !== CLIENT_ID || url.searchParams.get('logout_uri') !== `${appUrl}/`) {
          return json(400, { error: 'invalid_request' });
        }
        res.writeHead(302, { location: url.searchParams.get('logout_uri')! });
        return res.end();
      }
      json(404, { error: 'not_found' });
    });

    // The app's host: the web build, a Cognito config.json, and the API passed through to the runtime.
    app = createServer(async (req, res: ServerResponse) => {
      const url = new URL(req.url ?? '/', 'http://app');
      if (url.pathname === '/config.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            apiBaseUrl: '',
            auth: {
              kind: 'cognito',
              region: 'eu-west-2',
              userPoolId: 'eu-west-2_Fake',
              clientId: CLIENT_ID,
              domain: idpUrl,
              redirectUri: `${appUrl}/`,
            },
            devTools: false,
          }),
        );
      }
      const file = join(WEB, url.pathname === '/' ? 'index.html' : normalize(url.pathname));
      if (req.method === 'GET' && file.startsWith(WEB) && existsSync(file) && statSync(file).isFile()) {
        const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)];
        res.writeHead(200, { 'content-type': type ?? 'application/octet-stream' });
        return res.end(readFileSync(file));
      }
      const body = await readBody(req);
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type', 'accept']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const upstream = await fetch(baseUrl() + url.pathname + url.search, {
        method: req.method,
        headers,
        body: body.length ? body : undefined,
      });
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' });
      res.end(Buffer.from(await upstream.arrayBuffer()));
    });
    [idpUrl, appUrl] = await Promise.all([listen(idp), listen(app)]);
    ({ page, close } = await launch());
  });

  afterAll(async () => {
    await close();
    idp.closeAllConnections();
    app.closeAllConnections();
    await Promise.all([new Promise((r) => idp.close(r)), new Promise((r) => app.close(r))]);
  });

  it('leaves the local runtime on the demo sign-in: its own config.json says so', async () => {
    const reply = await call('GET', '/config.json');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ apiBaseUrl: '', auth: { kind: 'local' }, devTools: true });
  });

  it('offers a sign-in button instead of the demo picker, and no local tools', async () => {
    await page.goto(`${appUrl}/#/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Rota Bank' }).waitFor();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByLabel('Find a demo user').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Text simulator' }).count()).toBe(0);
    await expectAccessible(page);
  });

  it('goes to managed login with a PKCE challenge and comes back signed in, with the ID token as the API bearer', async () => {
    const user = await userWhere((u) => u.orgId === SOMERSET && u.role === 'manager');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.href.startsWith(`${idpUrl}/oauth2/authorize`));
    await page.getByLabel('Email').fill(user.email);
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(page.url()).toBe(`${appUrl}/#/manager/shifts`);
    expect(exchanges).toEqual([{ grant: 'authorization_code', ok: true }]);
    expect(await page.locator('.account-name').textContent()).toContain(user.email);

    const stored = await page.evaluate(() => ({
      session: (globalThis as any).sessionStorage.getItem('rota-bank.session'),
      pkce: (globalThis as any).sessionStorage.getItem('rota-bank.pkce'),
    }));
    expect(stored.pkce).toBeNull();
    const session = JSON.parse(stored.session);
    expect(session.me).toMatchObject({ email: user.email, role: 'manager', orgId: SOMERSET });
    expect(session.refreshToken).toBe(`rt:${user.email}`);
    expect(session.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
    // The stored token is what the API accepts.
    const me = await call('GET', '/me', { token: session.token });
    expect(me.body.email).toBe(user.email);
    // The signed-in page loads its data through it, without an error.
    await page.waitForLoadState('networkidle');
    expect(await page.locator('main .notice-error').count()).toBe(0);
    await expectAccessible(page);
  });

  it('renews the token with the refresh token when the API refuses it, and stays signed in', async () => {
    await page.evaluate(() => {
      const s = JSON.parse((globalThis as any).sessionStorage.getItem('rota-bank.session'));
      s.token = 'expired.token.value';
      (globalThis as any).sessionStorage.setItem('rota-bank.session', JSON.stringify(s));
    });
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await expect.poll(() => exchanges.filter((e) => e.grant === 'refresh_token' && e.ok).length).toBe(1);
    await expect
      .poll(() =>
        page.evaluate(() => JSON.parse((globalThis as any).sessionStorage.getItem('rota-bank.session')).token),
      )
      .not.toBe('expired.token.value');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
  });

  it('signs out through managed login’s /logout and returns to the sign-in page with nothing kept', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => logouts.length).toBe(1);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Rota Bank' }).waitFor();
    expect(page.url().startsWith(`${appUrl}/`)).toBe(true);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('rota-bank.session'))).toBeNull();
  });

  it('refuses a return it did not start (state mismatch), without trading the code', async () => {
    const before = exchanges.length;
    await page.goto(`${appUrl}/?code=stolen-code&state=not-mine#/sign-in`);
    await page.getByText('That sign-in did not start here').waitFor();
    expect(exchanges.length).toBe(before);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });
});
