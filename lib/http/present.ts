import type { Caller } from '../domain/caller';
import type { DocumentType } from '../domain/documents';
import type { PensionSession } from '../domain/pension';
import type { Summary } from '../domain/report-summary';
import type { Lapse } from '../domain/requirements';
import { complianceState, daysBetween, evidenceItems } from '../domain/requirements';
import { toLocal } from '../domain/time';
import type {
  Booking,
  Clinician,
  Escalation,
  Invoice,
  Ir35Determination,
  Offer,
  PayrollExport,
  Practice,
  Shift,
  ShiftTemplate,
  TimeOff,
  Timesheet,
} from '../domain/types';
import type { BookingRecord, MatchesRecord, OfferRecord } from '../schemas/booking';
import type { ClinicianRecord } from '../schemas/clinician-record';
import type { AtRiskRecord } from '../schemas/compliance';
import type { DocumentRecord } from '../schemas/documents';
import type { EscalationRecord } from '../schemas/escalation';
import type { InvoiceRecord, PensionAtRiskRecord } from '../schemas/invoices';
import type { Ir35Record } from '../schemas/ir35';
import type { ExportRecord, ReportRecord } from '../schemas/payroll';
import type { PracticeDetails, PracticeRecord } from '../schemas/practice';
import type { BulkPostRecord, RotaRecord, TemplateRecord } from '../schemas/rota';
import type { ShiftRecord } from '../schemas/shift';
import type { TimeOffRecord } from '../schemas/time-off';
import type { TimesheetRecord } from '../schemas/timesheet';
import type { EvidenceDocument } from '../store/documents';

/*
 * The replies the contract declares, built field by field from the domain
 * records: whatever the store or the domain adds to a record (its
 * organisation, an offer's round, a shift's poster) stays behind unless it is
 * named here, and each output type is the reply schema the route declares.
 */

/**
 * A clinician reads a shift without the other clinicians on it: the booking
 * only if it is theirs, and never who cancelled it (`excludedClinicianIds`).
 */
export function presentShift(s: Shift, viewer?: Pick<Caller, 'role' | 'clinicianId'>): ShiftRecord {
  const booking =
    s.booking && (viewer?.role !== 'clinician' || s.booking.clinicianId === viewer.clinicianId)
      ? { id: s.booking.id, clinicianId: s.booking.clinicianId }
      : undefined;
  return {
    id: s.id,
    practiceId: s.practiceId,
    role: s.role,
    skills: s.skills,
    start: s.start,
    end: s.end,
    localStart: toLocal(s.start),
    localEnd: toLocal(s.end),
    breakMinutes: s.breakMinutes,
    hourlyRatePence: s.hourlyRatePence,
    notes: s.notes,
    cascadeMinutes: s.cascadeMinutes,
    status: s.status,
    postedAt: s.postedAt,
    booking,
    templateId: s.templateId,
    excludedClinicianIds: viewer?.role === 'clinician' ? undefined : s.excludedClinicianIds,
    filledAt: s.filledAt,
    cancelledAt: s.cancelledAt,
    cancelReason: s.cancelReason,
  };
}

/**
 * v1's fields from everything on file, so a verified document shows as a
 * recorded date would: the latest DBS check, and the latest-lapsing training
 * (BLS), indemnity and right to work.
 */
function presentCompliance(c: Clinician): ClinicianRecord['compliance'] {
  const items = evidenceItems(c);
  const best = (type: DocumentType) => {
    const held = items.filter((i) => i.type === type);
    if (!held.length) return { held: false, until: undefined };
    return {
      held: true,
      until: held.some((i) => !i.validUntil)
        ? undefined
        : held
            .map((i) => i.validUntil!)
            .sort()
            .at(-1),
    };
  };
  const dbs = items
    .filter((i) => i.type === 'dbs' && i.issuedOn)
    .map((i) => i.issuedOn!)
    .sort()
    .at(-1);
  const rightToWork = best('right-to-work');
  const state = complianceState(c);
  return {
    dbsCheckedOn: dbs ?? c.compliance.dbsCheckedOn,
    trainingExpires: best('training-bls').until,
    indemnityExpires: best('indemnity').until,
    rightToWork: rightToWork.held,
    rightToWorkExpires: rightToWork.until,
    required: state.required,
    missing: state.missing,
    validUntil: Object.fromEntries(state.types.flatMap((t) => (t.validUntil ? [[t.type, t.validUntil]] : []))),
  };
}

