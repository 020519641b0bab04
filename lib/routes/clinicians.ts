import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { BookingRecord, ReasonBody } from '../schemas/booking';
import { ClinicianRecord, ListCliniciansQuery } from '../schemas/clinician-record';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import { Ir35Record, RecordIr35Body } from '../schemas/ir35';
import { CreateTimeOffBody, TimeOffRecord } from '../schemas/time-off';
import { page } from './shared';

export const listClinicians = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listCliniciansReplies>()({
    method: 'GET',
    path: '/clinicians',
    handler: 'http/list-clinicians',
    // HR reads the bank to look after its documents (issue 15); only admin changes it.
    access: ['admin', 'manager', 'hr'],
    summary: 'The bank, a page at a time',
    tags: ['Clinicians'],
    query: z.extend(ListCliniciansQuery, ListQuerySchema.shape),
    // `near` names a practice, which may be another organisation's.
    errors: [404],
  }),
);

export const listCliniciansReplies = /* @__PURE__ */ declared(() => ({ 200: page('clinicians', ClinicianRecord) }));

export const getClinician = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getClinicianReplies>()({
    method: 'GET',
    path: '/clinicians/{id}',
    handler: 'http/get-clinician',
    access: ['admin', 'manager', 'hr', 'clinician'],
    summary: 'A clinician (a clinician reads only their own)',
    tags: ['Clinicians'],
  }),
);

export const getClinicianReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ clinician: ClinicianRecord }) }));

export const disableClinician = /* @__PURE__ */ declared(() =>
  defineRoute<typeof disableClinicianReplies>()({
    method: 'POST',
    path: '/clinicians/{id}/disable',
    handler: 'http/disable-clinician',
    access: ['admin'],
    needs: ['userPool'],
    summary:
      'Take a clinician out of the bank: never matched, live offers withdrawn, sign-in stopped (401 within 60 s)',
    description: 'Their future bookings are listed for re-offering.',
    tags: ['Clinicians'],
    body: ReasonBody,
    errors: [409],
  }),
);

export const disableClinicianReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ clinician: ClinicianRecord, bookings: z.array(BookingRecord) }),
}));

export const listTimeOff = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listTimeOffReplies>()({
    method: 'GET',
    path: '/clinicians/{id}/time-off',
    handler: 'http/list-time-off',
    access: ['admin', 'clinician'],
    summary: "The clinician's current and future time off, soonest first",
    tags: ['Clinicians'],
    query: ListQuerySchema,
  }),
);

export const listTimeOffReplies = /* @__PURE__ */ declared(() => ({ 200: page('timeOff', TimeOffRecord) }));

export const addTimeOff = /* @__PURE__ */ declared(() =>
  defineRoute<typeof addTimeOffReplies>()({
    method: 'POST',
    path: '/clinicians/{id}/time-off',
    handler: 'http/add-time-off',
    access: ['admin', 'clinician'],
    summary: 'Book time off (London dates, inclusive); 409 CLASH while a booking falls inside it',
    description:
      'Matching excludes the clinician with AVAILABILITY on those days, and live offers of shifts then are withdrawn.',
    tags: ['Clinicians'],
    body: CreateTimeOffBody,
    errors: [409],
  }),
);

export const addTimeOffReplies = /* @__PURE__ */ declared(() => ({ 201: z.object({ timeOff: TimeOffRecord }) }));

export const removeTimeOff = /* @__PURE__ */ declared(() =>
  defineRoute<typeof removeTimeOffReplies>()({
    method: 'DELETE',
    path: '/clinicians/{id}/time-off/{timeOffId}',
    handler: 'http/remove-time-off',
    access: ['admin', 'clinician'],
    summary: 'Remove a period of time off; answers the period removed',
    tags: ['Clinicians'],
  }),
);

export const removeTimeOffReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ timeOff: TimeOffRecord }) }));

export const recordIr35 = /* @__PURE__ */ declared(() =>
  defineRoute<typeof recordIr35Replies>()({
    method: 'POST',
    path: '/clinicians/{id}/ir35',
    handler: 'http/record-ir35',
    access: ['admin', 'manager'],
    summary:
      "Record a practice's off-payroll (IR35) determination for a clinician; it supersedes the practice's earlier one",
    description:
      'Until its practice has recorded one, a limited-company clinician is excluded from its shifts with reason IR35.',
    tags: ['Clinicians'],
    body: RecordIr35Body,
    errors: [409],
  }),
);

export const recordIr35Replies = /* @__PURE__ */ declared(() => ({ 201: z.object({ determination: Ir35Record }) }));

export const listIr35 = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listIr35Replies>()({
    method: 'GET',
    path: '/clinicians/{id}/ir35',
    handler: 'http/list-ir35',
    access: ['admin', 'hr', 'manager', 'clinician'],
    summary: "A clinician's IR35 determinations, newest first (a manager sees their practices' only)",
    tags: ['Clinicians'],
    query: ListQuerySchema,
  }),
);

export const listIr35Replies = /* @__PURE__ */ declared(() => ({ 200: page('determinations', Ir35Record) }));
