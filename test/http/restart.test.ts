import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnRuntime } from '../support/spawn-runtime';

async function json(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** Java processes whose command line names the folder (`[j]ava` so that no shell quoting the pattern counts). */
const javaProcessesUsing = (dir: string) =>
  spawnSync('pgrep', ['-f', `[j]ava.*${dir}`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean).length;

describe('the local runtime killed mid-run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rota-bank-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every booking and sends no confirmation twice after a SIGKILL and a restart, and leaves no Java behind', async () => {
    const first = await spawnRuntime({ env: { DATA_DIR: dataDir } });
    const login = async (base: string, email: string) =>
      (await json(base, 'POST', '/dev/login', { email })).body.token as string;
    const manager = await login(first.baseUrl, 'manager.yeovil@somerset.example');
    const me = (await json(first.baseUrl, 'GET', '/me', undefined, manager)).body;
    const day = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    const posted = await json(
      first.baseUrl,
      'POST',
      '/shifts',
      {
        practiceId: me.practiceIds[0],
        role: 'practice-nurse',
        start: `${day}T09:00`,
        end: `${day}T13:00`,
        hourlyRatePence: 3100,
        cascadeMinutes: 0,
      },
      manager,
    );
    expect(posted.status, JSON.stringify(posted.body) + first.output().slice(-3000)).toBe(201);
    const offer = posted.body.offers[0];
    const users = (await json(first.baseUrl, 'GET', '/dev/users')).body.users as {
      email: string;
      clinicianId?: string;
    }[];
    const clinicianEmail = users.find((u) => u.clinicianId === offer.clinicianId)!.email;
    const booked = await json(
      first.baseUrl,
      'POST',
      `/offers/${offer.id}/accept`,
      undefined,
      await login(first.baseUrl, clinicianEmail),
    );
    expect(booked.status).toBe(200);

    await first.stop('SIGKILL');
    // The watchdog takes DynamoDB Local down within a couple of seconds of its parent dying.
    for (let i = 0; i < 20 && javaProcessesUsing(dataDir) > 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(javaProcessesUsing(dataDir)).toBe(0);

    const second = await spawnRuntime({ env: { DATA_DIR: dataDir } });
    try {
      expect(second.output()).not.toContain('Seeding demo data');
      const token = await login(second.baseUrl, 'manager.yeovil@somerset.example');
      const shift = (await json(second.baseUrl, 'GET', `/shifts/${posted.body.shift.id}`, undefined, token)).body.shift;
      expect(shift).toMatchObject({ status: 'filled', booking: { id: booked.body.booking.id } });
      // The stream pump resumes where it stopped; a message the dead runtime had claimed mid-send waits out its
      // 15 s claim first. Then the confirmations arrive, each recorded exactly once.
      let messages: { id: string }[] = [];
      for (let i = 0; i < 240 && messages.length < 2; i++) {
        messages = (await json(second.baseUrl, 'GET', '/dev/outbox?kind=booking-confirmed')).body.messages;
        if (messages.length < 2) await new Promise((r) => setTimeout(r, 250));
      }
      expect(messages.length, second.output().slice(-3000)).toBeGreaterThan(0);
      expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
      const offers = (await json(second.baseUrl, 'GET', '/dev/outbox?kind=offer')).body.messages as { id: string }[];
      expect(new Set(offers.map((m) => m.id)).size).toBe(offers.length);
    } finally {
      await second.stop();
    }
    expect(javaProcessesUsing(dataDir)).toBe(0);
  }, 500_000);
});
