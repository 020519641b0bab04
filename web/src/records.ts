/** The records as the contract (API.md) presents them to clients. */

export interface Shift {
  id: string;
  practiceId: string;
  role: string;
  skills: string[];
  start: string;
  end: string;
  localStart: string;
  localEnd: string;
  breakMinutes: number;
  hourlyRatePence: number;
  notes?: string;
  cascadeMinutes: number;
  status: 'open' | 'filled' | 'cancelled';
  postedAt: string;
  booking?: { id: string; clinicianId: string };
  cancelReason?: string;
}

export interface AvailabilityWindow {
  day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  from: string;
  to: string;
}

export interface Clinician {
  id: string;
  name: string;
  email: string;
  phone: string;
  roles: string[];
  skills: string[];
  /** Absent only for an applicant who joined without giving it. */
  home?: { lat: number; lon: number; postcode?: string };
  maxTravelKm: number;
  compliance: {
    dbsCheckedOn?: string;
    trainingExpires?: string;
    indemnityExpires?: string;
    rightToWork: boolean;
    rightToWorkExpires?: string;
    /** Derived from what is on file: the document types required of them, those missing, and when each held one stops counting. */
    required: string[];
    missing: string[];
    validUntil: Record<string, string>;
  };
  registration?: { body: string; number: string; expires?: string };
  employment: 'bank' | 'self-employed' | 'limited-company';
  pension?: { member: boolean; schemeRef?: string };
  payrollId?: string;
  preferredPracticeIds: string[];
  blockedPracticeIds: string[];
  availability?: AvailabilityWindow[];
  maxWeeklyHours: number;
  notify: ('sms' | 'email')[];
  bookableUntil?: string;
  phoneVerified?: boolean;
  status?: 'active' | 'disabled' | 'applicant';
  disabledAt?: string;
  disabledReason?: string;
}

export interface Candidate {
  clinicianId: string;
  name: string;
  distanceKm?: number;
  score?: number;
  preferred?: boolean;
  /** Already holds an offer of this opening of the shift. */
  offered?: boolean;
  reasons?: string[];
}

export interface Matches {
  candidates: Candidate[];
  excluded: { clinicianId: string; name?: string; distanceKm?: number; reasons: string[] }[];
}

/** What a clinician needs to get to a practice and start: on offers and bookings. */
export interface PracticeDetails {
  name: string;
  address?: string;
  postcode?: string;
  phone?: string;
  notes?: string;
}

export interface Offer {
  id: string;
  shiftId: string;
  clinicianId: string;
  code: string;
  status: 'live' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
  expiresAt: string;
  shift?: Shift & { practice?: PracticeDetails; totalPence?: number };
}

export interface Booking {
  id: string;
  shiftId: string;
  clinicianId: string;
  practiceId: string;
  status: 'confirmed' | 'cancelled';
  bookedAt: string;
  start: string;
  end: string;
  cancelledAt?: string;
  cancelReason?: string;
  shift?: Shift;
  localStart?: string;
  localEnd?: string;
  breakMinutes?: number;
  hourlyRatePence?: number;
  totalPence?: number;
  practice?: PracticeDetails;
}

export interface Timesheet {
  id: string;
  bookingId: string;
  shiftId: string;
  clinicianId: string;
  practiceId?: string;
  start: string;
  end: string;
  breakMinutes: number;
  paidMinutes: number;
  bankHoliday: boolean;
  grossPence: number;
  status: 'submitted' | 'queried' | 'approved' | 'rejected' | 'exported';
  rejectReason?: string;
  booked?: TimesheetTimes;
  variance?: { minutes: number; pence: number };
  note?: string;
  queryNote?: string;
  amendment?: { by: string; at: string; note: string; from: TimesheetTimes; to: TimesheetTimes };
  mileageMiles?: number;
  mileagePence?: number;
  expenses?: { description: string; amountPence: number }[];
  totalPence?: number;
}

export interface TimesheetTimes {
  start: string;
  end: string;
  breakMinutes: number;
}

export interface PayrollExport {
  id: string;
  from: string;
  to: string;
  status: 'running' | 'ready' | 'failed';
  rows?: number;
  totalPence?: number;
  createdAt?: string;
}

export interface Summary {
  shiftsPosted: number;
  shiftsFilled: number;
  fillRate: number;
  medianMinutesToFill?: number | null;
  spendPence: number;
  /** With `groupBy`: one entry per week or month. */
  series?: { period: string; shiftsPosted: number; shiftsFilled: number; fillRate: number; spendPence: number }[];
  byPractice: {
    practiceId: string;
    name?: string;
    shiftsPosted?: number;
    shiftsFilled?: number;
    fillRate?: number;
    medianMinutesToFill?: number | null;
    spendPence?: number;
  }[];
}

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'clinician' | 'hr';
  orgId: string;
  practiceIds?: string[];
  clinicianId?: string;
}

export interface OutboxMessage {
  id: string;
  channel: 'sms' | 'email';
  to: string;
  kind: string;
  body: string;
  at: string;
}

export interface RotaShift {
  id: string;
  practiceId: string;
  role: string;
  localStart: string;
  localEnd: string;
  status: 'open' | 'filled' | 'cancelled';
  clinicianName?: string;
  hourlyRatePence: number;
}

export interface RotaDay {
  date: string;
  shifts: RotaShift[];
}

export interface ShiftTemplate {
  id: string;
  practiceId: string;
  name: string;
  role: string;
  skills: string[];
  sessions: { from: string; to: string; breakMinutes: number }[];
  hourlyRatePence: number;
  notes?: string;
  cascadeMinutes: number;
  createdAt: string;
}

export interface BulkResult {
  shifts: Shift[];
  skipped: { date: string; session: string; reason: string; message: string }[];
}
