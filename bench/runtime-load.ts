import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Caller } from '../lib/domain/caller';
import type { Clinician, Practice } from '../lib/domain/types';
import { CreateShiftBody } from '../lib/schemas/shift';
import { cellItems } from '../lib/store/clinicians';
import * as keys from '../lib/store/keys';
import { offerShift } from '../lib/use-cases/offers';
import { createShift } from '../lib/use-cases/shifts';
import type { UserAccount } from '../lib/users/directory';
import { TableUserDirectory } from '../lib/users/table-directory';
import { type Runtime, startRuntime, TABLE_NAME } from '../local/runtime';
import { batchPut, benchGp, log, pool, round } from './support';

const ROOT = resolve(import.meta.dirname, '..');
const ORG = 'org-race';

export interface RaceResult {
  clinicians: number;
  offers: number;
  setupMs: number;
  postShiftMs: number;
  /** 201, or 500 when posting ran past the handler's 10 s timeout. */
  postShiftStatus: number;
  /** Until every offer was in the table. */
  waveMs: number;
  drainMs: number;
  wallMs: number;
  winners: number;
  conflicts: number;
  serverErrors: number;
  otherStatuses: Record<string, number>;
  p50: number;
  max: number;
  errors: string[];
  bookedClinicianMatches: boolean;
  /** Offers of the shift the table holds as accepted once every request has settled: must be 1. */
  acceptedOffers: number;
}

