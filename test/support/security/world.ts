import { expect } from 'vitest';
import { call, type DemoUser, demoUsers, QUANTOCK, type Reply, SOMERSET, signIn, tokenFor } from '../client';

/**
 * Records the security suites act on, made through the API as any client
 * would: fresh clinicians of our own (so nothing we book or change disturbs
 * the demo bank other files rely on), shifts at one manager's practice,
 * offers, bookings and started bookings ready for a timesheet.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type UserRole = DemoUser['role'];
export const USER_ROLES: readonly UserRole[] = ['admin', 'manager', 'clinician', 'hr'];

export interface Actor {
  user: DemoUser;
  token: string;
}

export interface Shift {
  id: string;
  practiceId: string;
  start: string;
  end: string;
  status: string;
}
export interface Offer {
  id: string;
  shiftId: string;
  clinicianId: string;
  code: string;
}
export interface Booking {
  id: string;
  shiftId: string;
  clinicianId: string;
  practiceId: string;
}

/** The role this suite's own clinicians hold; few of the demo bank share it, so postings stay small. */
const ROLE = 'phlebotomist';
const run = Date.now().toString(36);
let seq = 0;

export const actor = async (orgId: string, role: UserRole): Promise<Actor> => signIn(orgId, role);

export async function signInAs(user: DemoUser): Promise<Actor> {
  return { user, token: await tokenFor(user) };
}

/** The manager every shift of these suites is posted by, and the practice it is posted at. */
export async function manager(): Promise<Actor & { practiceId: string }> {
  const a = await actor(SOMERSET, 'manager');
  return { ...a, practiceId: a.user.practiceIds![0]! };
}

/** A manager of the same organisation who does not run the practice. */
export async function otherManager(practiceId: string): Promise<Actor> {
  const user = (await demoUsers()).find(
    (u) => u.orgId === SOMERSET && u.role === 'manager' && !(u.practiceIds ?? []).includes(practiceId),
  );
  if (!user) throw new Error('No second manager in the demo data');
  return signInAs(user);
}

