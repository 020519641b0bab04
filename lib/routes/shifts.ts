import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import {
  BookingRecord,
  CancelBookingBody,
  ListBookingsQuery,
  MatchesQuery,
  MatchesRecord,
  OfferRecord,
  OfferShiftBody,
} from '../schemas/booking';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import { CancelShiftBody } from '../schemas/escalation';
import { CreateShiftBody, ListShiftsQuery, ShiftRecord } from '../schemas/shift';
import { ALL, page } from './shared';

export const createShift = /* @__PURE__ */ declared(() =>
  defineRoute<typeof createShiftReplies>()({
    method: 'POST',
    path: '/shifts',
    handler: 'http/create-shift',
    access: ['admin', 'manager'],
    needs: ['scheduler'],
    summary: 'Post a gap in the rota; the first wave of offers goes out at once',
    tags: ['Shifts'],
    body: CreateShiftBody,
    // The body's practice may be another organisation's.
    errors: [404],
  }),
);

export const createShiftReplies = /* @__PURE__ */ declared(() => ({
  201: z.object({ shift: ShiftRecord, offers: z.array(OfferRecord) }),
}));

export const listShifts = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listShiftsReplies>()({
    method: 'GET',
    path: '/shifts',
    handler: 'http/list-shifts',
    access: ALL,
    summary: 'Shifts; a clinician sees the open shifts they could work',
    tags: ['Shifts'],
    query: z.extend(ListShiftsQuery, ListQuerySchema.shape),
    errors: [404],
  }),
);

export const listShiftsReplies = /* @__PURE__ */ declared(() => ({ 200: page('shifts', ShiftRecord) }));

export const getShift = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getShiftReplies>()({
    method: 'GET',
    path: '/shifts/{id}',
    handler: 'http/get-shift',
    access: ALL,
    summary: 'A shift',
    tags: ['Shifts'],
    never: [403],
  }),
);

export const getShiftReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ shift: ShiftRecord }) }));

export const cancelShift = /* @__PURE__ */ declared(() =>
  defineRoute<typeof cancelShiftReplies>()({
    method: 'POST',
    path: '/shifts/{id}/cancel',
    handler: 'http/cancel-shift',
    access: ['admin', 'manager'],
    needs: ['scheduler'],
    summary: 'Cancel a shift; the booked clinician and every offeree are told (409 INVALID_STATE once started)',
    description:
      "A filled shift inside the organisation's late window (lateCancellationHours, default 48) needs acknowledgeLateFee: true, else 409 LATE_CANCELLATION with details {feePence, hours, lateCancellationHours, feeHours}; the booked clinician is then owed lateCancellationFeeHours (default 2) at the shift's rate (with the bank-holiday uplift when the shift starts on one, as hours worked there would be), as an approved timesheet with lineType cancellation-fee.",
    tags: ['Shifts'],
    body: CancelShiftBody,
    errors: [409],
  }),
);

export const cancelShiftReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ shift: ShiftRecord }) }));

export const listMatches = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listMatchesReplies>()({
    method: 'GET',
    path: '/shifts/{id}/matches',
    handler: 'http/list-matches',
    access: ['admin', 'manager'],
    summary: 'Who can work the shift, best first, and why everyone else near it cannot',
    description:
      "beyondTravel counts the rest of the role, out of range; ?clinicianId explains that one clinician (404 if not the organisation's).",
    tags: ['Shifts'],
    query: MatchesQuery,
  }),
);

export const listMatchesReplies = /* @__PURE__ */ declared(() => ({ 200: MatchesRecord }));

export const offerShift = /* @__PURE__ */ declared(() =>
  defineRoute<typeof offerShiftReplies>()({
    method: 'POST',
    path: '/shifts/{id}/offers',
    handler: 'http/offer-shift',
    access: ['admin', 'manager'],
    summary: 'Offer the shift to named clinicians (409 NOT_ELIGIBLE with reasons) or to everyone eligible',
    tags: ['Offers'],
    body: OfferShiftBody,
    errors: [409],
  }),
);

