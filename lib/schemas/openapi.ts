import * as z from 'zod';
import { findRoute, type KnownRouteKey } from '../http/routes';
import {
  BookingRecord,
  ListBookingsQuery,
  MatchesQuery,
  MatchesRecord,
  OfferRecord,
  OfferShiftBody,
  ReasonBody,
} from './booking';
import { ClinicianRecord, CreateClinicianBody, ListCliniciansQuery, UpdateClinicianBody } from './clinician';
import { ErrorBodySchema, ListQuerySchema } from './common';
import { ExportRecord, ListExportsQuery, ReportQuery, ReportRecord, StartExportBody } from './payroll';
import { CreatePracticeBody, PracticeRecord } from './practice';
import {
  BulkPostBody,
  BulkPostRecord,
  CreateTemplateBody,
  ListTemplatesQuery,
  RotaQuery,
  RotaRecord,
  TemplateRecord,
} from './rota';
import { CreateShiftBody, ListShiftsQuery, ShiftRecord } from './shift';
import { CreateTimeOffBody, TimeOffRecord } from './time-off';
import {
  AmendTimesheetBody,
  ApproveTimesheetBody,
  ListTimesheetsQuery,
  QueryTimesheetBody,
  SubmitTimesheetBody,
  TimesheetRecord,
} from './timesheet';

interface Operation {
  summary: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  /** Status and schema of the success reply. */
  reply: [number, z.ZodType];
}

const Me = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'manager', 'clinician', 'hr']),
  orgId: z.string(),
  practiceIds: z.array(z.string()),
  clinicianId: z.string().optional(),
});
const CalendarFeedRecord = z.object({
  url: z.string().describe('https address of the feed; the token in it is the only credential'),
  webcalUrl: z.string().describe('the same address with the webcal: scheme'),
  createdAt: z.string(),
});
const list = <T extends z.ZodType>(name: string, item: T) =>
  z.object({ [name]: z.array(item), nextCursor: z.string().optional() });

/**
 * One entry per route of the route table: the type makes a missing route a
 * compile error, so the document cannot fall behind the routes.
 */
