/**
 * Demo data the local runtime seeds on first start: a south Somerset GP group
 * with a bank of about 200 clinicians, and a small second organisation that
 * exists only to prove one organisation never sees another's records.
 *
 * Pure and deterministic: a fixed-seed PRNG picks everything, and every date
 * is placed relative to `now`, so the clinicians whose compliance is "expiring
 * within a month" are still expiring within a month whenever the demo starts.
 *
 * Shape of the group (DESIGN.md: 17 practices over 22 sites, 10 PCNs): each
 * SITE is a Practice record, because shifts are worked at a site and travel
 * is measured to it. 17 practices are main sites; 5 of them also have a branch
 * site, named `<Town> Surgery (branch of <practice>)` and listed in
 * DEMO_BRANCH_OF. Hence 22 Practice records.
 */
import { DateTime } from 'luxon';
import type {
  AvailabilityWindow,
  Channel,
  Clinician,
  Compliance,
  GeoPoint,
  Organisation,
  Practice,
  Registration,
  Role,
  ShiftTemplate,
  UserRole,
  Weekday,
} from '../lib/domain/types';
import { buildHistory, type DemoHistory } from './demo-history';

export const DEMO_ORG_ID = 'org-somerset';
export const OTHER_ORG_ID = 'org-quantock';

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  orgId: string;
  practiceIds?: string[];
  clinicianId?: string;
}

export interface DemoData {
  organisations: Organisation[];
  practices: Practice[];
  clinicians: Clinician[];
  users: DemoUser[];
  templates: ShiftTemplate[];
  /** The Somerset group's last eight weeks and next two (local/demo-history.ts). */
  history: DemoHistory;
}

/**
 * Each practice's usual sessions, ready for bulk posting: a GP day of two
 * BMA sessions, a nurse clinic, and at the larger sites an evening of
 * extended access.
 */
function buildTemplates(practices: readonly Practice[], nowIso: string): ShiftTemplate[] {
  return practices.flatMap((p, i): ShiftTemplate[] => {
    const base = {
      orgId: p.orgId,
      practiceId: p.id,
      skills: [],
      cascadeMinutes: 30,
      createdAt: nowIso,
      createdBy: 'demo',
    };
    return [
      {
        ...base,
        id: `tpl-${p.id}-gp-day`,
        name: 'GP day',
        role: 'gp',
        sessions: [
          { from: '08:00', to: '12:10', breakMinutes: 0 },
          { from: '14:00', to: '18:10', breakMinutes: 0 },
        ],
        hourlyRatePence: 9000,
      },
      {
        ...base,
        id: `tpl-${p.id}-nurse-clinic`,
        name: 'Nurse clinic',
        role: 'practice-nurse',
        sessions: [{ from: '08:30', to: '13:00', breakMinutes: 0 }],
        hourlyRatePence: 3000,
        notes: 'Bloods, dressings and long-term condition reviews',
      },
      ...(i % 3 === 0
        ? [
            {
              ...base,
              id: `tpl-${p.id}-extended-access`,
              name: 'Extended access evening',
              role: 'gp' as const,
              sessions: [{ from: '18:30', to: '20:00', breakMinutes: 0 }],
              hourlyRatePence: 9500,
            },
          ]
        : []),
    ];
  });
}

/** Skills each role brings, from DOMAIN.md; also what the demo's shift forms can offer. */
export const DEMO_ROLE_SKILLS: Readonly<Record<Role, readonly string[]>> = {
  gp: ['minor-surgery', 'joint-injections', 'coil-fitting', 'home-visits', 'independent-prescriber'],
  anp: ['independent-prescriber', 'minor-illness', 'home-visits', 'diabetes-review'],
  'practice-nurse': [
    'cervical-screening',
    'childhood-immunisations',
    'travel-vaccines',
    'diabetes-review',
    'asthma-copd-review',
    'spirometry',
    'ecg',
    'coil-fitting',
  ],
  hca: ['phlebotomy', 'ecg', 'blood-pressure', 'health-checks', 'flu-vaccines'],
  paramedic: ['home-visits', 'minor-illness', 'independent-prescriber'],
  pharmacist: ['medication-review', 'independent-prescriber', 'repeat-prescribing'],
  'msk-practitioner': ['joint-injections', 'first-contact-msk'],
  'health-coach': ['care-planning', 'social-prescribing', 'long-term-conditions'],
  phlebotomist: ['phlebotomy'],
};

// ---------------------------------------------------------------------------
// Reference data: towns and approximate coordinates, copied from
// shared/data/somerset-sites.csv so the runtime reads nothing outside the repo.

