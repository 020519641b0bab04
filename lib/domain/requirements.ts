import type { DocumentType } from './document-types';
import type { Clinician, Role, VerifiedEvidence } from './types';

/**
 * What a clinician must hold on file to be booked, and what they hold.
 * Pure: the profile carries a copy of every verified document's dates
 * (`evidence`), so matching judges compliance from the record it already
 * read. Every date here is a London date; a validity date (`validUntil`) is
 * the first day the item no longer counts, as v1's compliance dates are.
 */

export const DBS_VALID_YEARS = 3;
/** What {@link ComplianceState.bookableUntil} answers when a required document is missing: before every real date. */
export const NEVER_BOOKABLE = '0000-01-01';
/** What it answers when nothing required ever lapses (references, ID and CV alone). */
export const NO_LAPSE = '9999-12-31';

/** Days before a lapse at which the clinician (and the practices booked after it) are told. */
export const REMINDER_DAYS = [30, 14, 3] as const;
export type ReminderThreshold = (typeof REMINDER_DAYS)[number];

/**
 * Skills that take blood or handle sharps: a nurse, paramedic, pharmacist or
 * MSK practitioner with one of them needs hepatitis B immunity on file.
 */
export const EXPOSURE_PRONE_SKILLS: readonly string[] = [
  'phlebotomy',
  'minor-surgery',
  'joint-injections',
  'coil-fitting',
  'childhood-immunisations',
  'travel-vaccines',
];

const TRAINING: DocumentType[] = ['training-bls', 'training-safeguarding-adults', 'training-safeguarding-children'];
const PROFESSIONAL: DocumentType[] = [
  'registration',
  'indemnity',
  'dbs',
  ...TRAINING,
  'right-to-work',
  'photo-id',
  'reference',
  'cv',
];
const SUPPORT: DocumentType[] = ['dbs', ...TRAINING, 'right-to-work', 'photo-id', 'reference', 'hep-b'];

/** DOMAIN.md "Required documents by role", before the hepatitis B rule for procedures. */
export const ROLE_REQUIREMENTS: Readonly<Record<Role, readonly DocumentType[]>> = {
  gp: [
    'registration',
    'performers-list',
    'indemnity',
    'dbs',
    ...TRAINING,
    'right-to-work',
    'photo-id',
    'reference',
    'cv',
    'hep-b',
  ],
  anp: PROFESSIONAL,
  'practice-nurse': PROFESSIONAL,
  paramedic: PROFESSIONAL,
  pharmacist: PROFESSIONAL,
  'msk-practitioner': PROFESSIONAL,
  hca: SUPPORT,
  phlebotomist: SUPPORT,
  'health-coach': [
    'dbs',
    'training-safeguarding-adults',
    'training-safeguarding-children',
    'right-to-work',
    'photo-id',
    'reference',
  ],
};

/** How many verified documents of a type make it complete: two references, one of anything else. */
export function requiredCount(type: DocumentType): number {
  return type === 'reference' ? 2 : 1;
}

/**
 * What a clinician created with v1's compliance dates must hold: a DBS
 * check, mandatory training and the right to work. Indemnity and
 * registration count once recorded (NHS work in GP practices is covered by
 * the state scheme, and not every role registers).
 */
export const V1_REQUIRED: readonly DocumentType[] = ['dbs', 'training-bls', 'right-to-work'];
const V1_WHEN_HELD: readonly DocumentType[] = ['registration', 'indemnity'];

/** Kept with the profile it belongs to (types.ts); named here too, where compliance is judged from it. */
export type { VerifiedEvidence };

/** Something on file that counts for a type: a verified document, or a v1 date an admin recorded. */
export interface EvidenceItem {
  type: DocumentType;
  /** The document, or absent for a v1 record. */
  documentId?: string;
  issuedOn?: string;
  /** First London day it no longer counts; absent when it never lapses. */
  validUntil?: string;
}