export const OPERATIONS: Record<KnownRouteKey, Operation> = {
  'GET /health': { summary: 'Liveness', reply: [200, z.object({ status: z.literal('ok') })] },
  'GET /openapi.json': { summary: 'This document', reply: [200, z.object({ openapi: z.string() }).passthrough()] },
  'GET /me': { summary: 'The caller', reply: [200, Me] },
  'GET /practices': {
    summary: "The organisation's practices",
    reply: [200, z.object({ practices: z.array(PracticeRecord) })],
  },
  'POST /practices': {
    summary: 'Add a practice',
    body: CreatePracticeBody,
    reply: [201, z.object({ practice: PracticeRecord })],
  },
  'GET /clinicians': {
    summary: 'The bank',
    query: ListCliniciansQuery.extend(ListQuerySchema.shape),
    reply: [200, list('clinicians', ClinicianRecord)],
  },
  'POST /clinicians': {
    summary:
      'Add a clinician to the bank (and give them a sign-in); their number gets a phone-verify text. 409 PHONE_IN_USE when another clinician of the organisation has the number',
    body: CreateClinicianBody,
    reply: [201, z.object({ clinician: ClinicianRecord })],
  },
  'POST /clinicians/{id}/disable': {
    summary:
      'Take a clinician out of the bank: never matched, live offers withdrawn, sign-in stopped (401 within 60 s); ' +
      'their future bookings are listed for re-offering',
    body: ReasonBody,
    reply: [200, z.object({ clinician: ClinicianRecord, bookings: z.array(BookingRecord) })],
  },
  'GET /clinicians/{id}': { summary: 'A clinician', reply: [200, z.object({ clinician: ClinicianRecord })] },
  'PATCH /clinicians/{id}': {
    summary:
      'Change a clinician (a clinician may change availability, preferences, contact and travel); a changed number gets a phone-verify text. 409 PHONE_IN_USE when another clinician of the organisation has the number',
    body: UpdateClinicianBody,
    reply: [200, z.object({ clinician: ClinicianRecord })],
  },
  'POST /shifts': {
    summary: 'Post a gap in the rota',
    body: CreateShiftBody,
    reply: [201, z.object({ shift: ShiftRecord, offers: z.array(z.unknown()) })],
  },
  'GET /shifts': {
    summary: 'Shifts; a clinician sees the open shifts they could work',
    query: ListShiftsQuery.extend(ListQuerySchema.shape),
    reply: [200, list('shifts', ShiftRecord)],
  },
  'POST /shifts/bulk': {
    summary:
      "Post a template's sessions on many dates (at most 200 shifts); what cannot be posted comes back in `skipped`. The same Idempotency-Key header again answers the first result (409 IDEMPOTENCY_KEY_REUSED with another body, IDEMPOTENCY_IN_PROGRESS while the first still runs)",
    body: BulkPostBody,
    reply: [201, BulkPostRecord],
  },
  'GET /shifts/{id}': { summary: 'A shift', reply: [200, z.object({ shift: ShiftRecord })] },
  'POST /shifts/{id}/cancel': {
    summary: 'Cancel a shift; the booked clinician and every offeree are told',
    body: ReasonBody,
    reply: [200, z.object({ shift: ShiftRecord })],
  },
  'GET /shifts/{id}/matches': {
    summary:
      'Who can work the shift, best first, and why everyone else near it cannot (beyondTravel counts the rest of the role); ?clinicianId explains that one clinician',
    query: MatchesQuery,
    reply: [200, MatchesRecord],
  },
  'POST /shifts/{id}/offers': {
    summary: 'Offer the shift to named clinicians (409 NOT_ELIGIBLE with reasons) or to everyone eligible',
    body: OfferShiftBody,
    reply: [201, z.object({ offers: z.array(OfferRecord) })],
  },
  'GET /offers': {
    summary: "The caller's live offers, with their shifts",
    reply: [200, z.object({ offers: z.array(OfferRecord) })],
  },
  'POST /offers/{id}/accept': {
    summary: 'Book the shift: first accept wins (409 SHIFT_UNAVAILABLE, 409 CLASH, 410 OFFER_EXPIRED)',
    reply: [200, z.object({ booking: BookingRecord })],
  },
  'POST /offers/{id}/decline': { summary: 'Pass on an offer', reply: [200, z.object({ offer: OfferRecord })] },
  'GET /bookings': {
    summary: 'Bookings: a clinician sees their own, a manager their practices’',
    query: ListBookingsQuery.extend(ListQuerySchema.shape),
    reply: [200, list('bookings', BookingRecord)],
  },
  'POST /bookings/{id}/cancel': {
    summary: 'Cancel a booking; the shift reopens and is offered again',
    body: ReasonBody,
    reply: [200, z.object({ booking: BookingRecord })],
  },
  'GET /clinicians/{id}/calendar.ics': {
    summary: "The clinician's confirmed bookings as iCalendar (text/calendar)",
    reply: [200, z.string()],
  },
  'GET /clinicians/{id}/calendar-feed': {
    summary: "The clinician's calendar subscription address, or null before one is issued",
    reply: [200, z.object({ feed: CalendarFeedRecord.nullable() })],
  },
  'POST /clinicians/{id}/calendar-feed': {
    summary: 'Issue a new calendar subscription address; the previous one stops working at once',
    reply: [201, z.object({ feed: CalendarFeedRecord })],
  },
  'GET /clinicians/{id}/time-off': {
    summary: "The clinician's current and future time off, soonest first",
    reply: [200, z.object({ timeOff: z.array(TimeOffRecord) })],
  },
  'POST /clinicians/{id}/time-off': {
    summary:
      'Book time off (London dates, inclusive): matching excludes the clinician with AVAILABILITY on those days and live offers of shifts then are withdrawn; 409 CLASH while a booking falls inside it',
    body: CreateTimeOffBody,
    reply: [201, z.object({ timeOff: TimeOffRecord })],
  },
  'DELETE /clinicians/{id}/time-off/{timeOffId}': {
    summary: 'Remove a period of time off; answers the period removed',
    reply: [200, z.object({ timeOff: TimeOffRecord })],
  },
  'GET /calendar-feeds/{token}/calendar.ics': {
    summary:
      'Public: the confirmed bookings of the clinician whose subscription address this is, as iCalendar (text/calendar); 404 for an unknown or replaced address',
    reply: [200, z.string()],
  },
  'POST /bookings/{id}/timesheet': {
    summary:
      'Record the hours worked (booked times and break by default); 409 SHIFT_NOT_STARTED, TIMESHEET_EXISTS, INVALID_STATE',
    body: SubmitTimesheetBody,
    reply: [201, z.object({ timesheet: TimesheetRecord })],
  },
  'GET /timesheets': {
    summary: 'Timesheets: a clinician sees their own, a manager their practices’, HR and admins all',
    query: ListTimesheetsQuery.extend(ListQuerySchema.shape),
    reply: [200, list('timesheets', TimesheetRecord)],
  },
  'POST /timesheets/{id}/approve': {
    summary:
      'Approve a submitted or queried timesheet (again: no change), as claimed or amended with a note; the clinician is told',
    body: ApproveTimesheetBody,
    reply: [200, z.object({ timesheet: TimesheetRecord })],
  },
  'POST /timesheets/{id}/reject': {
    summary: 'Reject a submitted timesheet, saying why',
    body: ReasonBody,
    reply: [200, z.object({ timesheet: TimesheetRecord })],
  },
  'POST /timesheets/{id}/query': {
    summary: 'Ask the clinician to look at a submitted timesheet again, saying what about; the clinician is told',
    body: QueryTimesheetBody,
    reply: [200, z.object({ timesheet: TimesheetRecord })],
  },
  'PATCH /timesheets/{id}': {
    summary:
      'The clinician corrects a submitted, queried or rejected timesheet within the claim bounds; it is submitted again',
    body: AmendTimesheetBody,
    reply: [200, z.object({ timesheet: TimesheetRecord })],
  },
  'POST /payroll/exports': {
    summary:
      'Export approved timesheets of shifts on London dates from..to (inclusive, at most 93 days); runs in the background',
    body: StartExportBody,
    reply: [201, z.object({ export: ExportRecord })],
  },
  'GET /payroll/exports': {
    summary:
      'Past exports, newest first; from/to (London dates, inclusive, or instants) select by when each was asked for',
    query: ListExportsQuery,
    reply: [200, list('exports', ExportRecord)],
  },
  'GET /payroll/exports/{id}': {
    summary: 'An export; a failed one says why in `reason`',
    reply: [200, z.object({ export: ExportRecord })],
  },
  'POST /payroll/exports/{id}/retry': {
    summary:
      'Run a failed export again (in the background): it pays the timesheets it still holds and any still payable in its period, each once. 409 INVALID_STATE unless the export failed',
    reply: [202, z.object({ export: ExportRecord })],
  },
  'GET /payroll/exports/{id}/csv': {
    summary:
      'The payroll CSV of a ready export (text/csv); in AWS a CSV over 4 MB answers 302 to a 15-minute download address. 409 INVALID_STATE while running or after failing',
    reply: [200, z.string()],
  },
  'GET /rota': {
    summary: 'The week view: shifts of London dates from..to (at most 42 days) by day, with booked clinicians',
    query: RotaQuery,
    reply: [200, RotaRecord],
  },
  'POST /shift-templates': {
    summary: "Save a practice's session pattern for bulk posting",
    body: CreateTemplateBody,
    reply: [201, z.object({ template: TemplateRecord })],
  },
  'GET /shift-templates': {
    summary: "A practice's shift templates",
    query: ListTemplatesQuery,
    reply: [200, z.object({ templates: z.array(TemplateRecord) })],
  },
  'GET /reports/summary': {
    summary: 'Fill rate, time to fill and spend over London dates from..to, by practice and by week',
    query: ReportQuery,
    reply: [200, ReportRecord],
  },
  'GET /reports/summary.csv': {
    summary: 'The summary as CSV (text/csv): one row per period of groupBy (month unless told), then the whole period',
    query: ReportQuery,
    reply: [200, z.string()],
  },
};

