import { cellOf, cellsCovering, distanceKm } from '../lib/domain/geo';
import type {
  AvailabilityWindow,
  Booking,
  Clinician,
  Compliance,
  Practice,
  Role,
  Shift,
  Weekday,
} from '../lib/domain/types';
import { type ClinicianSummary, cellItems } from '../lib/store/clinicians';
import { toRecord } from '../lib/store/records';
import { DEMO_ROLE_SKILLS } from '../local/demo-data';
import { prng, type Rng } from './support';

export const BENCH_ORG = 'org-bench';

/** Roughly the head count of an English GP bank by primary role. */
const ROLE_MIX: readonly (readonly [Role, number])[] = [
  ['gp', 38],
  ['practice-nurse', 22],
  ['hca', 12],
  ['anp', 10],
  ['pharmacist', 7],
  ['paramedic', 5],
  ['msk-practitioner', 3],
  ['health-coach', 2],
  ['phlebotomist', 1],
];

/** Second roles people really hold alongside the first. */
const SECOND_ROLE: Partial<Record<Role, Role>> = {
  anp: 'practice-nurse',
  'practice-nurse': 'hca',
  paramedic: 'anp',
  hca: 'phlebotomist',
  pharmacist: 'anp',
};

const FIRST = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Mohammed',
  'Noah',
  'Oliver',
  'George',
  'Priya',
  'Chidi',
  'Siobhan',
  'Wei',
  'Anna',
  'Tomasz',
  'Fatima',
  'Rhys',
  'Zara',
  'Kwame',
  'Emily',
  'Harry',
];
const LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Patel',
  'Khan',
  'Evans',
  'Nowak',
  'Okafor',
  'Murphy',
  'Chen',
  'Davies',
  'Hughes',
  'Ahmed',
  'Roberts',
  'Walker',
  'Begum',
  'Ó Briain',
];

const MON_FRI: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const windows = (days: Weekday[], from: string, to: string): AvailabilityWindow[] =>
  days.map((day) => ({ day, from, to }));
const AVAILABILITY: readonly (readonly [AvailabilityWindow[], number])[] = [
  [windows(MON_FRI, '08:00', '18:30'), 5],
  [windows(['mon', 'tue', 'wed'], '08:00', '18:30'), 2],
  [windows(['tue', 'thu', 'fri'], '08:00', '13:00'), 2],
  [windows(MON_FRI, '09:15', '14:45'), 2],
  [[...windows(MON_FRI, '08:00', '18:30'), ...windows(['sat'], '08:00', '13:00')], 2],
  [[...windows(MON_FRI, '18:00', '21:00'), ...windows(['sat'], '08:00', '13:00')], 1],
];

/** A day relative to the bank's reference date, 2026-11-22. */
const day = (offset: number) => new Date(Date.UTC(2026, 10, 22) + offset * 86_400_000).toISOString().slice(0, 10);

function compliance(rng: Rng): Compliance {
  const fate = rng.weighted([
    ['valid', 86],
    ['lapses-before-shift', 6],
    ['expired', 5],
    ['missing', 3],
  ] as const);
  const c: Compliance = {
    dbsCheckedOn: day(-rng.int(30, 3 * 365 - 60)),
    trainingExpires: day(rng.int(60, 365)),
    indemnityExpires: day(rng.int(60, 365)),
    rightToWork: true,
  };
  if (fate === 'lapses-before-shift') c.trainingExpires = day(rng.int(3, 14));
  else if (fate === 'expired') c.trainingExpires = day(-rng.int(5, 120));
  else if (fate === 'missing') {
    if (rng.chance(0.5)) delete c.indemnityExpires;
    else c.rightToWork = false;
  }
  return c;
}

/**
 * A bank of `size` clinicians spread evenly over England (lat 50.5..53.5,
 * lon -4..0.5), the same bank for the same seed.
 */