export const offerShiftReplies = /* @__PURE__ */ declared(() => ({ 201: z.object({ offers: z.array(OfferRecord) }) }));

export const listOffers = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listOffersReplies>()({
    method: 'GET',
    path: '/offers',
    handler: 'http/list-offers',
    access: ['clinician'],
    summary: "The caller's live offers, with their shifts, soonest shift first",
    tags: ['Offers'],
    query: ListQuerySchema,
  }),
);

export const listOffersReplies = /* @__PURE__ */ declared(() => ({ 200: page('offers', OfferRecord) }));

export const acceptOffer = /* @__PURE__ */ declared(() =>
  defineRoute<typeof acceptOfferReplies>()({
    method: 'POST',
    path: '/offers/{id}/accept',
    handler: 'http/accept-offer',
    access: ['clinician'],
    summary: 'Book the shift: first accept wins (409 SHIFT_UNAVAILABLE, 409 CLASH, 410 OFFER_EXPIRED)',
    tags: ['Offers'],
    errors: [409, 410],
  }),
);

export const acceptOfferReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ booking: BookingRecord }) }));

export const takeShift = /* @__PURE__ */ declared(() =>
  defineRoute<typeof takeShiftReplies>()({
    method: 'POST',
    path: '/shifts/{id}/take',
    handler: 'http/take-shift',
    access: ['clinician'],
    summary: 'Book an open shift the caller could work, offered to them or not: first accept or take wins',
    description:
      "Matching's rules for the caller alone, then the same booking as an accepted offer: 409 SHIFT_UNAVAILABLE when filled, cancelled or started; 409 NOT_ELIGIBLE with details {reasons, missing?, lapsed?} when a rule other than the diary's refuses; 409 CLASH with details {reasons} for an overlap, short rest, weekly hours or travel. Anyone still holding a live offer of the shift is told it is filled. Sending it again once booked answers the same booking.",
    tags: ['Offers'],
    errors: [409],
  }),
);

export const takeShiftReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ booking: BookingRecord }) }));

export const declineOffer = /* @__PURE__ */ declared(() =>
  defineRoute<typeof declineOfferReplies>()({
    method: 'POST',
    path: '/offers/{id}/decline',
    handler: 'http/decline-offer',
    access: ['clinician'],
    summary: 'Pass on an offer (409 INVALID_STATE once accepted, 410 OFFER_EXPIRED once ended)',
    tags: ['Offers'],
    errors: [409, 410],
  }),
);

export const declineOfferReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ offer: OfferRecord }) }));

export const listBookings = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listBookingsReplies>()({
    method: 'GET',
    path: '/bookings',
    handler: 'http/list-bookings',
    access: ALL,
    summary: 'Bookings: a clinician sees their own, a manager their practices’',
    tags: ['Bookings'],
    query: z.extend(ListBookingsQuery, ListQuerySchema.shape),
  }),
);

export const listBookingsReplies = /* @__PURE__ */ declared(() => ({ 200: page('bookings', BookingRecord) }));

export const cancelBooking = /* @__PURE__ */ declared(() =>
  defineRoute<typeof cancelBookingReplies>()({
    method: 'POST',
    path: '/bookings/{id}/cancel',
    handler: 'http/cancel-booking',
    access: ['admin', 'manager', 'clinician'],
    needs: ['scheduler'],
    summary: 'Cancel a booking; the shift reopens and is offered again (409 INVALID_STATE once started)',
    description:
      "The practice (a manager or admin) cancelling inside the organisation's late window (lateCancellationHours, default 48) owes the clinician lateCancellationFeeHours (default 2) at the shift's rate, as when the shift is cancelled late: an approved timesheet with lineType cancellation-fee, whose id the booking carries as timesheetId. No acknowledgement is asked for: {reason} answers 200 as it always has.",
    tags: ['Bookings'],
    body: CancelBookingBody,
    errors: [409],
  }),
);

export const cancelBookingReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ booking: BookingRecord }) }));