export interface CannonResult {
  name: string;
  requestsPerSecond: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Accepts that book: each request accepts a different shift's only offer, so every one should answer 200. */
export interface BookingThroughput {
  shifts: number;
  connections: number;
  /** Bookings answered 200 per second of wall time, first request to last answer. */
  bookingsPerSecond: number;
  wallMs: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  /** Shifts the table holds as filled afterwards, and bookings written: both must equal `shifts`. */
  filledInTable: number;
  bookingsInTable: number;
}

export interface RuntimeBench {
  race: RaceResult;
  load: CannonResult[];
  bookings: BookingThroughput;
}

const practice: Practice = {
  orgId: ORG,
  id: 'prc-race',
  name: 'Race Surgery',
  odsCode: 'R00001',
  lat: 51.3811,
  lon: -2.359,
  email: 'rota@race.example',
  createdAt: '2026-11-01T00:00:00.000Z',
};

function clinician(i: number): Clinician {
  return benchGp(i, {
    orgId: ORG,
    id: `cln-race-${String(i).padStart(4, '0')}`,
    name: `Racer ${String(i).padStart(4, '0')}`,
    email: `racer${i}@race.example`,
    home: { lat: practice.lat + ((i % 20) - 10) * 0.004, lon: practice.lon + ((Math.floor(i / 20) % 20) - 10) * 0.006 },
    maxTravelKm: 25,
    completedShifts: i % 40,
  });
}

/** A sign-in item as TableUserDirectory.create writes it. */
const userItem = (account: UserAccount) => ({
  ...keys.user(account.email),
  ...keys.usersOfOrg(account.orgId, account.role, account.email),
  type: 'USER',
  ...account,
  email: account.email.toLowerCase(),
});

/** Runs the load generator in a process of its own and returns its one line of JSON. */
async function client<T>(spec: unknown, timeoutMs: number): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-'));
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  try {
    return await new Promise<T>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'load-client.ts'), file], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      child.on('exit', (code) => {
        clearTimeout(timer);
        const line = out.trim().split('\n').at(-1);
        if (code === 0 && line) done(JSON.parse(line) as T);
        else fail(new Error(`the load client exited ${code}: ${err.slice(-2000)}`));
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function post(url: string, path: string, body: unknown, token?: string) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/**
 * The local runtime in process: a 1,000-way race to accept one shift over
 * HTTP, then autocannon against reads and against the 409 path of accept.
 */
export async function benchRuntime(opts: {
  clinicians: number;
  durationSeconds: number;
  connections: number;
  /** Shifts booked in the throughput run, each by a clinician of its own. */
  bookings: number;
}): Promise<RuntimeBench> {
  const setupStarted = performance.now();
  const rt: Runtime = await startRuntime({ port: 0, seed: false });
  try {
    const { deps, url } = rt;
    const users = new TableUserDirectory(deps.db, TABLE_NAME);
    await deps.practices.create(practice);
    const clinicians = Array.from({ length: opts.clinicians }, (_, i) => clinician(i));
    // Written directly, in batches, as ClinicianRepository.create and TableUserDirectory.create would write them
    // (profile, location index, sign-in): a thousand transactions one by one take minutes on this machine.
    const setupItems = clinicians.flatMap((c) => [
      {
        ...keys.clinician(ORG, c.id),
        ...keys.cliniciansByName(ORG, c.name, c.id),
        type: 'CLINICIAN',
        version: 1,
        ...c,
      },
      ...cellItems(c),
      userItem({ id: `usr-${c.id}`, email: c.email, name: c.name, role: 'clinician', orgId: ORG, clinicianId: c.id }),
    ]);
    await batchPut(deps.db, TABLE_NAME, setupItems, 8);
    await users.create({
      id: 'usr-race-manager',
      email: 'manager@race.example',
      name: 'Race Manager',
      role: 'manager',
      orgId: ORG,
      practiceIds: [practice.id],
    });
    const managerToken = String((await post(url, '/dev/login', { email: 'manager@race.example' })).token);
    const tokens = new Map<string, string>();
    await pool(clinicians, 16, async (c) => {
      tokens.set(c.id, String((await post(url, '/dev/login', { email: c.email })).token));
    });
    const setupMs = performance.now() - setupStarted;
    log(`  ${clinicians.length} clinicians, sign-ins and tokens ready in ${Math.round(setupMs)} ms`);

    const day = Math.ceil((Date.now() + 3 * 86_400_000) / 86_400_000) * 86_400_000;
    const shiftBody = (startMs: number, cascadeMinutes: number) => ({
      practiceId: practice.id,
      role: 'gp',
      skills: [],
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 8 * 3_600_000).toISOString(),
      breakMinutes: 30,
      hourlyRatePence: 9500,
      cascadeMinutes,
    });
    const posted = performance.now();
    const firstBody = shiftBody(day + 9 * 3_600_000, 0);
    const answer = await fetch(`${url}/shifts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${managerToken}` },
      body: JSON.stringify(firstBody),
    });
    const postShiftMs = performance.now() - posted;
    const postShiftStatus = answer.status;
    let shiftId: string;
    if (answer.status === 201) {
      shiftId = String(((await answer.json()) as { shift: { id: string } }).shift.id);
    } else {
      // The handler gave up at its 10 s timeout; find the shift it stored.
      log(
        `  POST /shifts answered ${answer.status} after ${Math.round(postShiftMs)} ms; waiting for the wave to finish`,
      );
      const page = await deps.shifts.list(ORG, { practiceId: practice.id }, { limit: 10 });
      const found = page.items.find((s) => s.start === firstBody.start);
      if (!found) throw new Error(`POST /shifts answered ${answer.status} and stored no shift`);
      shiftId = found.id;
    }
    // A large wave may be finished after the answer (by the scheduler, or in the background after a timeout):
    // the race starts once every clinician holds an offer, or the count has stopped growing for 10 s.
    let last = -1;
    let still = 0;
    for (let i = 0; i < 90; i++) {
      const n = (await deps.offers.ofShift(ORG, shiftId)).length;
      if (n >= clinicians.length) break;
      still = n === last ? still + 1 : 0;
      if (still >= 5) break;
      last = n;
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const waveMs = performance.now() - posted;
    const offers = await deps.offers.ofShift(ORG, shiftId);
    log(
      `  posted one shift with cascade 0 (HTTP ${postShiftStatus} after ${Math.round(postShiftMs)} ms): ${offers.length} offers written in ${Math.round(waveMs)} ms`,
    );
    if (offers.length < 2) throw new Error(`only ${offers.length} offers for ${clinicians.length} clinicians`);

    // Relay the offers' texts first, so the race measures accepting and not the outbox catching up.
    const drained = performance.now();
    await Promise.race([rt.streams.drain(), new Promise((r) => setTimeout(r, 60_000))]);
    const drainMs = performance.now() - drained;

    const requests = offers.map((o) => ({ path: `/offers/${o.id}/accept`, token: tokens.get(o.clinicianId)! }));
    const race = await client<{
      wallMs: number;
      statuses: Record<string, number>;
      p50: number;
      max: number;
      errors: string[];
      winnerIndex: number;
    }>({ mode: 'race', url, requests }, 300_000);
    // A request cut off by the 10 s handler timeout still runs to its end inside the runtime: let those settle,
    // then ask the table what really happened.
    await new Promise((r) => setTimeout(r, 10_000));
    const shift = await deps.shifts.get(ORG, shiftId, true);
    const accepted = (await deps.offers.ofShift(ORG, shiftId)).filter((o) => o.status === 'accepted');
    const winner = offers[race.winnerIndex];
    const otherStatuses = Object.fromEntries(
      Object.entries(race.statuses).filter(([s]) => s !== '200' && s !== '409' && Number(s) < 500),
    );
    const raceResult: RaceResult = {
      clinicians: clinicians.length,
      offers: offers.length,
      setupMs,
      postShiftMs,
      postShiftStatus,
      waveMs,
      drainMs,
      wallMs: race.wallMs,
      winners: race.statuses['200'] ?? 0,
      conflicts: race.statuses['409'] ?? 0,
      serverErrors: Object.entries(race.statuses)
        .filter(([s]) => Number(s) >= 500 || s === '0')
        .reduce((n, [, c]) => n + c, 0),
      otherStatuses,
      p50: race.p50,
      max: race.max,
      errors: race.errors,
      bookedClinicianMatches: shift?.status === 'filled' && shift.booking?.clinicianId === winner?.clinicianId,
      acceptedOffers: accepted.length,
    };
    log(
      `  race: ${raceResult.winners} winner, ${raceResult.conflicts} × 409, ${raceResult.serverErrors} × 5xx/failed, wall ${Math.round(race.wallMs)} ms`,
    );

    // A second shift, cascading: its first wave gives a handful of clinicians a live offer to list.
    // Losing accepts cut off by the timeout may still be finishing: post only once they have settled (above).
    let waveOne: string[];
    try {
      const second = await post(url, '/shifts', shiftBody(day + 86_400_000 + 9 * 3_600_000, 30), managerToken);
      waveOne = (second.offers as { clinicianId: string }[]).map((o) => o.clinicianId);
    } catch (error) {
      log(
        `  the second shift was not posted (${(error as Error).message.slice(0, 80)}); GET /offers lists withdrawn ones`,
      );
      waveOne = [];
    }
    if (!waveOne.length) waveOne = clinicians.slice(0, 10).map((c) => c.id);
    await Promise.race([rt.streams.drain(), new Promise((r) => setTimeout(r, 30_000))]);

    const load: CannonResult[] = [];
    const base = { mode: 'cannon', url, durationSeconds: opts.durationSeconds, connections: opts.connections };
    const runs: { name: string; method: 'GET' | 'POST'; requests: { path: string; token: string }[] }[] = [
      {
        name: 'GET /shifts/{id} (manager)',
        method: 'GET',
        requests: [{ path: `/shifts/${shiftId}`, token: managerToken }],
      },
      {
        name: 'GET /offers (clinician)',
        method: 'GET',
        requests: waveOne.map((id) => ({ path: '/offers', token: tokens.get(id)! })),
      },
      {
        name: 'POST /offers/{id}/accept, shift filled (409)',
        method: 'POST',
        requests: requests.filter((_, i) => i !== race.winnerIndex),
      },
    ];
    for (const run of runs) {
      const r = await client<Omit<CannonResult, 'name'>>(
        { ...base, method: run.method, requests: run.requests },
        (opts.durationSeconds + 60) * 1000,
      );
      load.push({ name: run.name, ...r });
      log(
        `  ${run.name}: ${round(r.requestsPerSecond, 0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}`,
      );
    }

    // Booking throughput: shifts of their own on a later day, each offered to one clinician who has nothing else
    // that day, then every offer accepted under autocannon's connections. Set up through the use cases in
    // process (the HTTP path is what is measured, not the set-up).
    const manager: Caller = {
      userId: 'usr-race-manager',
      email: 'manager@race.example',
      role: 'manager',
      orgId: ORG,
      practiceIds: [practice.id],
    };
    const busy = new Set([...waveOne, ...(winner ? [winner.clinicianId] : [])]);
    const bookers = clinicians.filter((c) => !busy.has(c.id)).slice(0, opts.bookings);
    const throughputStart = day + 3 * 86_400_000 + 9 * 3_600_000;
    const bookingOffers = await pool(bookers, 8, async (c) => {
      const shift = await createShift(manager, CreateShiftBody.parse(shiftBody(throughputStart, 0)), deps);
      const [offer] = await offerShift(manager, shift.id, { clinicianIds: [c.id] }, deps);
      return { shiftId: shift.id, path: `/offers/${offer!.id}/accept`, token: tokens.get(c.id)! };
    });
    await Promise.race([rt.streams.drain(), new Promise((r) => setTimeout(r, 60_000))]);
    const booked = await client<Omit<CannonResult, 'name'> & { wallMs: number }>(
      {
        ...base,
        method: 'POST',
        amount: bookingOffers.length,
        requests: bookingOffers.map(({ path, token }) => ({ path, token })),
      },
      300_000,
    );
    const filledShifts = await pool(bookingOffers, 16, (o) => deps.shifts.get(ORG, o.shiftId, true));
    const bookingsOfPractice = await deps.bookings.list(ORG, { practiceId: practice.id }, {}, { limit: 5_000 });
    const bookings: BookingThroughput = {
      shifts: bookingOffers.length,
      connections: opts.connections,
      bookingsPerSecond: ((booked.statuses['200'] ?? 0) * 1000) / booked.wallMs,
      wallMs: booked.wallMs,
      p50: booked.p50,
      p99: booked.p99,
      statuses: booked.statuses,
      errors: booked.errors + booked.timeouts,
      filledInTable: filledShifts.filter((x) => x?.status === 'filled').length,
      bookingsInTable: bookingsOfPractice.items.filter((b) => filledShifts.some((x) => x?.id === b.shiftId)).length,
    };
    log(
      `  booking throughput: ${bookings.shifts} shifts, ${round(bookings.bookingsPerSecond, 1)} bookings/s, p50 ${bookings.p50} ms, p99 ${bookings.p99} ms, statuses ${JSON.stringify(bookings.statuses)}; table: ${bookings.filledInTable} filled, ${bookings.bookingsInTable} bookings`,
    );
    return { race: raceResult, load, bookings };
  } finally {
    await rt.stop();
  }
}