export type EvidenceHolder = Pick<Clinician, 'compliance' | 'registration'> &
  Partial<Pick<Clinician, 'roles' | 'skills' | 'evidence' | 'joinedByInvite' | 'complianceRecorded'>>;

/**
 * A check the clinician gave themselves (a registration typed in as they
 * joined) is theirs to answer for, not a check the bank made: it counts once
 * HR verifies a document for it, or the bank records it.
 */
export function givenByClinician(c: Pick<Clinician, 'complianceRecorded'>, type: DocumentType): boolean {
  return c.complianceRecorded?.[type]?.byClinician === true;
}

/**
 * The first day a DBS check no longer counts: its third anniversary. A check
 * made on 29 February lapses on 28 February, the earlier reading.
 */
export function dbsLapses(checkedOn: string): string {
  const year = Number(checkedOn.slice(0, 4)) + DBS_VALID_YEARS;
  const monthDay = checkedOn.slice(5, 10);
  return `${String(year).padStart(4, '0')}-${monthDay === '02-29' ? '02-28' : monthDay}`;
}

/** DOMAIN.md: references, ID and CV do not expire, whatever date a passport carries. */
export const NEVER_LAPSING: readonly DocumentType[] = ['reference', 'photo-id', 'cv'];

/**
 * When a verified document stops counting: its expiry date; a DBS check three
 * years from the check unless an expiry was recorded (the Update Service),
 * and from the day it was verified when the check's date was not given.
 */
export function documentValidUntil(e: Omit<VerifiedEvidence, 'documentId'>): string | undefined {
  if (NEVER_LAPSING.includes(e.type)) return undefined;
  if (e.type === 'dbs') return e.expiresOn ?? dbsLapses(e.issuedOn ?? e.verifiedAt.slice(0, 10));
  return e.expiresOn;
}

/**
 * Everything on file: v1's recorded dates (as documents verified without a
 * file) and the verified documents; not what the clinician gave themselves.
 */
export function evidenceItems(c: EvidenceHolder): EvidenceItem[] {
  const k = c.compliance;
  const day = (d: string | undefined) => d?.slice(0, 10);
  const items: EvidenceItem[] = [];
  if (k.dbsCheckedOn) items.push({ type: 'dbs', issuedOn: day(k.dbsCheckedOn), validUntil: dbsLapses(k.dbsCheckedOn) });
  if (k.trainingExpires) items.push({ type: 'training-bls', validUntil: day(k.trainingExpires) });
  if (k.indemnityExpires) items.push({ type: 'indemnity', validUntil: day(k.indemnityExpires) });
  if (k.rightToWork) items.push({ type: 'right-to-work', validUntil: day(k.rightToWorkExpires) });
  if (c.registration && !givenByClinician(c, 'registration')) {
    items.push({ type: 'registration', validUntil: day(c.registration.expires) });
  }
  for (const e of c.evidence ?? []) {
    items.push({
      type: e.type,
      documentId: e.documentId,
      ...(e.issuedOn ? { issuedOn: e.issuedOn } : {}),
      validUntil: documentValidUntil(e),
    });
  }
  return items;
}

/**
 * The types a clinician must hold, with how many of each. One who joined by
 * invite needs their role's set (for a shift, the shift's role; else every
 * role they hold); one created with v1's dates needs v1's set. Either way a
 * practice's own extras (`requirements`) are needed for work at it.
 */
export function requiredTypes(
  c: EvidenceHolder,
  options: { role?: Role; practiceRequirements?: readonly DocumentType[] } = {},
): DocumentType[] {
  const out = new Set<DocumentType>();
  if (c.joinedByInvite) {
    const roles = options.role ? [options.role] : (c.roles ?? []);
    const procedures = (c.skills ?? []).some((s) => EXPOSURE_PRONE_SKILLS.includes(s));
    for (const role of roles) for (const t of ROLE_REQUIREMENTS[role]) out.add(t);
    if (procedures && roles.some((r) => ROLE_REQUIREMENTS[r] === PROFESSIONAL)) out.add('hep-b');
  } else {
    for (const t of V1_REQUIRED) out.add(t);
    const held = new Set(evidenceItems(c).map((i) => i.type));
    for (const t of V1_WHEN_HELD) if (held.has(t)) out.add(t);
  }
  for (const t of options.practiceRequirements ?? []) out.add(t);
  return [...out];
}