export function presentClinician(c: Clinician): ClinicianRecord {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    roles: c.roles,
    skills: c.skills,
    home: c.home && { lat: c.home.lat, lon: c.home.lon, postcode: c.home.postcode },
    maxTravelKm: c.maxTravelKm,
    registration: c.registration && {
      body: c.registration.body as NonNullable<ClinicianRecord['registration']>['body'],
      number: c.registration.number,
      expires: c.registration.expires,
    },
    compliance: presentCompliance(c),
    employment: c.employment,
    ...(c.pension ? { pension: { member: c.pension.member, schemeRef: c.pension.schemeRef } } : {}),
    payrollId: c.payrollId,
    preferredPracticeIds: c.preferredPracticeIds,
    blockedPracticeIds: c.blockedPracticeIds,
    availability: c.availability?.map((w) => ({ day: w.day, from: w.from, to: w.to })),
    maxWeeklyHours: c.maxWeeklyHours,
    notify: c.notify,
    // Absent for clinicians from before numbers were proved: they count as proved.
    phoneVerified: c.phoneVerified !== false,
    smsOptedOut: c.smsOptedOut,
    lateCancellations: c.lateCancellations,
    completedShifts: c.completedShifts,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    bookableUntil: complianceState(c).bookableUntil,
    status: c.status,
    disabledAt: c.disabledAt,
    disabledReason: c.disabledReason,
    approvedAt: c.approvedAt,
    approvedBy: c.approvedBy,
  };
}

export function presentPractice(p: Practice): PracticeRecord {
  return {
    id: p.id,
    name: p.name,
    odsCode: p.odsCode,
    pcn: p.pcn,
    address: p.address,
    postcode: p.postcode,
    lat: p.lat,
    lon: p.lon,
    costCentre: p.costCentre,
    email: p.email,
    phone: p.phone,
    notes: p.notes,
    createdAt: p.createdAt,
    maxHourlyRatePence: p.maxHourlyRatePence,
    requirements: p.requirements ?? [],
  };
}

export function presentPracticeDetails(p: Practice): PracticeDetails {
  return { name: p.name, address: p.address, postcode: p.postcode, phone: p.phone, notes: p.notes };
}

export function presentEscalation(e: Escalation): EscalationRecord {
  return {
    id: e.id,
    shiftId: e.shiftId,
    practiceId: e.practiceId,
    role: e.role,
    status: e.status,
    fromPence: e.fromPence,
    toPence: e.toPence,
    capPence: e.capPence,
    reason: e.reason,
    requestedBy: e.requestedBy,
    requestedAt: e.requestedAt,
    decidedBy: e.decidedBy,
    decidedAt: e.decidedAt,
    decisionReason: e.decisionReason,
  };
}

/** Where the file is kept is the store's business. */
export function presentExport(e: PayrollExport): ExportRecord {
  return {
    id: e.id,
    from: e.from,
    to: e.to,
    status: e.status,
    rows: e.rows,
    totalPence: e.totalPence,
    createdAt: e.createdAt,
    createdBy: e.createdBy,
    finishedAt: e.finishedAt,
    reason: e.reason,
    retries: e.retries,
    retriedAt: e.retriedAt,
    bytes: e.bytes,
  };
}

/** An offer's round and its copied summary are how the accept finds its shift, not part of the offer. */
export function presentOffer(
  o: Offer,
  shift?: Shift & { practiceName?: string; practice?: Practice; totalPence?: number },
  viewer?: Pick<Caller, 'role' | 'clinicianId'>,
): OfferRecord {
  return {
    id: o.id,
    shiftId: o.shiftId,
    clinicianId: o.clinicianId,
    code: o.code,
    status: o.status,
    wave: o.wave,
    createdAt: o.createdAt,
    expiresAt: o.expiresAt,
    decidedAt: o.decidedAt,
    bookingId: o.bookingId,
    shift: shift && {
      ...presentShift(shift, viewer),
      practiceName: shift.practiceName,
      practice: shift.practice && presentPracticeDetails(shift.practice),
      totalPence: shift.totalPence,
    },
  };
}

export function presentBooking(
  b: Booking,
  details?: { practice?: Practice; shift: Shift; totalPence: number },
): BookingRecord {
  return {
    id: b.id,
    shiftId: b.shiftId,
    offerId: b.offerId,
    clinicianId: b.clinicianId,
    practiceId: b.practiceId,
    status: b.status,
    bookedAt: b.bookedAt,
    start: b.start,
    end: b.end,
    cancelledAt: b.cancelledAt,
    cancelledBy: b.cancelledBy,
    cancelReason: b.cancelReason,
    timesheetId: b.timesheetId,
    ...(details && {
      localStart: toLocal(details.shift.start),
      localEnd: toLocal(details.shift.end),
      breakMinutes: details.shift.breakMinutes,
      hourlyRatePence: details.shift.hourlyRatePence,
      totalPence: details.totalPence,
      practice: details.practice && presentPracticeDetails(details.practice),
    }),
  };
}