const TOWNS = {
  Yeovil: { lat: 50.9421, lon: -2.6336 },
  'South Petherton': { lat: 50.949, lon: -2.809 },
  Wincanton: { lat: 51.056, lon: -2.411 },
  'Castle Cary': { lat: 51.089, lon: -2.513 },
  Crewkerne: { lat: 50.883, lon: -2.796 },
  Chard: { lat: 50.872, lon: -2.964 },
  Ilminster: { lat: 50.927, lon: -2.911 },
  Martock: { lat: 50.97, lon: -2.769 },
  Somerton: { lat: 51.055, lon: -2.734 },
  Langport: { lat: 51.037, lon: -2.828 },
  Bruton: { lat: 51.112, lon: -2.454 },
  'Milborne Port': { lat: 50.967, lon: -2.46 },
  Ilchester: { lat: 51.001, lon: -2.683 },
  'Stoke-sub-Hamdon': { lat: 50.954, lon: -2.75 },
  'West Coker': { lat: 50.92, lon: -2.685 },
  'Queen Camel': { lat: 51.021, lon: -2.579 },
  Street: { lat: 51.127, lon: -2.74 },
  Glastonbury: { lat: 51.148, lon: -2.714 },
  'Shepton Mallet': { lat: 51.19, lon: -2.546 },
  Wells: { lat: 51.209, lon: -2.647 },
  Frome: { lat: 51.228, lon: -2.321 },
  Highbridge: { lat: 51.218, lon: -2.973 },
  'Burnham-on-Sea': { lat: 51.238, lon: -2.997 },
  Bridgwater: { lat: 51.128, lon: -3.003 },
  Cheddar: { lat: 51.279, lon: -2.778 },
  Taunton: { lat: 51.015, lon: -3.103 },
  Wiveliscombe: { lat: 51.041, lon: -3.312 },
  Minehead: { lat: 51.204, lon: -3.48 },
} as const satisfies Record<string, GeoPoint>;
type Town = keyof typeof TOWNS;

// ---------------------------------------------------------------------------
// Sites and networks

interface SiteSpec {
  slug: string;
  name: string;
  town: Town;
  pcn: string;
  /** Slug of the main site, for branch sites. */
  branchOf?: string;
}

const CIC = 'Chard, Ilminster & Crewkerne PCN';
const SOMERSET_SITES: readonly SiteSpec[] = [
  { slug: 'yeovil-hc', name: 'Yeovil Health Centre', town: 'Yeovil', pcn: 'Yeovil PCN' },
  { slug: 'hendford', name: 'Hendford Surgery', town: 'Yeovil', pcn: 'Yeovil PCN' },
  {
    slug: 'west-coker',
    name: 'West Coker Surgery (branch of Hendford Surgery)',
    town: 'West Coker',
    pcn: 'Yeovil PCN',
    branchOf: 'hendford',
  },
  { slug: 'chard', name: 'Chard Medical Practice', town: 'Chard', pcn: CIC },
  { slug: 'ilminster', name: 'Ilminster Health Centre', town: 'Ilminster', pcn: CIC },
  { slug: 'crewkerne', name: 'Crewkerne Medical Centre', town: 'Crewkerne', pcn: CIC },
  { slug: 'wincanton', name: 'Wincanton Medical Practice', town: 'Wincanton', pcn: 'Wincanton & Milborne Port PCN' },
  {
    slug: 'milborne-port',
    name: 'Milborne Port Surgery (branch of Wincanton Medical Practice)',
    town: 'Milborne Port',
    pcn: 'Wincanton & Milborne Port PCN',
    branchOf: 'wincanton',
  },
  { slug: 'castle-cary', name: 'Castle Cary Surgery', town: 'Castle Cary', pcn: 'Castle Cary & Bruton PCN' },
  {
    slug: 'bruton',
    name: 'Bruton Surgery (branch of Castle Cary Surgery)',
    town: 'Bruton',
    pcn: 'Castle Cary & Bruton PCN',
    branchOf: 'castle-cary',
  },
  { slug: 'martock', name: 'Martock Medical Practice', town: 'Martock', pcn: 'Ivel Valley PCN' },
  {
    slug: 'south-petherton',
    name: 'South Petherton Surgery (branch of Martock Medical Practice)',
    town: 'South Petherton',
    pcn: 'Ivel Valley PCN',
    branchOf: 'martock',
  },
  { slug: 'hamdon', name: 'Hamdon Hill Surgery', town: 'Stoke-sub-Hamdon', pcn: 'Ivel Valley PCN' },
  { slug: 'somerton', name: 'Somerton Surgery', town: 'Somerton', pcn: 'Somerton & Langport PCN' },
  { slug: 'langport', name: 'Langport Medical Centre', town: 'Langport', pcn: 'Somerton & Langport PCN' },
  { slug: 'ilchester', name: 'Ilchester Surgery', town: 'Ilchester', pcn: 'Camel Valley PCN' },
  {
    slug: 'queen-camel',
    name: 'Queen Camel Surgery (branch of Ilchester Surgery)',
    town: 'Queen Camel',
    pcn: 'Camel Valley PCN',
    branchOf: 'ilchester',
  },
  { slug: 'street', name: 'Street Health Centre', town: 'Street', pcn: 'Glastonbury & Street PCN' },
  { slug: 'glastonbury', name: 'Glastonbury Surgery', town: 'Glastonbury', pcn: 'Glastonbury & Street PCN' },
  { slug: 'wells', name: 'Wells City Practice', town: 'Wells', pcn: 'Wells & Shepton Mallet PCN' },
  {
    slug: 'shepton-mallet',
    name: 'Shepton Mallet Health Centre',
    town: 'Shepton Mallet',
    pcn: 'Wells & Shepton Mallet PCN',
  },
  { slug: 'frome', name: 'Frome Valley Medical Centre', town: 'Frome', pcn: 'Frome PCN' },
];

