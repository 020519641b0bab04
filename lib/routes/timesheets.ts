import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ReasonBody } from '../schemas/booking';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import {
  AmendTimesheetBody,
  ApproveTimesheetBody,
  ListTimesheetsQuery,
  QueryTimesheetBody,
  SubmitTimesheetBody,
  TimesheetRecord,
} from '../schemas/timesheet';
import { ALL, page } from './shared';

// Submitting (and resubmitting) schedules the approval on trust.
export const submitTimesheet = /* @__PURE__ */ declared(() =>
  defineRoute<typeof submitTimesheetReplies>()({
    method: 'POST',
    path: '/bookings/{id}/timesheet',
    handler: 'http/submit-timesheet',
    access: ['clinician'],
    needs: ['scheduler'],
    summary:
      'Record the hours worked (booked times and break by default); 409 SHIFT_NOT_STARTED, TIMESHEET_EXISTS, INVALID_STATE',
    tags: ['Timesheets'],
    body: SubmitTimesheetBody,
    errors: [409],
  }),
);

export const submitTimesheetReplies = /* @__PURE__ */ declared(() => ({
  201: z.object({ timesheet: TimesheetRecord }),
}));

export const listTimesheets = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listTimesheetsReplies>()({
    method: 'GET',
    path: '/timesheets',
    handler: 'http/list-timesheets',
    access: ALL,
    summary: 'Timesheets: a clinician sees their own, a manager their practices’, HR and admins all',
    tags: ['Timesheets'],
    query: z.extend(ListTimesheetsQuery, ListQuerySchema.shape),
  }),
);

export const listTimesheetsReplies = /* @__PURE__ */ declared(() => ({ 200: page('timesheets', TimesheetRecord) }));

export const approveTimesheet = /* @__PURE__ */ declared(() =>
  defineRoute<typeof approveTimesheetReplies>()({
    method: 'POST',
    path: '/timesheets/{id}/approve',
    handler: 'http/approve-timesheet',
    access: ['admin', 'manager'],
    summary:
      'Approve a submitted or queried timesheet (again: no change), as claimed or amended with a note; the clinician is told',
    tags: ['Timesheets'],
    body: ApproveTimesheetBody,
    errors: [409],
  }),
);

export const approveTimesheetReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ timesheet: TimesheetRecord }),
}));

export const rejectTimesheet = /* @__PURE__ */ declared(() =>
  defineRoute<typeof rejectTimesheetReplies>()({
    method: 'POST',
    path: '/timesheets/{id}/reject',
    handler: 'http/reject-timesheet',
    access: ['admin', 'manager'],
    summary: 'Reject a submitted timesheet, saying why',
    tags: ['Timesheets'],
    body: ReasonBody,
    errors: [409],
  }),
);

export const rejectTimesheetReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ timesheet: TimesheetRecord }),
}));

export const queryTimesheet = /* @__PURE__ */ declared(() =>
  defineRoute<typeof queryTimesheetReplies>()({
    method: 'POST',
    path: '/timesheets/{id}/query',
    handler: 'http/query-timesheet',
    access: ['admin', 'manager'],
    summary: 'Ask the clinician to look at a submitted timesheet again, saying what about; the clinician is told',
    tags: ['Timesheets'],
    body: QueryTimesheetBody,
    errors: [409],
  }),
);

export const queryTimesheetReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ timesheet: TimesheetRecord }),
}));

export const amendTimesheet = /* @__PURE__ */ declared(() =>
  defineRoute<typeof amendTimesheetReplies>()({
    method: 'PATCH',
    path: '/timesheets/{id}',
    handler: 'http/amend-timesheet',
    access: ['clinician'],
    needs: ['scheduler'],
    summary:
      'The clinician corrects a submitted, queried or rejected timesheet within the claim bounds; it is submitted again',
    tags: ['Timesheets'],
    body: AmendTimesheetBody,
    errors: [409],
  }),
);

export const amendTimesheetReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ timesheet: TimesheetRecord }),
}));