const times = (t: { start: string; end: string; breakMinutes: number }) => ({
  start: t.start,
  end: t.end,
  breakMinutes: t.breakMinutes,
});

export function presentTimesheet(t: Timesheet): TimesheetRecord {
  return {
    id: t.id,
    bookingId: t.bookingId,
    shiftId: t.shiftId,
    clinicianId: t.clinicianId,
    practiceId: t.practiceId,
    start: t.start,
    end: t.end,
    breakMinutes: t.breakMinutes,
    paidMinutes: t.paidMinutes,
    hourlyRatePence: t.hourlyRatePence,
    bankHoliday: t.bankHoliday,
    grossPence: t.grossPence,
    employment: t.employment,
    lineType: t.lineType ?? 'shift',
    status: t.status,
    submittedAt: t.submittedAt,
    resubmittedAt: t.resubmittedAt,
    decidedAt: t.decidedAt,
    decidedBy: t.decidedBy,
    rejectReason: t.rejectReason,
    exportId: t.exportId,
    exportedAt: t.exportedAt,
    invoiceId: t.invoiceId,
    invoicedAt: t.invoicedAt,
    // The store derives these for timesheets kept before they existed (withDerived); the fallbacks say the same.
    booked: times(t.booked ?? { start: t.start, end: t.end, breakMinutes: t.breakMinutes }),
    variance: { minutes: t.variance?.minutes ?? 0, pence: t.variance?.pence ?? 0 },
    note: t.note,
    queryNote: t.queryNote,
    queriedAt: t.queriedAt,
    queriedBy: t.queriedBy,
    amendment: t.amendment && {
      by: t.amendment.by,
      at: t.amendment.at,
      note: t.amendment.note,
      from: times(t.amendment.from),
      to: times(t.amendment.to),
    },
    mileageMiles: t.mileageMiles,
    mileagePence: t.mileagePence,
    expenses: t.expenses?.map((e) => ({ description: e.description, amountPence: e.amountPence })),
    totalPence: t.totalPence ?? t.grossPence,
  };
}

type Candidate = MatchesRecord['candidates'][number];
type Excluded = MatchesRecord['excluded'][number];

export function presentMatches(m: {
  candidates: readonly Candidate[];
  excluded: readonly Excluded[];
  role?: MatchesRecord['role'];
  beyondTravel?: number;
}): MatchesRecord {
  return {
    role: m.role,
    beyondTravel: m.beyondTravel,
    candidates: m.candidates.map((c) => ({
      clinicianId: c.clinicianId,
      name: c.name,
      distanceKm: c.distanceKm,
      score: c.score,
      preferred: c.preferred,
      offered: c.offered,
      reasons: [...c.reasons],
    })),
    excluded: m.excluded.map((e) => ({
      clinicianId: e.clinicianId,
      name: e.name,
      ...(e.distanceKm === undefined ? {} : { distanceKm: e.distanceKm }),
      reasons: [...e.reasons],
      ...(e.details ? { details: { missing: [...e.details.missing], lapsed: [...e.details.lapsed] } } : {}),
    })),
  };
}

export function presentReport(r: Summary): ReportRecord {
  const counts = (c: { shiftsPosted: number; shiftsFilled: number; fillRate: number }) => ({
    shiftsPosted: c.shiftsPosted,
    shiftsFilled: c.shiftsFilled,
    fillRate: c.fillRate,
  });
  return {
    from: r.from,
    to: r.to,
    ...counts(r),
    shiftsCancelled: r.shiftsCancelled,
    medianMinutesToFill: r.medianMinutesToFill,
    spendPence: r.spendPence,
    byPractice: r.byPractice.map((p) => ({
      practiceId: p.practiceId,
      name: p.name,
      ...counts(p),
      medianMinutesToFill: p.medianMinutesToFill,
      spendPence: p.spendPence,
    })),
    byWeek: r.byWeek.map((w) => ({ weekStart: w.weekStart, ...counts(w) })),
    series: r.series?.map((p) => ({ period: p.period, ...counts(p), spendPence: p.spendPence })),
  };
}