const QUANTOCK_SITES: readonly SiteSpec[] = [
  { slug: 'tone-vale', name: 'Tone Vale Surgery', town: 'Taunton', pcn: 'Taunton Deane PCN' },
  { slug: 'quantock-quay', name: 'Quantock Quay Medical Centre', town: 'Bridgwater', pcn: 'Bridgwater Bay PCN' },
];

const practiceId = (slug: string) => `prc-${slug}`;

/** Branch site id to the id of the practice's main site: 5 branches, 17 main sites. */
export const DEMO_BRANCH_OF: Readonly<Record<string, string>> = Object.fromEntries(
  SOMERSET_SITES.filter((s) => s.branchOf).map((s) => [practiceId(s.slug), practiceId(s.branchOf!)]),
);

/** Managers of the group: each looks after the sites of a locality. */
const SOMERSET_MANAGERS: readonly { key: string; name: string; slugs: string[] }[] = [
  { key: 'yeovil', name: 'Karen Whitcombe', slugs: ['yeovil-hc', 'hendford', 'west-coker'] },
  { key: 'chard', name: 'Sanjay Mistry', slugs: ['chard', 'ilminster', 'crewkerne'] },
  { key: 'wincanton', name: 'Louise Hembrow', slugs: ['wincanton', 'milborne-port', 'castle-cary', 'bruton'] },
  { key: 'martock', name: 'Gareth Pritchard', slugs: ['martock', 'south-petherton', 'hamdon'] },
  { key: 'somerton', name: 'Abimbola Ogunleye', slugs: ['somerton', 'langport', 'ilchester', 'queen-camel'] },
  { key: 'glastonbury', name: 'Fiona Gulliver', slugs: ['street', 'glastonbury'] },
  { key: 'wells', name: 'Tom Vowles', slugs: ['wells', 'shepton-mallet', 'frome'] },
];

// ---------------------------------------------------------------------------
// Deterministic randomness

/** mulberry32: tiny, fast and good enough to make varied demo data repeatable. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  readonly #next: () => number;
  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }
  float(): number {
    return this.#next();
  }
  /** Inclusive of both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.#next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.#next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#next() * items.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.#next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.#next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

// Separate streams so that changing one organisation's bank leaves the other's untouched.
const SOMERSET_SEED = 0x50_4d_45_52; // "SMER"
const QUANTOCK_SEED = 0x51_56_50_31; // "QVP1"

// ---------------------------------------------------------------------------
// Geography

const KM_PER_DEGREE_LAT = 111.32;

/** A point up to `maxKm` from `centre`, spread evenly over the disc. */
function jitter(rng: Rng, centre: GeoPoint, maxKm: number): GeoPoint {
  const distance = maxKm * Math.sqrt(rng.float());
  const bearing = 2 * Math.PI * rng.float();
  const dLat = (distance * Math.cos(bearing)) / KM_PER_DEGREE_LAT;
  const dLon = (distance * Math.sin(bearing)) / (KM_PER_DEGREE_LAT * Math.cos((centre.lat * Math.PI) / 180));
  return { lat: round5(centre.lat + dLat), lon: round5(centre.lon + dLon) };
}

const round5 = (n: number) => Math.round(n * 1e5) / 1e5;

function kmBetween(a: GeoPoint, b: GeoPoint): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

// ---------------------------------------------------------------------------
// Names: first and last names drawn from the same background most of the time,
// so the bank reads like a real one in England.

const words = (list: string) => list.trim().split(/\s+/);