/**
 * Latest first; one that never lapses is the latest of all. On a tie a
 * document comes before a date typed into v1's fields, so what is reported
 * (at risk, reminders) points at the file that evidences it.
 */
const byValidity = (a: EvidenceItem, b: EvidenceItem) =>
  (b.validUntil ?? NO_LAPSE).localeCompare(a.validUntil ?? NO_LAPSE) ||
  Number(b.documentId !== undefined) - Number(a.documentId !== undefined);

export interface TypeState {
  type: DocumentType;
  /** Fewer verified items than the type needs. */
  missing: boolean;
  /** When the type stops being complete; absent when it never does (or is missing). */
  validUntil?: string;
  /** The item whose lapse ends it (the n-th best, for a type that needs n). */
  item?: EvidenceItem;
}

export interface ComplianceState {
  required: DocumentType[];
  types: TypeState[];
  missing: DocumentType[];
  /** The first London day the clinician may no longer work: {@link NEVER_BOOKABLE} with anything missing. */
  bookableUntil: string;
}

export function complianceState(
  c: EvidenceHolder,
  options: { role?: Role; practiceRequirements?: readonly DocumentType[] } = {},
): ComplianceState {
  const required = requiredTypes(c, options);
  const items = evidenceItems(c);
  const types: TypeState[] = required.map((type) => {
    const held = items.filter((i) => i.type === type).sort(byValidity);
    const item = held[requiredCount(type) - 1];
    if (!item) return { type, missing: true };
    return { type, missing: false, item, ...(item.validUntil ? { validUntil: item.validUntil } : {}) };
  });
  const missing = types.filter((t) => t.missing).map((t) => t.type);
  let bookableUntil = NO_LAPSE;
  for (const t of types) if (t.validUntil && t.validUntil < bookableUntil) bookableUntil = t.validUntil;
  return { required, types, missing, bookableUntil: missing.length ? NEVER_BOOKABLE : bookableUntil };
}

/** What a `COMPLIANCE` exclusion names: the types missing, and those lapsed by the shift's last London day. */
export interface ComplianceGaps {
  missing: DocumentType[];
  lapsed: DocumentType[];
}

export function complianceGaps(state: ComplianceState, lastDay: string): ComplianceGaps {
  return {
    missing: state.missing,
    lapsed: state.types.filter((t) => t.validUntil !== undefined && t.validUntil <= lastDay).map((t) => t.type),
  };
}

/** Whole days from one London date to another (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The reminder due today for an item lapsing on `validUntil`: the nearest
 * threshold already reached (a document declared 10 days before it lapses
 * gets the 14-day reminder, not the 30-day one too); none once it has lapsed.
 */
export function reminderDue(today: string, validUntil: string): ReminderThreshold | undefined {
  const left = daysBetween(today, validUntil);
  if (left <= 0) return undefined;
  return [...REMINDER_DAYS].reverse().find((d) => left <= d);
}

/** A booking that falls after the day a document it needs lapses. */
export interface BookingAtRisk {
  bookingId: string;
  shiftId: string;
  practiceId: string;
  start: string;
  end: string;
}

/** A required document of a clinician that lapses (or has lapsed), and the bookings that fall after. */
export interface Lapse {
  clinicianId: string;
  name: string;
  type: DocumentType;
  /** The first London day it no longer counts. */
  expiresOn: string;
  /** The document whose lapse it is; absent for a date an admin recorded in v1's fields. */
  documentId?: string;
  bookings: BookingAtRisk[];
}
