import { type RouteKey, type RouteSpec, routeKey } from '../http/route';
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

export type { FileReply, Method, ReplySpec, Route, RouteKey, RouteNeed, RouteSpec } from '../http/route';
export { errorStatuses, routeKey } from '../http/route';

/**
 * The route table: every route's one declaration (lib/routes/*), in the
 * order of the document. The CDK API construct, the local adapter, the
 * OpenAPI document and the tests read it; a handler imports only its own
 * route's declaration, so its bundle carries no other route's schemas.
 */
export const ROUTES = [
  system.getHealth,
  system.getOpenApi,
  system.getMe,
  practices.listPractices,
  practices.createPractice,
  escalations.updatePractice,
  clinicians.listClinicians,
  clinicianChanges.createClinician,
  clinicians.getClinician,
  clinicianChanges.updateClinician,
  clinicians.disableClinician,
  shifts.createShift,
  escalations.previewShift,
  shifts.listShifts,
  rota.bulkPostShifts,
  shifts.getShift,
  shifts.cancelShift,
  escalations.raiseShiftRate,
  escalations.listEscalations,
  escalations.approveEscalation,
  escalations.rejectEscalation,
  shifts.listMatches,
  shifts.offerShift,
  shifts.listOffers,
  shifts.acceptOffer,
  shifts.takeShift,
  shifts.declineOffer,
  shifts.listBookings,
  shifts.cancelBooking,
  calendar.getCalendar,
  calendar.getCalendarFeed,
  calendar.issueCalendarFeed,
  clinicians.listTimeOff,
  clinicians.addTimeOff,
  clinicians.removeTimeOff,
  clinicians.recordIr35,
  clinicians.listIr35,
  calendar.getSubscribedCalendar,
  timesheets.submitTimesheet,
  timesheets.listTimesheets,
  timesheets.approveTimesheet,
  timesheets.rejectTimesheet,
  timesheets.queryTimesheet,
  timesheets.amendTimesheet,
  payroll.startPayrollExport,
  payroll.listPayrollExports,
  payroll.getPayrollExport,
  payroll.retryPayrollExport,
  payroll.getPayrollCsv,
  invoices.runInvoices,
  invoices.listInvoices,
  invoices.getInvoice,
  invoices.getInvoicePdf,
  invoices.markInvoicePaid,
  pension.getFormA,
  pension.signFormA,
  pension.getFormB,
  pension.pensionAtRisk,
  rota.getRota,
  rota.createShiftTemplate,
  rota.listShiftTemplates,
  payroll.getReportSummary,
  payroll.getReportSummaryCsv,
  documents.declareDocument,
  documents.listDocuments,
  documents.getDocumentFile,
  documents.verifyDocument,
  documents.rejectDocument,
  compliance.setPracticeRequirements,
  compliance.listComplianceAtRisk,
  invites.getEvidencePack,
  invites.createInvite,
  invites.listInvites,
  invites.getInvite,
  invites.acceptInvite,
  invites.approveClinician,
] as const satisfies readonly RouteSpec[];

type RouteOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** Exactly the keys of the route table. */
export type KnownRouteKey = RouteOf<(typeof ROUTES)[number]>;

export function findRoute(key: RouteKey): RouteSpec {
  const route = (ROUTES as readonly RouteSpec[]).find((r) => routeKey(r) === key);
  if (!route) throw new Error(`No route ${key} in the route table`);
  return route;
}