const NAME_POOLS: readonly { weight: number; first: readonly string[]; last: readonly string[] }[] = [
  {
    weight: 62,
    first: words(
      `Oliver Amelia James Sophie Thomas Hannah Daniel Emily George Charlotte Harry Grace Jack Olivia Sarah David Rachel Michael Laura Andrew Claire Mark Helen Paul Joanne Simon Kate Gareth Bethan Rhys Megan Hamish Fiona Callum Isla Siobhan Ciaran Niamh Eilidh Ewan Lucy Zoe Rebecca Matthew Katie Ben Alice Florence Jenny Nicola Stephen Alison Richard Ruth Samuel Anna Chris Joanna Luke Amy`,
    ),
    last: words(
      `Smith Jones Williams Taylor Brown Davies Evans Wilson Thomas Roberts Johnson Lewis Walker Robinson Wood Thompson White Watson Jackson Wright Green Harris Cooper King Martin Clarke Morgan Hughes Edwards Hill Moore Harrison Scott Young Morris Hall Ward Turner Carter Phillips Mitchell O'Brien Murphy Kelly MacDonald Campbell Fraser Llewellyn Pritchard Coombes Chedzoy Puddy Gulliver Vowles Hembrow Bartlett Parsons Baker Marsh Tucker Burrows Dyer Sweet Lock Brewer`,
    ),
  },
  {
    weight: 15,
    first: words(
      `Priya Rajesh Sunita Arjun Deepa Imran Zainab Tariq Anil Kavita Aisha Mohammed Fatima Yusuf Sanjay Nisha Harpreet Gurpreet Ravi Asha Farhan Sana Amir Neha Vikram`,
    ),
    last: words(
      `Patel Shah Khan Ahmed Hussain Singh Sharma Gill Chaudhry Mistry Desai Iqbal Rahman Malik Joshi Nair Raman Sandhu Bhatt Kumar`,
    ),
  },
  {
    weight: 9,
    first: words(
      `Chinedu Ngozi Kwame Abena Ifeoma Oluwaseun Tunde Adaeze Kofi Ama Emeka Folake Yaw Blessing Tendai Nomvula`,
    ),
    last: words(`Okafor Adeyemi Mensah Owusu Nwosu Ogunleye Boateng Eze Asante Adebayo Okonkwo Osei Moyo Ndlovu`),
  },
  {
    weight: 5,
    first: words(`Wei Mei Jun Li Hui Kenji Yuki Minh Linh Joon`),
    last: words(`Chen Wong Li Zhang Liu Tanaka Nguyen Tran Kim Lau`),
  },
  {
    weight: 6,
    first: words(`Tomasz Agnieszka Marta Piotr Lukas Ana Maria Andrei Ioana Katarzyna`),
    last: words(`Nowak Wisniewski Lewandowski Popescu Ionescu Kazlauskas Horvat Novak Silva`),
  },
  {
    weight: 3,
    first: words(`Omar Layla Hassan Nour Karim Yasmin Elif Mehmet`),
    last: words(`Haddad Mansour Yilmaz Demir Khalil Saleh`),
  },
];

/** The local part of an address: `Priya O'Brien-Shah` becomes `priya.obrien-shah`. */
const emailLocal = (first: string, last: string) => `${first}.${last}`.toLowerCase().replace(/[^a-z.-]/g, '');

function drawName(rng: Rng, taken: Set<string>): { first: string; last: string } {
  for (;;) {
    const pool = rng.weighted(NAME_POOLS.map((p) => [p, p.weight] as const));
    // One in eight draws a surname from another background: families mix.
    const lastPool = rng.chance(0.125) ? rng.pick(NAME_POOLS) : pool;
    const first = rng.pick(pool.first);
    const last = rng.pick(lastPool.last);
    const key = emailLocal(first, last);
    if (first !== last && !taken.has(key)) {
      taken.add(key);
      return { first, last };
    }
  }
}

// ---------------------------------------------------------------------------
// Clinicians

/** Always-held skills, then optional ones with the share of the role holding them. */
const SKILL_PROFILE: Readonly<Record<Role, { always: string[]; often: [string, number][] }>> = {
  gp: {
    always: ['independent-prescriber'],
    often: [
      ['home-visits', 0.7],
      ['joint-injections', 0.3],
      ['minor-surgery', 0.25],
      ['coil-fitting', 0.25],
    ],
  },
  anp: {
    always: ['minor-illness'],
    often: [
      ['independent-prescriber', 0.8],
      ['home-visits', 0.6],
      ['diabetes-review', 0.4],
    ],
  },
  'practice-nurse': {
    always: [],
    often: [
      ['cervical-screening', 0.8],
      ['childhood-immunisations', 0.7],
      ['travel-vaccines', 0.5],
      ['ecg', 0.5],
      ['diabetes-review', 0.45],
      ['asthma-copd-review', 0.45],
      ['spirometry', 0.25],
      ['coil-fitting', 0.08],
    ],
  },
  hca: {
    always: ['blood-pressure'],
    often: [
      ['phlebotomy', 0.85],
      ['ecg', 0.6],
      ['flu-vaccines', 0.6],
      ['health-checks', 0.5],
    ],
  },
  paramedic: {
    always: ['home-visits'],
    often: [
      ['minor-illness', 0.8],
      ['independent-prescriber', 0.35],
    ],
  },
  pharmacist: {
    always: ['medication-review'],
    often: [
      ['repeat-prescribing', 0.8],
      ['independent-prescriber', 0.6],
    ],
  },
  'msk-practitioner': { always: ['first-contact-msk'], often: [['joint-injections', 0.6]] },
  'health-coach': {
    always: ['care-planning'],
    often: [
      ['long-term-conditions', 0.6],
      ['social-prescribing', 0.5],
    ],
  },
  phlebotomist: { always: ['phlebotomy'], often: [] },
};

