import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertContract } from '../support/contract';
import { spawnRuntime } from '../support/spawn-runtime';

async function json(base: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assertContract(method, path, res, text);
  return { status: res.status, body: JSON.parse(text) as any };
}

/** Java processes whose command line names the folder (`[j]ava` so that no shell quoting the pattern counts). */
const javaProcessesUsing = (dir: string) =>
  spawnSync('pgrep', ['-f', `[j]ava.*${dir}`], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean).length;

/** Ids recorded more than once, with how often: a crash between a publish and its mark sends that message again. */
function repeated(messages: readonly { id: string }[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const m of messages) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
  return Object.fromEntries([...counts].filter(([, n]) => n > 1));
}

describe('the local runtime killed mid-run', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rota-bank-restart-'));
  // Both cores kept busy from the first runtime's start to the end: on a quiet machine the relay finishes before the
  // kill lands, and the window between a publish and its mark (the one message a crash may send twice) is never seen.
  const burners: ChildProcess[] = [];
  const burn = () => {
    for (let i = 0; i < 2; i++) burners.push(spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  };
  afterAll(() => {
    for (const burner of burners) burner.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every booking, sends at most one text twice when killed mid-wave under load, and leaves no Java behind', async () => {
    // The seeding start is the slow one; the burners begin once it is up.
    const first = await spawnRuntime({ env: { DATA_DIR: dataDir }, startTimeoutMs: 400_000 });
    burn();
    const login = async (base: string, email: string) =>
      (await json(base, 'POST', '/dev/login', { email })).body.token as string;
    const manager = await login(first.baseUrl, 'manager.yeovil@somerset.example');
    const me = (await json(first.baseUrl, 'GET', '/me', undefined, manager)).body;
    const post = async (daysAhead: number) => {
      const day = new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
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
      return posted.body;
    };
    const recorded = async (base: string, kind?: string) =>
      (await json(base, 'GET', `/dev/outbox${kind ? `?kind=${kind}` : ''}`)).body.messages as {
        id: string;
        kind: string;
      }[];

    const posted = await post(60);
    const offer = posted.offers[0];
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
    // The relay takes the stream in order: once the booking is confirmed, the first wave's texts have all gone.
    for (let i = 0; i < 240 && (await recorded(first.baseUrl, 'booking-confirmed')).length < 2; i++)
      await new Promise((r) => setTimeout(r, 250));
    const before = (await recorded(first.baseUrl, 'offer')).length;

    // A second wave, and the kill as soon as its first text is recorded: the relay is mid-wave.
    const wave = (await post(61)).offers.length;
    expect(wave).toBeGreaterThan(5);
    let atKill = before;
    for (let i = 0; i < 2_000 && atKill === before; i++) atKill = (await recorded(first.baseUrl, 'offer')).length;
    await first.stop('SIGKILL');
    expect(atKill, 'the second wave had begun').toBeGreaterThan(before);
    // The watchdog takes DynamoDB Local down within a couple of seconds of its parent dying.
    for (let i = 0; i < 20 && javaProcessesUsing(dataDir) > 0; i++) await new Promise((r) => setTimeout(r, 250));
    expect(javaProcessesUsing(dataDir)).toBe(0);

    const second = await spawnRuntime({ env: { DATA_DIR: dataDir }, startTimeoutMs: 400_000 });
    try {
      expect(second.output()).not.toContain('Seeded demo data');
      const token = await login(second.baseUrl, 'manager.yeovil@somerset.example');
      const shift = (await json(second.baseUrl, 'GET', `/shifts/${posted.shift.id}`, undefined, token)).body.shift;
      expect(shift).toMatchObject({ status: 'filled', booking: { id: booked.body.booking.id } });
      // The stream pump resumes where it stopped; the messages the dead runtime had claimed wait out their 15 s
      // claims first. Then the rest of the wave arrives.
      let offers = await recorded(second.baseUrl, 'offer');
      for (let i = 0; i < 240 && new Set(offers.map((m) => m.id)).size < before + wave; i++) {
        await new Promise((r) => setTimeout(r, 250));
        offers = await recorded(second.baseUrl, 'offer');
      }
      expect(new Set(offers.map((m) => m.id)).size, second.output().slice(-3000)).toBeGreaterThanOrEqual(before + wave);
      const all = await recorded(second.baseUrl);
      expect(all.filter((m) => m.kind === 'booking-confirmed').length).toBeGreaterThan(0);
      // The relay marks each message sent as soon as its own publish returns, and one relay runs at a time: the
      // crash caught at most one message published and not yet marked, which the takeover sends once more.
      const twice = repeated(all);
      const extra = Object.values(twice).reduce((sum, n) => sum + n - 1, 0);
      console.log(
        `restart under load: second wave of ${wave}, ${atKill - before} recorded at the kill, ${extra} sent again`,
        twice,
      );
      expect(extra, JSON.stringify(twice)).toBeLessThanOrEqual(1);
    } finally {
      await second.stop();
    }
    expect(javaProcessesUsing(dataDir)).toBe(0);
  }, 1_000_000);
});
