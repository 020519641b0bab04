import * as z from 'zod';
import { defineRoute } from '../http/route';
import { ClinicianRecord, CreateClinicianBody, ListCliniciansQuery, UpdateClinicianBody } from '../schemas/clinician';
import { ListQuerySchema } from '../schemas/common';
import { CalendarFeedRecord } from '../schemas/me';
import { page } from './shared';

export const listClinicians = defineRoute({
  method: 'GET',
  path: '/clinicians',
  handler: 'http/list-clinicians',
  access: ['admin', 'manager'],
  summary: 'The bank, a page at a time',
  tags: ['Clinicians'],
  query: ListCliniciansQuery.extend(ListQuerySchema.shape),
  replies: { 200: page('clinicians', ClinicianRecord) },
  // `near` names a practice, which may be another organisation's.
  errors: [404],
});

export const createClinician = defineRoute({
  method: 'POST',
  path: '/clinicians',
  handler: 'http/create-clinician',
  access: ['admin'],
  needs: ['userPool'],
  summary: 'Add a clinician to the bank and give them a sign-in (409 ALREADY_EXISTS for a known email)',
  tags: ['Clinicians'],
  body: CreateClinicianBody,
  replies: { 201: z.object({ clinician: ClinicianRecord }) },
  errors: [409],
});

export const getClinician = defineRoute({
  method: 'GET',
  path: '/clinicians/{id}',
  handler: 'http/get-clinician',
  access: ['admin', 'manager', 'clinician'],
  summary: 'A clinician (a clinician reads only their own)',
  tags: ['Clinicians'],
  replies: { 200: z.object({ clinician: ClinicianRecord }) },
});

export const updateClinician = defineRoute({
  method: 'PATCH',
  path: '/clinicians/{id}',
  handler: 'http/update-clinician',
  access: ['admin', 'clinician'],
  summary: 'Change a clinician (a clinician may change availability, preferences, contact and travel)',
  tags: ['Clinicians'],
  body: UpdateClinicianBody,
  replies: { 200: z.object({ clinician: ClinicianRecord }) },
  errors: [409],
});

export const getCalendar = defineRoute({
  method: 'GET',
  path: '/clinicians/{id}/calendar.ics',
  handler: 'http/get-calendar',
  access: ['admin', 'clinician'],
  summary: "The clinician's confirmed bookings as iCalendar",
  tags: ['Calendar'],
  replies: { 200: { type: 'text/calendar', description: 'iCalendar, one event per confirmed booking' } },
});

export const getCalendarFeed = defineRoute({
  method: 'GET',
  path: '/clinicians/{id}/calendar-feed',
  handler: 'http/get-calendar-feed',
  access: ['admin', 'clinician'],
  summary: "The clinician's calendar subscription address, or null before one is issued",
  tags: ['Calendar'],
  replies: { 200: z.object({ feed: CalendarFeedRecord.nullable() }) },
});

export const issueCalendarFeed = defineRoute({
  method: 'POST',
  path: '/clinicians/{id}/calendar-feed',
  handler: 'http/issue-calendar-feed',
  access: ['admin', 'clinician'],
  summary: 'Issue a new calendar subscription address; the previous one stops working at once',
  tags: ['Calendar'],
  replies: { 201: z.object({ feed: CalendarFeedRecord }) },
});

// Public by design: the secret token in the path is the credential, since calendar apps cannot send a bearer token.
export const getSubscribedCalendar = defineRoute({
  method: 'GET',
  path: '/calendar-feeds/{token}/calendar.ics',
  handler: 'http/get-subscribed-calendar',
  access: 'public',
  summary: 'The confirmed bookings of the clinician whose subscription address this is, as iCalendar',
  description: 'No bearer token: the address is the credential. 404 for an unknown, malformed or replaced address.',
  tags: ['Calendar'],
  replies: { 200: { type: 'text/calendar', description: 'iCalendar, one event per confirmed booking' } },
});
