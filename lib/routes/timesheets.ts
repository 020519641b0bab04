import * as z from 'zod';
import { defineRoute } from '../http/route';
import { ReasonBody } from '../schemas/booking';
import { ListQuerySchema } from '../schemas/common';
import { ListTimesheetsQuery, SubmitTimesheetBody, TimesheetRecord } from '../schemas/timesheet';
import { ALL, page } from './shared';

export const submitTimesheet = defineRoute({
  method: 'POST',
  path: '/bookings/{id}/timesheet',
  handler: 'http/submit-timesheet',
  access: ['clinician'],
  summary:
    'Record the hours worked (booked times and break by default); 409 SHIFT_NOT_STARTED, TIMESHEET_EXISTS, INVALID_STATE',
  tags: ['Timesheets'],
  body: SubmitTimesheetBody,
  replies: { 201: z.object({ timesheet: TimesheetRecord }) },
  errors: [409],
});

export const listTimesheets = defineRoute({
  method: 'GET',
  path: '/timesheets',
  handler: 'http/list-timesheets',
  access: ALL,
  summary: 'Timesheets: a clinician sees their own, a manager their practices’, HR and admins all',
  tags: ['Timesheets'],
  query: ListTimesheetsQuery.extend(ListQuerySchema.shape),
  replies: { 200: page('timesheets', TimesheetRecord) },
});

export const approveTimesheet = defineRoute({
  method: 'POST',
  path: '/timesheets/{id}/approve',
  handler: 'http/approve-timesheet',
  access: ['admin', 'manager'],
  summary: 'Approve a submitted timesheet (again: no change); the clinician is told',
  tags: ['Timesheets'],
  replies: { 200: z.object({ timesheet: TimesheetRecord }) },
  errors: [409],
});

export const rejectTimesheet = defineRoute({
  method: 'POST',
  path: '/timesheets/{id}/reject',
  handler: 'http/reject-timesheet',
  access: ['admin', 'manager'],
  summary: 'Reject a submitted timesheet, saying why',
  tags: ['Timesheets'],
  body: ReasonBody,
  replies: { 200: z.object({ timesheet: TimesheetRecord }) },
  errors: [409],
});
