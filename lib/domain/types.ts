/**
 * The marketplace's records as the domain sees them. Instants are UTC ISO 8601
 * strings (`2026-12-03T08:30:00.000Z`), dates are London calendar dates
 * (`2026-12-03`), money is integer pence.
 */

import type { DocumentType } from './document-types';

/** A verified document's dates, as the profile keeps them. */
export interface VerifiedEvidence {
  documentId: string;
  type: DocumentType;
  issuedOn?: string;
  expiresOn?: string;
  verifiedAt: string;
}

export const ROLES = [
  'gp',
  'anp',
  'practice-nurse',
  'hca',
  'paramedic',
  'pharmacist',
  'msk-practitioner',
  'health-coach',
  'phlebotomist',
] as const;
export type Role = (typeof ROLES)[number];

export const USER_ROLES = ['admin', 'manager', 'clinician', 'hr'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const EXCLUSION_REASONS = [
  'ROLE',
  'SKILLS',
  'DISTANCE',
  'COMPLIANCE',
  'AVAILABILITY',
  'CLASH',
  'REST',
  'WEEKLY_HOURS',
  'BLOCKED',
  /** The clinician has left the bank (`POST /clinicians/{id}/disable`). */
  'DISABLED',
  'TRAVEL',
  /** A limited-company clinician the shift's practice has not yet made an off-payroll (IR35) determination for. */
  'IR35',
  /** Joined by invite and not yet approved into the bank by HR (`POST /clinicians/{id}/approve`). */
  'APPLICANT',
] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

export const NOTIFICATION_KINDS = [
  'offer',
  'booking-confirmed',
  'booking-cancelled',
  'shift-cancelled',
  'reminder',
  'sms-reply',
  'timesheet-approved',
  'shift-filled',
  /** By email: a clinician added to a bank whose address already signs in to another organisation's. */
  'sign-in-elsewhere',
  'phone-verify',
  'timesheet-queried',
  'timesheet-rejected',
  /** To a clinician holding a live offer whose shift's rate went up. */
  'rate-raised',
  /** To a clinician, 30, 14 and 3 days before a required document lapses. */
  'compliance-expiring',
  /** To the managers of a practice holding a booking that falls after its clinician's document lapses. */
  'booking-at-risk',
  /** By email: an invitation to join the bank (`POST /invites`). */
  'invite',
  /** The 10-week pension watchdog: to the practice at 4 and 6 weeks, to the locum at 8. */
  'pension-form-due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type Channel = 'sms' | 'email';
/** `bank`: a worker paid through payroll (PAYE); the others invoice and never appear in payroll. */
export const EMPLOYMENTS = ['bank', 'self-employed', 'limited-company'] as const;
export type Employment = (typeof EMPLOYMENTS)[number];
/** Paid through payroll: a bank worker, or a timesheet from before employment was recorded on it (paid as one). */
export function paidThroughPayroll(employment: Employment | undefined): boolean {
  return employment === undefined || employment === 'bank';
}

/** What a timesheet pays for: hours worked, or the fee a late cancellation owes. */
export const LINE_TYPES = ['shift', 'cancellation-fee'] as const;
export type LineType = (typeof LINE_TYPES)[number];

export const IR35_DETERMINATIONS = ['inside', 'outside'] as const;
export type Ir35Outcome = (typeof IR35_DETERMINATIONS)[number];

/** A practice's off-payroll (IR35) determination for a limited-company clinician: who decided, when and why. */
export interface Ir35Determination {
  orgId: string;
  clinicianId: string;
  practiceId: string;
  determination: Ir35Outcome;
  reason: string;
  /** The user id of whoever recorded it. */
  decidedBy: string;
  decidedAt: string;
}

/** Membership of the NHS Pension Scheme (a locum GP's fees are pensioned by Form A/B). */
export interface PensionMembership {
  member: boolean;
  /** The scheme reference (SD number for a locum GP). */
  schemeRef?: string;
}

export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Gross pay on an England and Wales bank holiday, unless the organisation sets its own. */
export const DEFAULT_BANK_HOLIDAY_UPLIFT = 1.5;

/** A practice cancelling a filled shift closer than this many hours to its start owes the clinician a fee. */
export const DEFAULT_LATE_CANCELLATION_HOURS = 48;
/** That fee, in hours at the shift's rate. */
export const DEFAULT_LATE_CANCELLATION_FEE_HOURS = 2;

export interface Organisation {
  id: string;
  name: string;
  /** Multiplier applied to gross pay for shifts starting on a bank holiday. */
  bankHolidayUplift: number;
  /** A practice cancelling a filled shift closer than this to its start owes the clinician a fee (default 48). */
  lateCancellationHours?: number;
  /** That fee, in hours at the shift's rate (default 2). */
  lateCancellationFeeHours?: number;
}

export interface Practice extends GeoPoint {
  orgId: string;
  id: string;
  name: string;
  odsCode: string;
  pcn?: string;
  address?: string;
  postcode?: string;
  costCentre?: string;
  email?: string;
  /** The number a locum rings on the day, as the practice gives it. */
  phone?: string;
  /** Parking, door codes, the clinical system: what a locum needs on arrival. */
  notes?: string;
  createdAt: string;
  /** Per role, the highest hourly rate a manager may set without an admin's approval; a role absent has no cap. */
  maxHourlyRatePence?: Partial<Record<Role, number>>;
  /** Document types required of everyone for work here, beyond each clinician's own. */
  requirements?: DocumentType[];
}

export type EscalationStatus = 'pending' | 'approved' | 'rejected';

/** A manager's raise of a shift's rate above the practice's cap, waiting for (or given) an admin's decision. */
export interface Escalation {
  orgId: string;
  id: string;
  shiftId: string;
  practiceId: string;
  role: Role;
  status: EscalationStatus;
  fromPence: number;
  toPence: number;
  /** The cap it went over. */
  capPence: number;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  decisionReason?: string;
}

/** Whole London days off, `from` to `to` inclusive. */
export interface TimeOff {
  id: string;
  from: string;
  to: string;
  reason?: string;
  createdAt: string;
}

export interface AvailabilityWindow {
  day: Weekday;
  /** London wall clock, `HH:mm`. */
  from: string;
  /** London wall clock, `HH:mm`; `24:00` means end of day. */
  to: string;
}

export interface Registration {
  body: string;
  number: string;
  /** Date the registration lapses, if known. */
  expires?: string;
}

export interface Compliance {
  /** Date of the last enhanced DBS check; valid for three years. */
  dbsCheckedOn?: string;
  trainingExpires?: string;
  indemnityExpires?: string;
  rightToWork: boolean;
  /** Only for time-limited leave to remain. */
  rightToWorkExpires?: string;
}

/** Who recorded a check without a file: a user of the bank, or the clinician when they joined by invite. */
export interface RecordedCheck {
  at: string;
  /** The user (admin or HR) who typed it in. */
  userId?: string;
  /** Given by the applicant themselves as they joined. */
  byClinician?: true;
}

export interface Clinician {
  orgId: string;
  id: string;
  name: string;
  email: string;
  /** E.164. */
  phone: string;
  roles: Role[];
  skills: string[];
  /**
   * Where they travel from. Absent only for an applicant who joined without
   * giving it (API.md's accept names `{name, phone}` alone): approval waits
   * for it, so everyone matched has one.
   */
  home?: GeoPoint & { postcode?: string };
  maxTravelKm: number;
  registration?: Registration;
  /** v1's dates typed in by an admin: they count as verified documents without a file for the types they cover. */
  compliance: Compliance;
  /**
   * Who typed in each check v1's fields record (registration included), and
   * when, by the check's document type: the evidence pack names them. Absent
   * for checks recorded before this was kept.
   */
  complianceRecorded?: Partial<Record<DocumentType, RecordedCheck>>;
  /**
   * Every verified document's dates, kept on the profile (and so in the
   * location index) as it is verified, so matching derives compliance
   * without reading the documents.
   */
  evidence?: VerifiedEvidence[];
  /** Joined by invite: their roles' documents (DOMAIN.md) are required rather than v1's set. */
  joinedByInvite?: boolean;
  employment: Employment;
  pension?: PensionMembership;
  /**
   * The current IR35 determination of each practice that has made one, by
   * practice id; on the profile (and so in the location index) so matching
   * judges it without another read. Earlier ones are kept as separate items.
   */
  ir35?: Record<string, { determination: Ir35Outcome; decidedAt: string }>;
  payrollId?: string;
  preferredPracticeIds: string[];
  blockedPracticeIds: string[];
  /** Absent means available at any time. */
  availability?: AvailabilityWindow[];
  maxWeeklyHours: number;
  /** Periods the clinician is away, current and future ones only (past ones are dropped as new ones are added). */
  timeOff?: TimeOff[];
  notify: Channel[];
  /** Set by an SMS `STOP`; cleared by `START`. */
  smsOptedOut?: boolean;
  /**
   * False from when a number is given until a bare `YES` comes from it; until
   * then it gets no offers and acts for nobody. Absent (clinicians from
   * before numbers were proved) counts as proved.
   */
  phoneVerified?: boolean;
  /** Cancellations within 48 hours of a shift's start. */
  lateCancellations: number;
  completedShifts: number;
  /**
   * Absent means active. A disabled clinician has left the bank; an applicant
   * joined by invite and awaits HR's approval. Neither is ever matched, offered or booked.
   */
  status?: 'active' | 'disabled' | 'applicant';
  /** An applicant's approval into the bank: when, and by which user. */
  approvedAt?: string;
  approvedBy?: string;
  disabledAt?: string;
  disabledReason?: string;
  createdAt: string;
  updatedAt: string;
}

export type ShiftStatus = 'open' | 'filled' | 'cancelled';

export interface Shift {
  orgId: string;
  id: string;
  practiceId: string;
  role: Role;
  skills: string[];
  /** UTC instant. */
  start: string;
  /** UTC instant. */
  end: string;
  breakMinutes: number;
  hourlyRatePence: number;
  notes?: string;
  cascadeMinutes: number;
  status: ShiftStatus;
  postedAt: string;
  postedBy: string;
  booking?: { id: string; clinicianId: string };
  /** The template it was posted from, in bulk. */
  templateId?: string;
  /** Starts at 1; each reopening after a cancelled booking starts a new round of offers. */
  round?: number;
  /** Clinicians not to offer it to again (they cancelled their booking of it). */
  excludedClinicianIds?: string[];
  filledAt?: string;
  cancelledAt?: string;
  cancelReason?: string;
}

/** A practice's usual session pattern, from which many shifts are posted at once. */
export interface ShiftTemplate {
  orgId: string;
  id: string;
  practiceId: string;
  name: string;
  role: Role;
  skills: string[];
  sessions: { from: string; to: string; breakMinutes: number }[];
  hourlyRatePence: number;
  notes?: string;
  cascadeMinutes: number;
  createdAt: string;
  createdBy: string;
}

/** A confirmed booking as seen from a clinician's schedule: what clashes, rest and weekly hours are judged on. */
export interface BookedInterval {
  bookingId: string;
  shiftId: string;
  start: string;
  end: string;
  /** Where the shift is, for the drive to another booking the same day; absent on entries written before it was kept. */
  site?: Site;
}

/** A practice's place, as a booking carries it for the TRAVEL rule. */
export interface Site extends GeoPoint {
  practiceId: string;
}

export type OfferStatus = 'live' | 'accepted' | 'declined' | 'expired' | 'withdrawn';

export interface Offer {
  orgId: string;
  id: string;
  shiftId: string;
  clinicianId: string;
  code: string;
  status: OfferStatus;
  /** 0 for a manager's named offer; 1, 2, ... for the cascade's waves. */
  wave: number;
  /** Which opening of the shift the offer belongs to: a shift reopened by a cancellation is offered afresh. */
  round: number;
  createdAt: string;
  expiresAt: string;
  decidedAt?: string;
  /** Set when accepted. */
  bookingId?: string;
  /** The fan-out outbox record that withdrew it, and told its clinician so. */
  withdrawnBy?: string;
  /**
   * What the clinician was offered, copied when the offer was made, so an
   * accept reads one item for it instead of the shift and the practice; the
   * accept's transaction still checks the shift itself is open.
   */
  summary?: OfferSummary;
}

export interface OfferSummary {
  practiceId: string;
  practiceName: string;
  practiceEmail?: string;
  practiceAddress?: string;
  role: Role;
  skills: string[];
  start: string;
  end: string;
  hourlyRatePence: number;
  /** When the shift was posted, for the time-to-fill metric at accept; absent on offers made before it was copied. */
  postedAt?: string;
  /** The practice's place, for the TRAVEL rule at accept; absent on offers made before it was copied. */
  lat?: number;
  lon?: number;
  /** The practice's own required document types, for compliance at accept; absent on offers made before it was copied. */
  practiceRequirements?: DocumentType[];
}

export type BookingStatus = 'confirmed' | 'cancelled';

export interface Booking {
  orgId: string;
  id: string;
  shiftId: string;
  offerId?: string;
  clinicianId: string;
  practiceId: string;
  status: BookingStatus;
  bookedAt: string;
  start: string;
  end: string;
  cancelledAt?: string;
  cancelledBy?: string;
  cancelReason?: string;
  /** Its one timesheet: the claim for the work, or the fee owed when the practice cancelled it late. */
  timesheetId?: string;
}

export type TimesheetStatus = 'submitted' | 'queried' | 'approved' | 'rejected' | 'exported';

/** Times worked or booked: UTC instants and the unpaid break. */
export interface TimesheetTimes {
  start: string;
  end: string;
  breakMinutes: number;
}

/** An approver's change to the times, kept with the timesheet as in the audit. */
export interface TimesheetAmendment {
  by: string;
  at: string;
  note: string;
  from: TimesheetTimes;
  to: TimesheetTimes;
}

export interface Timesheet {
  orgId: string;
  id: string;
  bookingId: string;
  shiftId: string;
  clinicianId: string;
  practiceId: string;
  start: string;
  end: string;
  breakMinutes: number;
  paidMinutes: number;
  hourlyRatePence: number;
  bankHoliday: boolean;
  grossPence: number;
  status: TimesheetStatus;
  submittedAt: string;
  /** When the clinician last submitted it again, after changing it. */
  resubmittedAt?: string;
  decidedAt?: string;
  decidedBy?: string;
  rejectReason?: string;
  exportId?: string;
  /** The invoice this timesheet is on (self-employed and limited-company work): set once, ever. */
  invoiceId?: string;
  invoicedAt?: string;
  /** The booked start of the shift: what payroll periods and reports go by, whatever time was worked. */
  shiftStart?: string;
  /** The clinician's employment when they submitted: what payroll pays them as. */
  employment?: Employment;
  /** Absent on timesheets from before cancellation fees: a `shift`. */
  lineType?: LineType;
  exportedAt?: string;
  /**
   * The booking's times and the shift's break, which the claim is measured
   * against. Timesheets stored before these fields existed gain them (and
   * `variance`, `totalPence`, `revision`) when read: see `withDerived`.
   */
  booked?: TimesheetTimes;
  /** The current times (after any amendment) less the booking's. */
  variance?: { minutes: number; pence: number };
  /** The clinician's note with their claim. */
  note?: string;
  /** Why the practice queried it, who and when (the last query). */
  queryNote?: string;
  queriedAt?: string;
  queriedBy?: string;
  amendment?: TimesheetAmendment;
  mileageMiles?: number;
  /** At 45p a mile. */
  mileagePence?: number;
  expenses?: { description: string; amountPence: number }[];
  /** Gross pay, mileage and expenses: what the timesheet pays once approved. */
  totalPence?: number;
  /** Counts every change of times or status: a decision holds only on the revision its maker read. */
  revision?: number;
}

export type InvoiceStatus = 'issued' | 'paid';

export interface InvoiceLine {
  timesheetId: string;
  /** The shift's London date. */
  date: string;
  hours: number;
  /** What the line pays: the fee, mileage and expenses. */
  amountPence: number;
  /** The fee alone, what Form A lists (mileage and expenses are not pensionable); absent on invoices made before it was kept. */
  feePence?: number;
  lineType: LineType;
}

/** One clinician's invoice to one practice for one month's approved work. */
export interface Invoice {
  orgId: string;
  id: string;
  /** `RB-<initials>-0001`, sequential per clinician. */
  number: string;
  clinicianId: string;
  practiceId: string;
  /** `YYYY-MM`, London. */
  month: string;
  lines: InvoiceLine[];
  feePence: number;
  mileagePence: number;
  expensesPence: number;
  pensionablePence: number;
  employerPensionPence: number;
  /** Every line and the employer pension contribution. */
  totalPence: number;
  status: InvoiceStatus;
  issuedAt: string;
  paidAt?: string;
  paidBy?: string;
  /** When the practice certified (signed) the locum's Form A for this invoice, and who: a user id and their email. */
  formASignedAt?: string;
  formASignedBy?: string;
  formASignedByEmail?: string;
}

export type PayrollExportStatus = 'running' | 'ready' | 'failed';

/** One payroll export: the timesheets it paid are its rows; the CSV is written once they are all claimed. */
export interface PayrollExport {
  orgId: string;
  id: string;
  /** London dates, inclusive: shifts starting on these days. */
  from: string;
  to: string;
  status: PayrollExportStatus;
  rows: number;
  totalPence: number;
  createdAt: string;
  createdBy: string;
  finishedAt?: string;
  /** Why a failed export failed. */
  reason?: string;
  /** How many times HR retried it after it failed, and when last. */
  retries?: number;
  retriedAt?: string;
  /** Where the CSV is, in the exports bucket or folder. */
  fileKey?: string;
  bytes?: number;
}

/** A notification waiting to be published; written in the same transaction as the change it reports. */
export interface OutboxMessage {
  orgId: string;
  id: string;
  kind: NotificationKind;
  channel: Channel;
  /** E.164 number or email address. */
  to: string;
  subject?: string;
  body: string;
  createdAt: string;
}
