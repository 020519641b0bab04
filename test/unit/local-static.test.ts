import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalJwt } from '../../local/jwt';
import { acceptedEncodings, createLocalServer } from '../../local/server';

/** The raw bytes and headers, as a browser receives them (fetch would undo the compression). */
function getRaw(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

describe('the local runtime serving the web build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bank-web-'));
  const script = `export const roles = ${JSON.stringify(Array.from({ length: 400 }, (_, i) => `role-${i}`))};\n`;
  const html = '<!doctype html><title>Rota Bank</title><script type="module" src="/assets/app-ABC123.js"></script>';
  let server: ReturnType<typeof createLocalServer>;
  let base: string;

  beforeAll(async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), html);
    writeFileSync(join(dir, 'index.html.gz'), gzipSync(html));
    writeFileSync(join(dir, 'assets', 'app-ABC123.js'), script);
    writeFileSync(join(dir, 'assets', 'app-ABC123.js.br'), brotliCompressSync(script));
    writeFileSync(join(dir, 'assets', 'app-ABC123.js.gz'), gzipSync(script));
    // Static files never reach the token check.
    const jwt: LocalJwt = {
      issue: () => Promise.reject(new Error('not used')),
      verify: () => Promise.reject(new Error('not used')),
    };
    server = createLocalServer({ jwt, devRoutes: [], webDir: dir, now: () => new Date() });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends the brotli copy to a browser that accepts brotli, saying so and varying on Accept-Encoding', async () => {
    const res = await getRaw(`${base}/assets/app-ABC123.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers.vary).toBe('Accept-Encoding');
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body.length).toBeLessThan(script.length / 3);
    expect(brotliDecompressSync(res.body).toString('utf8')).toBe(script);
  });

  it('sends gzip where brotli is refused or not offered', async () => {
    for (const accept of ['gzip', 'br;q=0, gzip;q=0.8', 'deflate, gzip']) {
      const res = await getRaw(`${base}/assets/app-ABC123.js`, { 'accept-encoding': accept });
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(gunzipSync(res.body).toString('utf8'), accept).toBe(script);
    }
  });

  it('sends the file as it is to a client that accepts no compression, or where no compressed copy was built', async () => {
    const plain = await getRaw(`${base}/assets/app-ABC123.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(script);
    const refused = await getRaw(`${base}/assets/app-ABC123.js`, { 'accept-encoding': 'gzip;q=0, br;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString('utf8')).toBe(script);
    // index.html has a gzip copy only: a brotli-only client gets it plain.
    const page = await getRaw(`${base}/`, { 'accept-encoding': 'br' });
    expect(page.headers['content-encoding']).toBeUndefined();
    expect(page.body.toString('utf8')).toBe(html);
  });

  it('lets browsers keep hashed assets for a year and makes them revalidate index.html', async () => {
    const asset = await getRaw(`${base}/assets/app-ABC123.js`, { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const page = await getRaw(`${base}/`, { 'accept-encoding': 'gzip' });
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(page.body).toString('utf8')).toBe(html);
  });
});

describe('acceptedEncodings', () => {
  it('follows the weights and the wildcard', () => {
    expect([...acceptedEncodings('gzip, deflate, br')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('br;q=0, *')]).toEqual(['gzip']);
    expect([...acceptedEncodings('*;q=0')]).toEqual([]);
    expect([...acceptedEncodings('identity')]).toEqual([]);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
    expect([...acceptedEncodings('BR; Q=0.5')]).toEqual(['br']);
  });
});
