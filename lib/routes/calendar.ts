import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { declared } from '../schemas/declared';
import { CalendarFeedRecord } from '../schemas/me';

export const getCalendar = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getCalendarReplies>()({
    method: 'GET',
    path: '/clinicians/{id}/calendar.ics',
    handler: 'http/get-calendar',
    access: ['admin', 'clinician'],
    summary: "The clinician's confirmed bookings as iCalendar",
    tags: ['Calendar'],
  }),
);

export const getCalendarReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'text/calendar', description: 'iCalendar, one event per confirmed booking' },
}));

export const getCalendarFeed = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getCalendarFeedReplies>()({
    method: 'GET',
    path: '/clinicians/{id}/calendar-feed',
    handler: 'http/get-calendar-feed',
    access: ['admin', 'clinician'],
    summary: "The clinician's calendar subscription address, or null before one is issued",
    tags: ['Calendar'],
  }),
);

export const getCalendarFeedReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ feed: z.nullable(CalendarFeedRecord) }),
}));

export const issueCalendarFeed = /* @__PURE__ */ declared(() =>
  defineRoute<typeof issueCalendarFeedReplies>()({
    method: 'POST',
    path: '/clinicians/{id}/calendar-feed',
    handler: 'http/issue-calendar-feed',
    access: ['admin', 'clinician'],
    summary: 'Issue a new calendar subscription address; the previous one stops working at once',
    tags: ['Calendar'],
  }),
);

export const issueCalendarFeedReplies = /* @__PURE__ */ declared(() => ({
  201: z.object({ feed: CalendarFeedRecord }),
}));

// Public by design: the secret token in the path is the credential, since calendar apps cannot send a bearer token.
export const getSubscribedCalendar = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getSubscribedCalendarReplies>()({
    method: 'GET',
    path: '/calendar-feeds/{token}/calendar.ics',
    handler: 'http/get-subscribed-calendar',
    access: 'public',
    summary: 'The confirmed bookings of the clinician whose subscription address this is, as iCalendar',
    description: 'No bearer token: the address is the credential. 404 for an unknown, malformed or replaced address.',
    tags: ['Calendar'],
  }),
);

export const getSubscribedCalendarReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'text/calendar', description: 'iCalendar, one event per confirmed booking' },
}));
