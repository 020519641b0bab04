import type { UserRole } from '../domain/types';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Route {
  readonly method: Method;
  /** API Gateway path syntax: `/shifts/{id}`. */
  readonly path: string;
  /** Module under `functions/` (no extension) whose `handler` export serves the route. */
  readonly handler: string;
  /** Who may call it: `public` needs no token; otherwise the groups allowed. */
  readonly access: 'public' | readonly UserRole[];
  /** Served by the local runtime only, never deployed. */
  readonly localOnly?: boolean;
  /**
   * AWS resources the handler uses beyond the table; the CDK API construct
   * grants each one (and sets its variable) on that route's function only.
   */
  readonly needs?: readonly RouteNeed[];
}

/** `userPool`: creates, updates and disables Cognito users; `scheduler`: creates and deletes schedules; `exports`: the payroll exports bucket. */
export type RouteNeed = 'userPool' | 'scheduler' | 'exports';

export type RouteKey = `${Method} ${string}`;

const ALL: readonly UserRole[] = ['admin', 'manager', 'clinician', 'hr'];

/**
 * The route table: the CDK API construct and the local HTTP adapter both read
 * it, and each handler takes its access rule from it by route key.
 */
export const ROUTES = [
  { method: 'GET', path: '/health', handler: 'http/get-health', access: 'public' },
  { method: 'GET', path: '/openapi.json', handler: 'http/get-openapi', access: 'public' },
  { method: 'GET', path: '/me', handler: 'http/get-me', access: ALL },
  { method: 'GET', path: '/practices', handler: 'http/list-practices', access: ALL },
  { method: 'POST', path: '/practices', handler: 'http/create-practice', access: ['admin'] },
  { method: 'GET', path: '/clinicians', handler: 'http/list-clinicians', access: ['admin', 'manager'] },
  { method: 'POST', path: '/clinicians', handler: 'http/create-clinician', access: ['admin'], needs: ['userPool'] },
  { method: 'GET', path: '/clinicians/{id}', handler: 'http/get-clinician', access: ['admin', 'manager', 'clinician'] },
  { method: 'PATCH', path: '/clinicians/{id}', handler: 'http/update-clinician', access: ['admin', 'clinician'] },
  {
    method: 'POST',
    path: '/clinicians/{id}/disable',
    handler: 'http/disable-clinician',
    access: ['admin'],
    needs: ['userPool'],
  },
  { method: 'POST', path: '/shifts', handler: 'http/create-shift', access: ['admin', 'manager'], needs: ['scheduler'] },
  { method: 'GET', path: '/shifts', handler: 'http/list-shifts', access: ALL },
  {
    method: 'POST',
    path: '/shifts/bulk',
    handler: 'http/bulk-post-shifts',
    access: ['admin', 'manager'],
    needs: ['scheduler'],
  },
  { method: 'GET', path: '/shifts/{id}', handler: 'http/get-shift', access: ALL },
  {
    method: 'POST',
    path: '/shifts/{id}/cancel',
    handler: 'http/cancel-shift',
    access: ['admin', 'manager'],
    needs: ['scheduler'],
  },
  { method: 'GET', path: '/shifts/{id}/matches', handler: 'http/list-matches', access: ['admin', 'manager'] },
  { method: 'POST', path: '/shifts/{id}/offers', handler: 'http/offer-shift', access: ['admin', 'manager'] },
  { method: 'GET', path: '/offers', handler: 'http/list-offers', access: ['clinician'] },
  { method: 'POST', path: '/offers/{id}/accept', handler: 'http/accept-offer', access: ['clinician'] },
  { method: 'POST', path: '/offers/{id}/decline', handler: 'http/decline-offer', access: ['clinician'] },
  { method: 'GET', path: '/bookings', handler: 'http/list-bookings', access: ALL },
  {
    method: 'POST',
    path: '/bookings/{id}/cancel',
    handler: 'http/cancel-booking',
    access: ['admin', 'manager', 'clinician'],
    needs: ['scheduler'],
  },
  {
    method: 'GET',
    path: '/clinicians/{id}/calendar.ics',
    handler: 'http/get-calendar',
    access: ['admin', 'clinician'],
  },
  {
    method: 'GET',
    path: '/clinicians/{id}/calendar-feed',
    handler: 'http/get-calendar-feed',
    access: ['admin', 'clinician'],
  },
  {
    method: 'POST',
    path: '/clinicians/{id}/calendar-feed',
    handler: 'http/issue-calendar-feed',
    access: ['admin', 'clinician'],
  },
  { method: 'GET', path: '/clinicians/{id}/time-off', handler: 'http/list-time-off', access: ['admin', 'clinician'] },
  { method: 'POST', path: '/clinicians/{id}/time-off', handler: 'http/add-time-off', access: ['admin', 'clinician'] },
  {
    method: 'DELETE',
    path: '/clinicians/{id}/time-off/{timeOffId}',
    handler: 'http/remove-time-off',
    access: ['admin', 'clinician'],
  },
  // Public by design: the secret token in the path is the credential, since calendar apps cannot send a bearer token.
  {
    method: 'GET',
    path: '/calendar-feeds/{token}/calendar.ics',
    handler: 'http/get-subscribed-calendar',
    access: 'public',
  },
  // Submitting (and resubmitting) schedules the approval on trust.
  {
    method: 'POST',
    path: '/bookings/{id}/timesheet',
    handler: 'http/submit-timesheet',
    access: ['clinician'],
    needs: ['scheduler'],
  },
  { method: 'GET', path: '/timesheets', handler: 'http/list-timesheets', access: ALL },
  {
    method: 'POST',
    path: '/timesheets/{id}/approve',
    handler: 'http/approve-timesheet',
    access: ['admin', 'manager'],
  },
  { method: 'POST', path: '/timesheets/{id}/reject', handler: 'http/reject-timesheet', access: ['admin', 'manager'] },
  { method: 'POST', path: '/timesheets/{id}/query', handler: 'http/query-timesheet', access: ['admin', 'manager'] },
  {
    method: 'PATCH',
    path: '/timesheets/{id}',
    handler: 'http/amend-timesheet',
    access: ['clinician'],
    needs: ['scheduler'],
  },
  // The export record's insert starts the run (the table stream wakes the export function): no grant needed here.
  { method: 'POST', path: '/payroll/exports', handler: 'http/start-payroll-export', access: ['admin', 'hr'] },
  { method: 'GET', path: '/payroll/exports', handler: 'http/list-payroll-exports', access: ['admin', 'hr'] },
  { method: 'GET', path: '/payroll/exports/{id}', handler: 'http/get-payroll-export', access: ['admin', 'hr'] },
  // Like starting one: the record's update to running reaches the export function by the stream.
  {
    method: 'POST',
    path: '/payroll/exports/{id}/retry',
    handler: 'http/retry-payroll-export',
    access: ['admin', 'hr'],
  },
  {
    method: 'GET',
    path: '/payroll/exports/{id}/csv',
    handler: 'http/get-payroll-csv',
    access: ['admin', 'hr'],
    needs: ['exports'],
  },
  { method: 'GET', path: '/rota', handler: 'http/get-rota', access: ['admin', 'manager'] },
  { method: 'POST', path: '/shift-templates', handler: 'http/create-shift-template', access: ['admin', 'manager'] },
  { method: 'GET', path: '/shift-templates', handler: 'http/list-shift-templates', access: ['admin', 'manager'] },
  { method: 'GET', path: '/reports/summary', handler: 'http/get-report-summary', access: ['admin', 'manager', 'hr'] },
  {
    method: 'GET',
    path: '/reports/summary.csv',
    handler: 'http/get-report-summary-csv',
    access: ['admin', 'manager', 'hr'],
  },
] as const satisfies readonly Route[];

export const routeKey = (r: Pick<Route, 'method' | 'path'>): RouteKey => `${r.method} ${r.path}`;

type RouteOf<R> = R extends { method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never;
/** Exactly the keys of the route table, so a handler naming a route that is not there fails to compile. */
export type KnownRouteKey = RouteOf<(typeof ROUTES)[number]>;

export function findRoute(key: RouteKey): Route {
  const route = (ROUTES as readonly Route[]).find((r) => routeKey(r) === key);
  if (!route) throw new Error(`No route ${key} in the route table`);
  return route;
}