function drawSkills(rng: Rng, roles: readonly Role[]): string[] {
  const skills = new Set<string>();
  for (const role of roles) {
    const profile = SKILL_PROFILE[role];
    for (const s of profile.always) skills.add(s);
    for (const [s, p] of profile.often) if (rng.chance(p)) skills.add(s);
    // A nurse with no clinic skill at all would never match a shift.
    if (skills.size === 0) skills.add(profile.often[0]![0]);
  }
  // Listed in the role's own order so the data reads consistently.
  const order = roles.flatMap((r) => DEMO_ROLE_SKILLS[r]);
  return [...skills].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

const REGISTRATION_BODY: Partial<Record<Role, string>> = {
  gp: 'GMC',
  anp: 'NMC',
  'practice-nurse': 'NMC',
  paramedic: 'HCPC',
  pharmacist: 'GPhC',
  'msk-practitioner': 'HCPC',
};

/** Roles that hold their own indemnity rather than relying on the practice's cover. */
const INDEMNIFIED: ReadonlySet<Role> = new Set(['gp', 'anp', 'paramedic', 'pharmacist', 'msk-practitioner']);

const digits = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.int(0, 9)).join('');

function registrationNumber(rng: Rng, role: Role): string {
  switch (role) {
    case 'gp':
      return `${rng.int(2, 7)}${digits(rng, 6)}`;
    case 'anp':
    case 'practice-nurse':
      // NMC PIN: year, month letter, four digits, country letter (E England, O overseas...).
      return `${String(rng.int(0, 99)).padStart(2, '0')}${String.fromCharCode(65 + rng.int(0, 11))}${digits(rng, 4)}${rng.weighted(
        [
          ['E', 8],
          ['O', 1],
          ['W', 0.5],
          ['S', 0.5],
        ] as const,
      )}`;
    case 'paramedic':
      return `PA${digits(rng, 6)}`;
    case 'msk-practitioner':
      return `PH${digits(rng, 6)}`;
    case 'pharmacist':
      return `20${digits(rng, 5)}`;
    default:
      throw new Error(`no registration body for ${role}`);
  }
}

/** How long a registration runs before it must be renewed, in days, where the body sets one. */
const RENEWAL_DAYS: Record<string, number | undefined> = { NMC: 3 * 365, HCPC: 2 * 365, GPhC: 365, GMC: undefined };

const WEEKDAYS_MON_FRI: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const windows = (days: readonly Weekday[], from: string, to: string): AvailabilityWindow[] =>
  days.map((day) => ({ day, from, to }));

const AVAILABILITY_PATTERNS: readonly (readonly [AvailabilityWindow[], number])[] = [
  [windows(WEEKDAYS_MON_FRI, '08:00', '18:30'), 5],
  [windows(['mon', 'tue', 'wed'], '08:00', '18:30'), 2],
  [windows(['tue', 'thu', 'fri'], '08:00', '13:00'), 2],
  [windows(WEEKDAYS_MON_FRI, '09:15', '14:45'), 2],
  [[...windows(WEEKDAYS_MON_FRI, '08:00', '18:30'), ...windows(['sat'], '08:00', '13:00')], 2],
  [[...windows(WEEKDAYS_MON_FRI, '18:00', '21:00'), ...windows(['sat'], '08:00', '13:00')], 1],
  [[...windows(['mon', 'wed', 'fri'], '08:00', '18:30'), ...windows(['tue', 'thu'], '18:00', '21:00')], 1],
];

interface BankSpec {
  orgId: string;
  /** Clinician ids are `<idPrefix><n>`, `n` zero-padded to `idDigits`. */
  idPrefix: string;
  idDigits: number;
  emailDomain: string;
  /**
   * The slice of Ofcom's drama range (07700 900000-900999, which nobody can
   * own) this bank's numbers are drawn from: E.164 digits, first inclusive,
   * last exclusive. Organisations get disjoint slices so a number names one person.
   */
  phones: readonly [number, number];
  payrollPrefix: string;
  /** Role mix: [primary role, head count]. */
  mix: readonly (readonly [Role, number])[];
  homeTowns: readonly (readonly [Town, number])[];
  expiringSoon: number;
  expired: number;
}

type ComplianceFate = 'valid' | 'expiring' | 'expired';

