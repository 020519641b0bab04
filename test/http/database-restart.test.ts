import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, type JWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../local/jwt';
import { type SpawnedRuntime, spawnRuntime } from '../support/spawn-runtime';

/**
 * DynamoDB Local is a Java process beside the runtime, and it can die under
 * it (killed, out of memory). The runtime prints its pid at start; the test
 * kills it with SIGKILL and watches what the runtime does.
 */

const javaPid = (runtime: SpawnedRuntime, pattern: RegExp) => Number(pattern.exec(runtime.output())?.[1] ?? Number.NaN);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Java processes whose command line names the folder (`[j]ava` so that no shell quoting the pattern counts). */
const javaProcessesUsing = (dir: string) =>
  spawnSync('pgrep', ['-f', `[j]ava.*${dir}`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean).length;

async function call(base: string, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** An admin's ID token, signed with the key the runtime keeps in its data folder (no demo seed to sign in from). */
async function adminToken(dataDir: string) {
  const { privateJwk } = JSON.parse(readFileSync(join(dataDir, 'jwt-key.json'), 'utf8')) as { privateJwk: JWK };
  return new SignJWT({
    sub: 'usr-ddb-admin',
    email: 'admin@ddb.example',
    'custom:org': 'org-ddb',
    'cognito:groups': ['admin'],
    token_use: 'id',
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await importJWK(privateJwk, 'RS256'));
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms: number, pauseMs = 50): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

const health = async (base: string) => {
  try {
    return await call(base, 'GET', '/health');
  } catch (error) {
    return { status: 0, body: String(error) };
  }
};

describe('DynamoDB Local dying under the local runtime', () => {
  it('answers /health 503 while the database is gone, restarts it over the same data, and loses nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rota-bank-ddb-restart-'));
    const runtime = await spawnRuntime({ args: ['--no-seed'], env: { DATA_DIR: dataDir }, startTimeoutMs: 400_000 });
    try {
      const pid = javaPid(runtime, /DynamoDB Local pid (\d+)/);
      expect(alive(pid), runtime.output()).toBe(true);
      // Tokens are checked against their users' records, which a runtime without the seed lacks.
      const user = {
        id: 'usr-ddb-admin',
        email: 'admin@ddb.example',
        name: 'Restart Admin',
        role: 'admin',
        orgId: 'org-ddb',
      };
      const made0 = await fetch(`${runtime.baseUrl}/dev/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(user),
      });
      expect(made0.status, await made0.clone().text()).toBe(201);
      const token = await adminToken(dataDir);
      const practice = { name: 'Kill Lane Surgery', odsCode: 'K12345', lat: 50.94, lon: -2.63 };
      const made = await call(runtime.baseUrl, 'POST', '/practices', token, practice);
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      expect((await health(runtime.baseUrl)).status).toBe(200);

      process.kill(pid, 'SIGKILL');
      const down = await until(
        () => health(runtime.baseUrl),
        (r) => r.status !== 200,
        15_000,
      );
      expect(down, runtime.output().slice(-2000)).toEqual({
        status: 503,
        body: { error: { code: 'UNAVAILABLE', message: expect.stringMatching(/database/) } },
      });

      const up = await until(
        () => health(runtime.baseUrl),
        (r) => r.status === 200,
        240_000,
        250,
      );
      expect(up, runtime.output().slice(-3000)).toEqual({ status: 200, body: { status: 'ok' } });
      expect(runtime.output()).toMatch(new RegExp(`DynamoDB Local \\(pid ${pid}\\) killed by SIGKILL; restarting it`));
      const restarted = javaPid(runtime, /DynamoDB Local restarted \(pid (\d+)\)/);
      expect(restarted).not.toBe(pid);
      expect(alive(restarted)).toBe(true);
      expect(alive(pid)).toBe(false);
      expect(runtime.child.exitCode).toBeNull();

      // The same data: what was written before is there, and writing goes on.
      const listed = await call(runtime.baseUrl, 'GET', '/practices', token);
      expect(listed.status).toBe(200);
      expect(listed.body.practices.map((p: { id: string }) => p.id)).toContain(made.body.practice.id);
      const more = await call(runtime.baseUrl, 'POST', '/practices', token, { ...practice, odsCode: 'K54321' });
      expect(more.status, JSON.stringify(more.body)).toBe(201);
    } finally {
      await runtime.stop();
    }
    // Stopping takes the replacement down too.
    for (let i = 0; i < 20 && javaProcessesUsing(dataDir) > 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(javaProcessesUsing(dataDir)).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  }, 700_000);

  it('in memory, where its data went with it, exits non-zero and says why', async () => {
    const runtime = await spawnRuntime({ args: ['--memory', '--no-seed'], startTimeoutMs: 400_000 });
    try {
      const pid = javaPid(runtime, /DynamoDB Local pid (\d+)/);
      expect(alive(pid), runtime.output()).toBe(true);
      const exited = new Promise<number | null>((resolve) => {
        if (runtime.child.exitCode !== null) resolve(runtime.child.exitCode);
        runtime.child.once('exit', (code) => resolve(code));
      });
      process.kill(pid, 'SIGKILL');
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 60_000))]);
      expect(code, runtime.output().slice(-2000)).toBe(1);
      expect(runtime.output()).toContain(
        `DynamoDB Local (pid ${pid}) killed by SIGKILL; its data was in memory and is gone`,
      );
      expect(runtime.output()).toMatch(/cannot serve without its database: stopping/);
    } finally {
      await runtime.stop();
    }
  }, 500_000);
});