export function presentTemplate(t: ShiftTemplate): TemplateRecord {
  return {
    id: t.id,
    practiceId: t.practiceId,
    name: t.name,
    role: t.role,
    skills: t.skills,
    sessions: t.sessions.map((x) => ({ from: x.from, to: x.to, breakMinutes: x.breakMinutes })),
    hourlyRatePence: t.hourlyRatePence,
    notes: t.notes,
    cascadeMinutes: t.cascadeMinutes,
    createdAt: t.createdAt,
  };
}

export function presentIr35(d: Ir35Determination): Ir35Record {
  return {
    clinicianId: d.clinicianId,
    practiceId: d.practiceId,
    determination: d.determination,
    reason: d.reason,
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt,
  };
}

export function presentTimeOff(t: TimeOff): TimeOffRecord {
  return { id: t.id, from: t.from, to: t.to, reason: t.reason, createdAt: t.createdAt };
}

export function presentRota(r: RotaRecord): RotaRecord {
  return {
    days: r.days.map((d) => ({
      date: d.date,
      shifts: d.shifts.map((x) => ({
        id: x.id,
        practiceId: x.practiceId,
        role: x.role,
        localStart: x.localStart,
        localEnd: x.localEnd,
        status: x.status,
        clinicianName: x.clinicianName,
        hourlyRatePence: x.hourlyRatePence,
      })),
    })),
  };
}

export function presentBulkPost(
  r: { shifts: readonly Shift[]; skipped: readonly BulkPostRecord['skipped'][number][] },
  viewer: Pick<Caller, 'role' | 'clinicianId'>,
): BulkPostRecord {
  return {
    shifts: r.shifts.map((x) => presentShift(x, viewer)),
    skipped: r.skipped.map((x) => ({ date: x.date, session: x.session, reason: x.reason, message: x.message })),
  };
}

export function presentInvoice(i: Invoice): InvoiceRecord {
  return {
    id: i.id,
    number: i.number,
    clinicianId: i.clinicianId,
    practiceId: i.practiceId,
    month: i.month,
    lines: i.lines.map(({ timesheetId, date, hours, amountPence, lineType }) => ({
      timesheetId,
      date,
      hours,
      amountPence,
      lineType,
    })),
    feePence: i.feePence,
    mileagePence: i.mileagePence,
    expensesPence: i.expensesPence,
    pensionablePence: i.pensionablePence,
    employerPensionPence: i.employerPensionPence,
    totalPence: i.totalPence,
    status: i.status,
    issuedAt: i.issuedAt,
    paidAt: i.paidAt,
    formASignedAt: i.formASignedAt,
    formASignedBy: i.formASignedByEmail ?? i.formASignedBy,
  };
}

export function presentPensionAtRisk(s: PensionSession): PensionAtRiskRecord {
  return {
    timesheetId: s.timesheet.id,
    clinicianId: s.timesheet.clinicianId,
    clinicianName: s.clinician.name,
    practiceId: s.timesheet.practiceId,
    date: s.date,
    deadline: s.deadline,
    invoiceId: s.invoice?.id,
    missing: s.missing,
  };
}

export function presentDocument(d: EvidenceDocument): DocumentRecord {
  const decided =
    d.status === 'verified' ? 'verified' : d.status === 'rejected' || d.status === 'invalid' ? 'rejected' : undefined;
  return {
    id: d.id,
    clinicianId: d.clinicianId,
    type: d.type,
    status: d.status,
    issuedOn: d.issuedOn,
    expiresOn: d.expiresOn,
    fileName: d.fileName,
    contentType: d.contentType,
    bytes: d.bytes,
    uploaded: Boolean(d.uploadedAt),
    createdAt: d.createdAt,
    ...(decided === 'verified' ? { verifiedBy: d.decidedBy, verifiedAt: d.decidedAt } : {}),
    ...(decided === 'rejected' ? { rejectedBy: d.decidedBy, rejectedAt: d.decidedAt, reason: d.reason } : {}),
  };
}

export function presentAtRisk(l: Lapse, today: string): AtRiskRecord {
  const daysLeft = daysBetween(today, l.expiresOn);
  return {
    clinicianId: l.clinicianId,
    name: l.name,
    documentType: l.type,
    expiresOn: l.expiresOn,
    lapsed: daysLeft <= 0,
    daysLeft,
    documentId: l.documentId,
    bookings: l.bookings.map((b) => ({
      bookingId: b.bookingId,
      shiftId: b.shiftId,
      practiceId: b.practiceId,
      start: b.start,
      end: b.end,
      localStart: toLocal(b.start),
      localEnd: toLocal(b.end),
    })),
  };
}
