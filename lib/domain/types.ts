/**
 * The marketplace's records as the domain sees them. Instants are UTC ISO 8601
 * strings (`2026-12-03T08:30:00.000Z`), dates are London calendar dates
 * (`2026-12-03`), money is integer pence.
 */

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
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type Channel = 'sms' | 'email';
export type Employment = 'bank' | 'self-employed';

export interface GeoPoint {
  lat: number;
  lon: number;
}

/** Gross pay on an England and Wales bank holiday, unless the organisation sets its own. */
export const DEFAULT_BANK_HOLIDAY_UPLIFT = 1.5;

export interface Organisation {
  id: string;
  name: string;
  /** Multiplier applied to gross pay for shifts starting on a bank holiday. */
  bankHolidayUplift: number;
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

export interface Clinician {
  orgId: string;
  id: string;
  name: string;
  email: string;
  /** E.164. */
  phone: string;
  roles: Role[];
  skills: string[];
  home: GeoPoint & { postcode?: string };
  maxTravelKm: number;
  registration?: Registration;
  compliance: Compliance;
  employment: Employment;
  payrollId?: string;
  preferredPracticeIds: string[];
  blockedPracticeIds: string[];
  /** Absent means available at any time. */
  availability?: AvailabilityWindow[];
  maxWeeklyHours: number;
  notify: Channel[];
  /** Set by an SMS `STOP`; cleared by `START`. */
  smsOptedOut?: boolean;
  /** Cancellations within 48 hours of a shift's start. */
  lateCancellations: number;
  completedShifts: number;
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
}

export type TimesheetStatus = 'submitted' | 'approved' | 'rejected' | 'exported';

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
  decidedAt?: string;
  decidedBy?: string;
  rejectReason?: string;
  exportId?: string;
  /** The booked start of the shift: what payroll periods and reports go by, whatever time was worked. */
  shiftStart?: string;
  /** The clinician's employment when they submitted: what payroll pays them as. */
  employment?: Employment;
  exportedAt?: string;
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
