import { type DocumentedRoute, documented, type RouteKey, routeKey } from '../http/route';
import * as calendar from './calendar';
import * as clinicianChanges from './clinician-changes';
import * as clinicians from './clinicians';
import * as compliance from './compliance';
import * as documents from './documents';
import * as escalations from './escalations';
import * as invites from './invites';
import * as invoices from './invoices';
import * as payroll from './payroll';
import * as pension from './pension';
import * as practices from './practices';
import * as rota from './rota';
import * as shifts from './shifts';
import * as system from './system';
import * as timesheets from './timesheets';

export type {
  DocumentedRoute,
  FileReply,
  Method,
  Replies,
  ReplySpec,
  Route,
  RouteKey,
  RouteNeed,
  RouteSpec,
} from '../http/route';
export { errorStatuses, routeKey, tableAccessOf } from '../http/route';

/**
 * The route table: every route's one declaration (lib/routes/*), in the
 * order of the document. The CDK API construct, the local adapter, the
 * OpenAPI document and the tests read it; a handler imports only its own
 * route's declaration, so its bundle carries no other route's schemas.
 */
export const ROUTES = [
  documented(system.getHealth, system.getHealthReplies),
  documented(system.getOpenApi, system.getOpenApiReplies),
  documented(system.getMe, system.getMeReplies),
  documented(practices.listPractices, practices.listPracticesReplies),
  documented(practices.createPractice, practices.createPracticeReplies),
  documented(escalations.updatePractice, escalations.updatePracticeReplies),
  documented(clinicians.listClinicians, clinicians.listCliniciansReplies),
  documented(clinicianChanges.createClinician, clinicianChanges.createClinicianReplies),
  documented(clinicians.getClinician, clinicians.getClinicianReplies),
  documented(clinicianChanges.updateClinician, clinicianChanges.updateClinicianReplies),
  documented(clinicians.disableClinician, clinicians.disableClinicianReplies),
  documented(shifts.createShift, shifts.createShiftReplies),
  documented(escalations.previewShift, escalations.previewShiftReplies),
  documented(shifts.listShifts, shifts.listShiftsReplies),
  documented(rota.bulkPostShifts, rota.bulkPostShiftsReplies),
  documented(shifts.getShift, shifts.getShiftReplies),
  documented(shifts.cancelShift, shifts.cancelShiftReplies),
  documented(escalations.raiseShiftRate, escalations.raiseShiftRateReplies),
  documented(escalations.listEscalations, escalations.listEscalationsReplies),
  documented(escalations.approveEscalation, escalations.approveEscalationReplies),
  documented(escalations.rejectEscalation, escalations.rejectEscalationReplies),
  documented(shifts.listMatches, shifts.listMatchesReplies),
  documented(shifts.offerShift, shifts.offerShiftReplies),
  documented(shifts.listOffers, shifts.listOffersReplies),
  documented(shifts.acceptOffer, shifts.acceptOfferReplies),
  documented(shifts.takeShift, shifts.takeShiftReplies),
  documented(shifts.declineOffer, shifts.declineOfferReplies),
  documented(shifts.listBookings, shifts.listBookingsReplies),
  documented(shifts.cancelBooking, shifts.cancelBookingReplies),
  documented(calendar.getCalendar, calendar.getCalendarReplies),
  documented(calendar.getCalendarFeed, calendar.getCalendarFeedReplies),
  documented(calendar.issueCalendarFeed, calendar.issueCalendarFeedReplies),
  documented(clinicians.listTimeOff, clinicians.listTimeOffReplies),
  documented(clinicians.addTimeOff, clinicians.addTimeOffReplies),
  documented(clinicians.removeTimeOff, clinicians.removeTimeOffReplies),
  documented(clinicians.recordIr35, clinicians.recordIr35Replies),
  documented(clinicians.listIr35, clinicians.listIr35Replies),
  documented(calendar.getSubscribedCalendar, calendar.getSubscribedCalendarReplies),
  documented(timesheets.submitTimesheet, timesheets.submitTimesheetReplies),
  documented(timesheets.listTimesheets, timesheets.listTimesheetsReplies),
  documented(timesheets.approveTimesheet, timesheets.approveTimesheetReplies),
  documented(timesheets.rejectTimesheet, timesheets.rejectTimesheetReplies),
  documented(timesheets.queryTimesheet, timesheets.queryTimesheetReplies),
  documented(timesheets.amendTimesheet, timesheets.amendTimesheetReplies),
  documented(payroll.startPayrollExport, payroll.startPayrollExportReplies),
  documented(payroll.listPayrollExports, payroll.listPayrollExportsReplies),
  documented(payroll.getPayrollExport, payroll.getPayrollExportReplies),
  documented(payroll.retryPayrollExport, payroll.retryPayrollExportReplies),
  documented(payroll.getPayrollCsv, payroll.getPayrollCsvReplies),
  documented(invoices.runInvoices, invoices.runInvoicesReplies),
  documented(invoices.listInvoices, invoices.listInvoicesReplies),
  documented(invoices.getInvoice, invoices.getInvoiceReplies),
  documented(invoices.getInvoicePdf, invoices.getInvoicePdfReplies),
  documented(invoices.markInvoicePaid, invoices.markInvoicePaidReplies),
  documented(pension.getFormA, pension.getFormAReplies),
  documented(pension.signFormA, pension.signFormAReplies),
  documented(pension.getFormB, pension.getFormBReplies),
  documented(pension.pensionAtRisk, pension.pensionAtRiskReplies),
  documented(rota.getRota, rota.getRotaReplies),
  documented(rota.createShiftTemplate, rota.createShiftTemplateReplies),
  documented(rota.listShiftTemplates, rota.listShiftTemplatesReplies),
  documented(payroll.getReportSummary, payroll.getReportSummaryReplies),
  documented(payroll.getReportSummaryCsv, payroll.getReportSummaryCsvReplies),
  documented(documents.declareDocument, documents.declareDocumentReplies),
  documented(documents.listDocuments, documents.listDocumentsReplies),
  documented(documents.getDocumentFile, documents.getDocumentFileReplies),
  documented(documents.verifyDocument, documents.verifyDocumentReplies),
  documented(documents.rejectDocument, documents.rejectDocumentReplies),
  documented(compliance.setPracticeRequirements, compliance.setPracticeRequirementsReplies),
  documented(compliance.listComplianceAtRisk, compliance.listComplianceAtRiskReplies),
  documented(invites.getEvidencePack, invites.getEvidencePackReplies),
  documented(invites.createInvite, invites.createInviteReplies),
  documented(invites.listInvites, invites.listInvitesReplies),
  documented(invites.getInvite, invites.getInviteReplies),
  documented(invites.acceptInvite, invites.acceptInviteReplies),
  documented(invites.approveClinician, invites.approveClinicianReplies),
] as const satisfies readonly DocumentedRoute[];

type RouteOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** Exactly the keys of the route table. */
export type KnownRouteKey = RouteOf<(typeof ROUTES)[number]>;

export function findRoute(key: RouteKey): DocumentedRoute {
  const route = (ROUTES as readonly DocumentedRoute[]).find((r) => routeKey(r) === key);
  if (!route) throw new Error(`No route ${key} in the route table`);
  return route;
}