/** A demo clinician other than `notThis`. */
export async function anotherClinician(orgId: string, notThis?: string): Promise<Actor> {
  const user = (await demoUsers()).find(
    (u) => u.orgId === orgId && u.role === 'clinician' && u.clinicianId !== notThis,
  );
  if (!user) throw new Error('No clinician');
  return signInAs(user);
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

const phonesTaken = new Map<string, Promise<Set<string>>>();

/**
 * A drama-range number no clinician of the organisation (Somerset unless
 * named) holds: a number is one clinician's within an organisation, and the
 * demo bank and earlier files hold many of the thousand. From the top down:
 * the demo's bank and the numbers other files type in sit lower.
 */
export async function freePhone(orgId: string = SOMERSET): Promise<string> {
  let known = phonesTaken.get(orgId);
  if (!known) {
    known = (async () => {
      const admin = await actor(orgId, 'admin');
      const taken = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await call('GET', `/clinicians?limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
          token: admin.token,
        });
        for (const c of page.body.clinicians as { phone: string }[]) taken.add(c.phone);
        cursor = page.body.nextCursor;
      } while (cursor);
      return taken;
    })();
    phonesTaken.set(orgId, known);
  }
  const taken = await known;
  for (let i = 0; i < 1000; i++) {
    const phone = `+447700900${String(999 - i).padStart(3, '0')}`;
    if (!taken.has(phone)) {
      taken.add(phone);
      return phone;
    }
  }
  throw new Error(`Every drama-range number is held in ${orgId}`);
}

/** `phone` should come from `freePhone` when the clinician is to be created. */
export function clinicianBody(home: { lat: number; lon: number }, overrides: Record<string, unknown> = {}) {
  seq += 1;
  return {
    name: `Sec Test ${seq}`,
    email: `sec.${run}.${process.pid}.${seq}@bank.example`,
    phone: `07700 900${String(100 + ((seq * 37 + process.pid) % 900)).padStart(3, '0')}`,
    roles: [ROLE],
    skills: [],
    home: { lat: home.lat, lon: home.lon },
    maxTravelKm: 30,
    compliance: {
      dbsCheckedOn: isoDay(-30),
      trainingExpires: isoDay(1500),
      indemnityExpires: isoDay(1500),
      rightToWork: true,
    },
    employment: 'bank',
    maxWeeklyHours: 60,
    notify: ['email'],
    ...overrides,
  };
}

let practiceCache: Promise<{ id: string; lat: number; lon: number }> | undefined;
export function homePractice() {
  practiceCache ??= (async () => {
    const m = await manager();
    const list = await call('GET', '/practices', { token: m.token });
    const p = list.body.practices.find((x: { id: string }) => x.id === m.practiceId);
    return { id: p.id as string, lat: p.lat as number, lon: p.lon as number };
  })();
  return practiceCache;
}

/** A clinician of our own, living at the manager's practice and free at any hour, signed in. */
export async function newClinician(overrides: Record<string, unknown> = {}): Promise<Actor & { clinicianId: string }> {
  const admin = await actor(SOMERSET, 'admin');
  const home = await homePractice();
  const created = await call('POST', '/clinicians', {
    token: admin.token,
    body: clinicianBody(home, { phone: await freePhone(), ...overrides }),
  });
  expect(created.status, created.text).toBe(201);
  const login = await call('POST', '/dev/login', { body: { email: created.body.clinician.email } });
  expect(login.status, login.text).toBe(200);
  return { user: login.body.user, token: login.body.token, clinicianId: created.body.clinician.id };
}

/**
 * A different London day for every call, hundreds of days out so no other
 * file's dated queries meet these shifts; `base` keeps files apart (each runs
 * in its own worker with its own counter).
 */
export function slotter(base: number) {
  let day = base;
  return (hours: [string, string] = ['10:00', '11:00']) => {
    const d = isoDay(day);
    day += 1;
    return { start: `${d}T${hours[0]}`, end: `${d}T${hours[1]}` };
  };
}

export function shiftBody(
  practiceId: string,
  slot: { start: string; end: string },
  extra: Record<string, unknown> = {},
) {
  return { practiceId, role: ROLE, ...slot, hourlyRatePence: 2000, cascadeMinutes: 0, ...extra };
}

export async function postShift(slot: { start: string; end: string }, extra: Record<string, unknown> = {}) {
  const m = await manager();
  const reply = await call('POST', '/shifts', { token: m.token, body: shiftBody(m.practiceId, slot, extra) });
  expect(reply.status, reply.text).toBe(201);
  return { shift: reply.body.shift as Shift, offers: reply.body.offers as Offer[] };
}

/** An offer of a fresh shift to a fresh clinician of our own (or the one given). */
export async function offered(slot: { start: string; end: string }, to?: Actor & { clinicianId: string }) {
  const clinician = to ?? (await newClinician());
  const { shift, offers } = await postShift(slot);
  let offer = offers.find((o) => o.clinicianId === clinician.clinicianId);
  if (!offer) {
    const m = await manager();
    const more = await call('POST', `/shifts/${shift.id}/offers`, {
      token: m.token,
      body: { clinicianIds: [clinician.clinicianId] },
    });
    expect(more.status, more.text).toBe(201);
    offer = (more.body.offers as Offer[]).find((o) => o.clinicianId === clinician.clinicianId);
  }
  expect(offer, 'the fresh clinician was offered the shift').toBeDefined();
  return { clinician, shift, offer: offer! };
}

export async function booked(slot: { start: string; end: string }, to?: Actor & { clinicianId: string }) {
  const o = await offered(slot, to);
  const accepted = await call('POST', `/offers/${o.offer.id}/accept`, { token: o.clinician.token });
  expect(accepted.status, accepted.text).toBe(200);
  return { ...o, booking: accepted.body.booking as Booking };
}

const LONDON_MINUTES = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * Runs `book` with the runtime's clock moved back ten minutes (`POST
 * /dev/clock`), handing it a one-minute slot that starts a minute later by
 * that clock, and puts the clock back to real time afterwards, whatever
 * happens: what `book` books has ended before anyone reads it, without
 * waiting for a real shift to pass. A shift cannot be posted in the past,
 * and a timesheet's claim cannot end in the future; this is how both hold.
 * The http and e2e files run one at a time, so the clock is this file's
 * while it is moved. Just after midnight London time it first waits for
 * 00:12, so the slot falls on today's London date (and this month).
 */
export async function inThePast<T>(book: (slot: { start: string; end: string }) => Promise<T>): Promise<T> {
  const [hh, mm] = LONDON_MINUTES.format(new Date()).split(':').map(Number);
  const sinceMidnight = hh! * 60 + mm!;
  if (sinceMidnight < 12) await sleep((12 - sinceMidnight) * 60_000);
  const clockAt = Math.floor((Date.now() - 10 * 60_000) / 1000) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const moved = await call('POST', '/dev/clock', { body: { now: iso(clockAt) } });
  expect(moved.status, moved.text).toBe(200);
  try {
    return await book({ start: iso(clockAt + 60_000), end: iso(clockAt + 120_000) });
  } finally {
    const back = await call('POST', '/dev/clock', { body: { now: null } });
    expect(back.status, back.text).toBe(200);
  }
}

/**
 * Bookings of shifts that are already over (a timesheet's claim cannot end in
 * the future): one-minute shifts booked with the clock moved back
 * (`inThePast`). The clinicians are made first, at real time.
 */
export async function startedBookings(
  n: number,
  clinician: (i: number) => Promise<Actor & { clinicianId: string }> = () => newClinician(),
  /** Bookings posted at once: fewer on a busy machine, where many together outlast a handler's 30 s. */
  concurrency = n,
) {
  const clinicians = await Promise.all(Array.from({ length: n }, (_, i) => clinician(i)));
  return inThePast(async (slot) => {
    const made: Awaited<ReturnType<typeof booked>>[] = new Array(n);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, n) }, async () => {
        while (next < n) {
          const i = next++;
          made[i] = await booked(slot, clinicians[i]!);
        }
      }),
    );
    return made;
  });
}

/** Somerset's ids and names that an org-quantock caller must never meet in a reply. */
export class Secrets {
  private readonly values = new Set<string>([SOMERSET]);
  add(...values: (string | undefined)[]) {
    for (const v of values) if (v && v.length >= 4) this.values.add(v);
  }
  async addDemo() {
    for (const u of await demoUsers()) {
      if (u.orgId !== SOMERSET) continue;
      this.add(u.id, u.email, u.clinicianId, ...(u.practiceIds ?? []));
    }
    const admin = await actor(SOMERSET, 'admin');
    const practices = await call('GET', '/practices', { token: admin.token });
    for (const p of practices.body.practices) this.add(p.id, p.email);
  }
  /** The secrets found in `text`, leaving out what the caller sent itself (an echo of its own input is no disclosure). */
  foundIn(text: string, sent: string): string[] {
    const hits: string[] = [];
    for (const v of this.values) {
      if (sent.includes(v)) continue;
      const re = new RegExp(`(^|[^A-Za-z0-9_-])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^A-Za-z0-9_-])`);
      if (re.test(text)) hits.push(v);
    }
    return hits;
  }
}

/** Every object in a reply that names an organisation names the caller's. */
export function orgIdsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) orgIdsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'orgId' && typeof v === 'string') out.push(v);
      else orgIdsIn(v, out);
    }
  }
  return out;
}

/** The contract's error body. */
export function expectError(reply: Reply, status: number, code?: string) {
  expect(reply.status, `${reply.status} ${reply.text.slice(0, 300)}`).toBe(status);
  expect(reply.body?.error, reply.text.slice(0, 300)).toMatchObject({
    code: code ?? expect.any(String),
    message: expect.any(String),
  });
}

export { call, QUANTOCK, SOMERSET, sleep };