const ERROR_STATUSES: Record<number, string> = {
  400: 'VALIDATION: one entry per bad field in details',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN: right organisation, wrong role or practice',
  404: "NOT_FOUND: absent, or another organisation's",
  409: 'Conflict (see code)',
  410: 'OFFER_EXPIRED',
  413: 'PAYLOAD_TOO_LARGE',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    reused: 'inline',
  }) as Record<string, unknown>;
  return rest;
}

/** The OpenAPI 3.1 document, generated from the route table and the zod schemas. */
export function openApiDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, op] of Object.entries(OPERATIONS) as [KnownRouteKey, Operation][]) {
    const route = findRoute(key);
    const method = route.method.toLowerCase();
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const queryParams = op.query
      ? Object.entries(op.query.shape).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema: jsonSchema(schema as z.ZodType, 'input'),
        }))
      : [];
    const errors = Object.fromEntries(
      Object.entries(ERROR_STATUSES)
        .filter(
          ([status]) =>
            route.access !== 'public' ||
            status === '400' ||
            status === '413' ||
            (status === '404' && route.path.includes('{')),
        )
        .map(([status, description]) => [
          status,
          { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        ]),
    );
    paths[route.path] ??= {};
    paths[route.path]![method] = {
      operationId: route.handler.replace(/^http\//, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()),
      summary: op.summary,
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      ...(route.access === 'public' ? {} : { 'x-roles': route.access }),
      parameters: [...pathParams, ...queryParams],
      ...(op.body
        ? {
            requestBody: {
              // An optional body (approving a timesheet as it stands) may be left out.
              required: !op.body.safeParse(undefined).success,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : {}),
      responses: {
        [op.reply[0]]: {
          description: 'Success',
          content: { 'application/json': { schema: jsonSchema(op.reply[1], 'output') } },
        },
        ...errors,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rota Bank API',
      version: '1.0.0',
      description: 'Staff bank and locum marketplace for GP practices',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorBodySchema, 'output') },
    },
    paths,
  };
}