function buildBank(
  spec: BankSpec,
  rng: Rng,
  practices: readonly Practice[],
  today: DateTime,
  nowIso: string,
  takenNames: Set<string>,
): Clinician[] {
  const primaryRoles = spec.mix.flatMap(([role, n]) => Array.from({ length: n }, () => role));
  const total = primaryRoles.length;
  // Interleave roles so the ids do not run GP, GP, GP..., as a real bank's joining order would not.
  const ordered = rng.shuffle(primaryRoles);
  const fates: ComplianceFate[] = Array.from({ length: total }, () => 'valid');
  const unlucky = rng.shuffle([...Array(total).keys()]);
  unlucky.slice(0, spec.expiringSoon).forEach((i) => {
    fates[i] = 'expiring';
  });
  unlucky.slice(spec.expiringSoon, spec.expiringSoon + spec.expired).forEach((i) => {
    fates[i] = 'expired';
  });
  const phones = rng.shuffle(Array.from({ length: spec.phones[1] - spec.phones[0] }, (_, k) => spec.phones[0] + k));
  const registrationNumbers = new Set<string>();
  const date = (days: number) => today.plus({ days }).toISODate()!;
  let expiringTurn = 0;
  let expiredTurn = 0;
  let locumTurn = 0;
  let limitedTurn = 0;
  /**
   * A locum GP's terms, without another draw: every fifth self-employed GP
   * works through a limited company (no NHS pension on that work), and two
   * in three of the rest pension their fees, with an SD number.
   */
  const locumTerms = (locum: boolean, n: number): Pick<Clinician, 'employment' | 'pension'> => {
    if (!locum) return { employment: 'bank' };
    const turn = locumTurn++;
    if (turn % 5 === 4) return { employment: 'limited-company' };
    if (turn % 3 === 2) return { employment: 'self-employed', pension: { member: false } };
    return { employment: 'self-employed', pension: { member: true, schemeRef: `SD${String(n).padStart(6, '0')}` } };
  };

  return ordered.map((primary, i) => {
    const n = i + 1;
    const id = `${spec.idPrefix}${String(n).padStart(spec.idDigits, '0')}`;
    const roles: Role[] = [primary];
    // Some ANPs cover nurse clinics; some HCAs run phlebotomy-only lists.
    if (primary === 'anp' && rng.chance(0.35)) roles.push('practice-nurse');
    if (primary === 'hca' && rng.chance(0.25)) roles.push('phlebotomist');

    const { first, last } = drawName(rng, takenNames);
    const name = primary === 'gp' ? `Dr ${first} ${last}` : `${first} ${last}`;
    const town = rng.weighted(spec.homeTowns);
    const home = jitter(rng, TOWNS[town], 8);
    const nearest = [...practices].sort((a, b) => kmBetween(home, a) - kmBetween(home, b));
    const nearestKm = kmBetween(home, nearest[0]!);
    // Nobody joins a bank whose nearest site is out of their reach.
    const travelChoices = [10, 15, 20, 25, 30, 35, 40, 50].filter((km) => km >= nearestKm + 2);
    const maxTravelKm = rng.pick(travelChoices.length ? travelChoices : [50]);

    const body = REGISTRATION_BODY[primary];
    let registration: Registration | undefined;
    if (body) {
      let number: string;
      do number = registrationNumber(rng, primary);
      while (registrationNumbers.has(`${body}:${number}`));
      registrationNumbers.add(`${body}:${number}`);
      const renewal = RENEWAL_DAYS[body];
      registration = renewal ? { body, number, expires: date(rng.int(60, renewal)) } : { body, number };
    }

    const compliance: Compliance = {
      dbsCheckedOn: date(-rng.int(30, 3 * 365 - 60)),
      trainingExpires: date(rng.int(60, 365)),
      rightToWork: true,
    };
    if (INDEMNIFIED.has(primary)) compliance.indemnityExpires = date(rng.int(60, 365));
    if (fates[i] === 'valid' && rng.chance(0.04)) compliance.rightToWorkExpires = date(rng.int(400, 1000));

    // 3-27 days: well inside "within a month" at whatever hour the demo starts, and never today.
    if (fates[i] === 'expiring') {
      const days = rng.int(3, 27);
      const kind = (['training', 'dbs', 'indemnity', 'registration'] as const)[expiringTurn++ % 4];
      if (kind === 'dbs') compliance.dbsCheckedOn = today.minus({ years: 3 }).plus({ days }).toISODate()!;
      else if (kind === 'indemnity' && compliance.indemnityExpires) compliance.indemnityExpires = date(days);
      else if (kind === 'registration' && registration?.expires) registration.expires = date(days);
      else compliance.trainingExpires = date(days);
    } else if (fates[i] === 'expired') {
      const days = rng.int(5, 120);
      if (expiredTurn++ % 2 === 0) compliance.dbsCheckedOn = today.minus({ years: 3, days }).toISODate()!;
      else compliance.trainingExpires = date(-days);
    }

    const preferredPracticeIds = rng
      .shuffle(nearest.slice(0, 5))
      .slice(0, rng.int(0, Math.min(3, practices.length)))
      .map((p) => p.id);
    const blockedPracticeIds = rng.chance(0.03)
      ? [rng.pick(nearest.slice(0, 8).filter((p) => !preferredPracticeIds.includes(p.id))).id]
      : [];

    const availability = rng.chance(0.5) ? undefined : structuredClone(rng.weighted(AVAILABILITY_PATTERNS));
    const notify = rng.weighted<Channel[]>([
      [['sms', 'email'], 80],
      [['email'], 14],
      [['sms'], 6],
    ]);

    const clinician: Clinician = {
      orgId: spec.orgId,
      id,
      name,
      email: `${emailLocal(first, last)}@${spec.emailDomain}`,
      phone: `+${phones[i]!}`,
      roles,
      skills: drawSkills(rng, roles),
      home,
      maxTravelKm,
      ...(registration && { registration }),
      compliance,
      // The same one draw as ever, inline where it always was, so the rest of the data is unchanged.
      ...locumTerms(primary === 'gp' && rng.chance(0.35), n),
      payrollId: `${spec.payrollPrefix}${String(n).padStart(5, '0')}`,
      preferredPracticeIds,
      blockedPracticeIds,
      ...(availability && { availability }),
      maxWeeklyHours: rng.weighted([
        [48, 70],
        [37, 15],
        [24, 15],
      ]),
      notify: [...notify],
      lateCancellations: rng.weighted([
        [0, 80],
        [1, 12],
        [2, 6],
        [3, 2],
      ]),
      completedShifts: rng.chance(0.1) ? 0 : Math.floor(rng.float() ** 2 * 150) + 1,
      createdAt: nowIso,
      updatedAt: nowIso,
    };
    // IR35: only the first limited-company GP's nearest practice has determined their engagement; any later one, every practice.
    if (clinician.employment === 'limited-company') {
      const deciding = limitedTurn++ === 0 ? nearest.slice(0, 1) : practices;
      clinician.ir35 = Object.fromEntries(deciding.map((p) => [p.id, { determination: 'outside', decidedAt: nowIso }]));
    }
    return clinician;
  });
}

