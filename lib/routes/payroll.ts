import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { declared } from '../schemas/declared';
import { ExportRecord, ListExportsQuery, ReportQuery, ReportRecord, StartExportBody } from '../schemas/payroll';
import { page } from './shared';

// The export record's insert starts the run (the table stream wakes the export function): no grant needed here.
export const startPayrollExport = /* @__PURE__ */ declared(() =>
  defineRoute<typeof startPayrollExportReplies>()({
    method: 'POST',
    path: '/payroll/exports',
    handler: 'http/start-payroll-export',
    access: ['admin', 'hr'],
    summary:
      'Export approved timesheets of shifts on London dates from..to (inclusive, at most 93 days); runs in the background',
    tags: ['Payroll'],
    body: StartExportBody,
    errors: [409],
  }),
);

export const startPayrollExportReplies = /* @__PURE__ */ declared(() => ({ 201: z.object({ export: ExportRecord }) }));

export const listPayrollExports = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listPayrollExportsReplies>()({
    method: 'GET',
    path: '/payroll/exports',
    handler: 'http/list-payroll-exports',
    access: ['admin', 'hr'],
    summary:
      'Past exports, newest first; from/to (London dates, inclusive, or instants) select by when each was asked for',
    tags: ['Payroll'],
    query: ListExportsQuery,
  }),
);

export const listPayrollExportsReplies = /* @__PURE__ */ declared(() => ({ 200: page('exports', ExportRecord) }));

export const getPayrollExport = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getPayrollExportReplies>()({
    method: 'GET',
    path: '/payroll/exports/{id}',
    handler: 'http/get-payroll-export',
    access: ['admin', 'hr'],
    summary: 'An export; a failed one says why in `reason`',
    tags: ['Payroll'],
  }),
);

export const getPayrollExportReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ export: ExportRecord }) }));

// Like starting one: the record's update to running reaches the export function through the outbox relay.
export const retryPayrollExport = /* @__PURE__ */ declared(() =>
  defineRoute<typeof retryPayrollExportReplies>()({
    method: 'POST',
    path: '/payroll/exports/{id}/retry',
    handler: 'http/retry-payroll-export',
    access: ['admin', 'hr'],
    summary: 'Run a failed export again, in the background (409 INVALID_STATE unless it failed)',
    description: 'It pays the timesheets the export still holds and any still payable in its period, each once.',
    tags: ['Payroll'],
    errors: [409],
  }),
);

export const retryPayrollExportReplies = /* @__PURE__ */ declared(() => ({ 202: z.object({ export: ExportRecord }) }));

export const getPayrollCsv = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getPayrollCsvReplies>()({
    method: 'GET',
    path: '/payroll/exports/{id}/csv',
    handler: 'http/get-payroll-csv',
    access: ['admin', 'hr'],
    needs: ['exports'],
    summary: 'The payroll CSV of a ready export (409 INVALID_STATE while running or after failing)',
    tags: ['Payroll'],
    errors: [409],
  }),
);

export const getPayrollCsvReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'text/csv', description: 'One row per timesheet paid' },
  302: { type: 'redirect', description: 'In AWS, a CSV over 4 MB: `location` is a 15-minute download address' },
}));

export const getReportSummary = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getReportSummaryReplies>()({
    method: 'GET',
    path: '/reports/summary',
    handler: 'http/get-report-summary',
    access: ['admin', 'manager', 'hr'],
    summary:
      'Fill rate, time to fill and spend over London dates from..to, by practice and by week (and by groupBy in series)',
    tags: ['Reports'],
    query: ReportQuery,
  }),
);

export const getReportSummaryReplies = /* @__PURE__ */ declared(() => ({ 200: ReportRecord }));

export const getReportSummaryCsv = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getReportSummaryCsvReplies>()({
    method: 'GET',
    path: '/reports/summary.csv',
    handler: 'http/get-report-summary-csv',
    access: ['admin', 'manager', 'hr'],
    summary: 'The summary as CSV: one row per period of groupBy (month unless told), then the whole period',
    tags: ['Reports'],
    query: ReportQuery,
  }),
);

export const getReportSummaryCsvReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'text/csv', description: 'One row per period, then the whole period' },
}));