export function generateBank(size: number, seed: number, practiceId: string): Clinician[] {
  const rng = prng(seed);
  const out: Clinician[] = new Array(size);
  const created = '2026-11-01T00:00:00.000Z';
  for (let i = 0; i < size; i++) {
    const primary = rng.weighted(ROLE_MIX);
    const second = SECOND_ROLE[primary];
    const roles: Role[] = second && rng.chance(0.15) ? [primary, second] : [primary];
    const skills = [...new Set(roles.flatMap((r) => DEMO_ROLE_SKILLS[r].filter(() => rng.chance(0.45))))];
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const id = `cln-${String(i).padStart(6, '0')}`;
    const availability = rng.chance(0.5) ? undefined : structuredClone(rng.weighted(AVAILABILITY));
    out[i] = {
      orgId: BENCH_ORG,
      id,
      name: `${first} ${last}`,
      email: `${id}@bank.example`,
      phone: `+447700${String(900000 + (i % 1000)).slice(-6)}`,
      roles,
      skills,
      home: { lat: 50.5 + rng.float() * 3, lon: -4 + rng.float() * 4.5 },
      maxTravelKm: rng.int(10, 50),
      ...(primary === 'gp' && {
        registration: { body: 'GMC', number: String(7000000 + i), expires: day(rng.int(30, 365)) },
      }),
      compliance: compliance(rng),
      employment: rng.chance(0.3) ? 'self-employed' : 'bank',
      preferredPracticeIds: rng.chance(0.05) ? [practiceId] : [],
      blockedPracticeIds: rng.chance(0.01) ? [practiceId] : [],
      ...(availability && { availability }),
      maxWeeklyHours: rng.weighted([
        [48, 70],
        [37, 15],
        [24, 15],
      ]),
      notify: ['sms'],
      lateCancellations: rng.weighted([
        [0, 80],
        [1, 12],
        [2, 6],
        [3, 2],
      ]),
      completedShifts: rng.chance(0.1) ? 0 : Math.floor(rng.float() ** 2 * 150) + 1,
      createdAt: created,
      updatedAt: created,
    };
  }
  return out;
}

export const BENCH_PRACTICE: Practice = {
  orgId: BENCH_ORG,
  id: 'prc-bench',
  name: 'Bench Surgery',
  odsCode: 'B00001',
  // The middle of the bank's spread, so the practice's cell has neighbours on every side.
  lat: 52.05,
  lon: -1.8,
  createdAt: '2026-11-01T00:00:00.000Z',
};

export function benchShift(role: Role, startOffsetMinutes = 0): Shift {
  const start = new Date(Date.parse('2026-12-08T08:00:00.000Z') + startOffsetMinutes * 60_000).toISOString();
  const end = new Date(Date.parse(start) + 10 * 3_600_000).toISOString();
  return {
    orgId: BENCH_ORG,
    id: `sh-bench-${startOffsetMinutes}`,
    practiceId: BENCH_PRACTICE.id,
    role,
    skills: [],
    start,
    end,
    breakMinutes: 60,
    hourlyRatePence: 9000,
    cascadeMinutes: 30,
    status: 'open',
    round: 1,
    postedAt: '2026-11-22T09:00:00.000Z',
    postedBy: 'usr-bench',
  };
}

/**
 * Exactly the items the location index holds for the practice's cell and the
 * role: the ones ClinicianRepository writes for each clinician, kept where
 * the partition key is that cell's.
 */
export function cellPartitionItems(
  bank: readonly Clinician[],
  practice: Practice,
  role: Role,
): Record<string, unknown>[] {
  const cell = cellOf(practice);
  const items: Record<string, unknown>[] = [];
  for (const c of bank) {
    if (!c.roles.includes(role)) continue;
    // A home further than the radius plus a cell's diagonal (under 45 km here) cannot touch the cell.
    if (!c.home || distanceKm(c.home, practice) > c.maxTravelKm + 50) continue;
    if (!cellsCovering(c.home, c.maxTravelKm).includes(cell)) continue;
    for (const item of cellItems(c)) {
      if (String(item.PK).endsWith(`#CELL#${role}#${cell}`)) items.push(item);
    }
  }
  return items;
}

export const summariesOf = (items: readonly Record<string, unknown>[]) =>
  items.map((i) => toRecord<ClinicianSummary>(i));

/**
 * Confirmed bookings for about a third of the candidates: one to three in the
 * week either side of the shift and up to four in the four weeks before it
 * (what fair spread looks at), all 08:00-18:00 London in December (UTC).
 */
export function generateBookings(candidates: readonly ClinicianSummary[], shift: Shift, seed: number): Booking[] {
  const rng = prng(seed);
  const base = Date.parse(shift.start.slice(0, 10));
  const out: Booking[] = [];
  let n = 0;
  for (const c of candidates) {
    if (!rng.chance(0.35)) continue;
    const days = new Set<number>();
    const near = rng.int(1, 3);
    for (let k = 0; k < near; k++) days.add(rng.int(-7, 7));
    const past = rng.int(0, 4);
    for (let k = 0; k < past; k++) days.add(-rng.int(8, 28));
    for (const d of days) {
      const start = new Date(base + d * 86_400_000 + 8 * 3_600_000).toISOString();
      const end = new Date(Date.parse(start) + 10 * 3_600_000).toISOString();
      const id = `bk-${String(n++).padStart(7, '0')}`;
      out.push({
        orgId: BENCH_ORG,
        id,
        shiftId: `sh-other-${id}`,
        clinicianId: c.id,
        practiceId: 'prc-elsewhere',
        status: 'confirmed',
        bookedAt: '2026-11-01T00:00:00.000Z',
        start,
        end,
      });
    }
  }
  return out;
}