// ---------------------------------------------------------------------------
// Practices and users

interface PracticeSpec {
  orgId: string;
  sites: readonly SiteSpec[];
  odsBase: number;
  costCentreBase: number;
}

/** What a locum needs on arrival, varied across the demo's sites (chosen by index, so the seeded random stream is untouched). */
const ARRIVAL_NOTES = [
  'Staff car park behind the surgery (ask reception for the barrier code). SystmOne; bring your smartcard.',
  'No parking on site: the town car park is two minutes away. EMIS Web; log-ins are set up on the day.',
  'Park in the two bays marked Locum. SystmOne. Door code from reception; the duty doctor is in room 3.',
  'On-street parking only. EMIS Web; please arrive 15 minutes early for a log-in and a tour.',
] as const;

function buildPractices(spec: PracticeSpec, rng: Rng, nowIso: string): Practice[] {
  return spec.sites.map((site, i) => ({
    orgId: spec.orgId,
    id: practiceId(site.slug),
    name: site.name,
    odsCode: `L${spec.odsBase + i + 1}`,
    pcn: site.pcn,
    address: `${site.town}, Somerset`,
    costCentre: `CC-${spec.costCentreBase + i + 1}`,
    email: `rota.${site.slug}@nhs.example`,
    // Ofcom's drama range: a number that rings nobody.
    phone: `01632 960${100 + i}`,
    notes: ARRIVAL_NOTES[i % ARRIVAL_NOTES.length],
    ...jitter(rng, TOWNS[site.town], 1),
    createdAt: nowIso,
  }));
}

const clinicianUser = (c: Clinician): DemoUser => ({
  id: `usr-${c.id}`,
  email: c.email,
  name: c.name,
  role: 'clinician',
  orgId: c.orgId,
  clinicianId: c.id,
});

// ---------------------------------------------------------------------------

/** Everything the local runtime seeds, the same every time for the same `now`. */
export function generateDemoData(now: Date): DemoData {
  const nowIso = now.toISOString();
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
  const takenNames = new Set<string>(
    [...SOMERSET_MANAGERS.map((m) => m.name), 'Helen Marsh', 'Priya Raman', 'Jo Lock', 'Dev Bhatt', 'Sally Brewer'].map(
      (n) => {
        const [first = '', ...rest] = n.split(' ');
        return emailLocal(first, rest.join(' '));
      },
    ),
  );

  const somerset = new Rng(SOMERSET_SEED);
  const somersetPractices = buildPractices(
    { orgId: DEMO_ORG_ID, sites: SOMERSET_SITES, odsBase: 85600, costCentreBase: 100 },
    somerset,
    nowIso,
  );
  const somersetBank = buildBank(
    {
      orgId: DEMO_ORG_ID,
      idPrefix: 'cln-',
      idDigits: 4,
      emailDomain: 'bank.example',
      phones: [447700900000, 447700900900],
      payrollPrefix: 'SHS',
      mix: [
        ['gp', 35],
        ['anp', 15],
        ['practice-nurse', 55],
        ['hca', 45],
        ['paramedic', 12],
        ['pharmacist', 12],
        ['msk-practitioner', 8],
        ['health-coach', 8],
        ['phlebotomist', 10],
      ],
      homeTowns: [
        ['Yeovil', 30],
        ['Chard', 6],
        ['Crewkerne', 5],
        ['Ilminster', 4],
        ['Wincanton', 4],
        ['Castle Cary', 3],
        ['Martock', 4],
        ['South Petherton', 3],
        ['Somerton', 4],
        ['Langport', 3],
        ['Bruton', 2],
        ['Milborne Port', 2],
        ['Ilchester', 2],
        ['Stoke-sub-Hamdon', 2],
        ['West Coker', 2],
        ['Queen Camel', 2],
        ['Street', 6],
        ['Glastonbury', 5],
        ['Shepton Mallet', 5],
        ['Wells', 6],
        ['Frome', 6],
        ['Taunton', 3],
        ['Bridgwater', 2],
        ['Cheddar', 1],
      ],
      expiringSoon: 20,
      expired: 8,
    },
    somerset,
    somersetPractices,
    today,
    nowIso,
    takenNames,
  );

  const quantock = new Rng(QUANTOCK_SEED);
  const quantockPractices = buildPractices(
    { orgId: OTHER_ORG_ID, sites: QUANTOCK_SITES, odsBase: 85900, costCentreBase: 900 },
    quantock,
    nowIso,
  );
  const quantockBank = buildBank(
    {
      orgId: OTHER_ORG_ID,
      idPrefix: 'cln-q',
      idDigits: 3,
      emailDomain: 'quantock.example',
      phones: [447700900900, 447700901000],
      payrollPrefix: 'QVP',
      mix: [
        ['gp', 2],
        ['anp', 1],
        ['practice-nurse', 2],
        ['hca', 2],
        ['pharmacist', 1],
      ],
      homeTowns: [
        ['Taunton', 4],
        ['Bridgwater', 3],
        ['Wiveliscombe', 1],
        ['Highbridge', 1],
        ['Burnham-on-Sea', 1],
      ],
      expiringSoon: 1,
      expired: 1,
    },
    quantock,
    quantockPractices,
    today,
    nowIso,
    takenNames,
  );

  const users: DemoUser[] = [
    {
      id: 'usr-admin-somerset',
      email: 'admin@somerset.example',
      name: 'Helen Marsh',
      role: 'admin',
      orgId: DEMO_ORG_ID,
    },
    { id: 'usr-hr-somerset', email: 'hr@somerset.example', name: 'Priya Raman', role: 'hr', orgId: DEMO_ORG_ID },
    ...SOMERSET_MANAGERS.map(
      (m): DemoUser => ({
        id: `usr-mgr-${m.key}`,
        email: `manager.${m.key}@somerset.example`,
        name: m.name,
        role: 'manager',
        orgId: DEMO_ORG_ID,
        practiceIds: m.slugs.map(practiceId),
      }),
    ),
    ...somersetBank.map(clinicianUser),
    { id: 'usr-admin-quantock', email: 'admin@quantock.example', name: 'Jo Lock', role: 'admin', orgId: OTHER_ORG_ID },
    { id: 'usr-hr-quantock', email: 'hr@quantock.example', name: 'Dev Bhatt', role: 'hr', orgId: OTHER_ORG_ID },
    {
      id: 'usr-mgr-quantock',
      email: 'manager@quantock.example',
      name: 'Sally Brewer',
      role: 'manager',
      orgId: OTHER_ORG_ID,
      practiceIds: quantockPractices.map((p) => p.id),
    },
    ...quantockBank.map(clinicianUser),
  ];

  const organisations = [
    { id: DEMO_ORG_ID, name: 'South Somerset GP Federation', bankHolidayUplift: 1.5 },
    { id: OTHER_ORG_ID, name: 'Quantock Vale Practices', bankHolidayUplift: 1.25 },
  ];
  const templates = buildTemplates([...somersetPractices, ...quantockPractices], nowIso);
  const managerOf = Object.fromEntries(
    SOMERSET_MANAGERS.flatMap((m) => m.slugs.map((slug) => [practiceId(slug), `usr-mgr-${m.key}`])),
  );
  return {
    organisations,
    practices: [...somersetPractices, ...quantockPractices],
    clinicians: [...somersetBank, ...quantockBank],
    users,
    templates,
    history: buildHistory(
      {
        orgId: DEMO_ORG_ID,
        practices: somersetPractices,
        clinicians: somersetBank,
        templates: templates.filter((t) => t.orgId === DEMO_ORG_ID),
        managerOf,
        hrUserId: 'usr-hr-somerset',
        bankHolidayUplift: organisations[0]!.bankHolidayUplift,
      },
      now,
    ),
  };
}
