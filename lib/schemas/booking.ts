import * as z from 'zod/mini';
import { EXCLUSION_REASONS } from '../domain/types';
import { DateRangeQuery, Id, plainText, RoleSchema } from './common';
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';
import { withMeta } from './meta';
import { PracticeDetails } from './practice';
import { ShiftRecord } from './shift';

export const OfferShiftBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z
      .strictObject({
        clinicianIds: z.optional(z.array(Id).check(z.minLength(1), z.maxLength(100))),
        all: z.optional(z.literal(true)),
      })
      .check(
        z.refine((b) => (b.clinicianIds ? !b.all : b.all), {
          message: 'give either clinicianIds or all: true',
          path: ['clinicianIds'],
        }),
      ),
    { id: 'OfferShift', examples: [{ clinicianIds: ['cln-01'] }, { all: true }] },
  ),
);

export const ReasonBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      reason: plainText(z.string().check(z.trim(), z.minLength(1, 'say why'), z.maxLength(500)), { multiline: true }),
    }),
    { id: 'Reason', examples: [{ reason: 'The practice closed for the day' }] },
  ),
);

export const CancelBookingBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      reason: plainText(z.string().check(z.trim(), z.minLength(1, 'say why'), z.maxLength(500)), { multiline: true }),
      acknowledgeLateFee: withMeta(z.optional(z.boolean()), {
        description:
          "Accepted as POST /shifts/{id}/cancel takes it, never required here: the practice cancelling a booking inside the organisation's late window owes the clinician the fee either way",
      }),
    }),
    { id: 'CancelBooking', examples: [{ reason: 'The practice closed for the day' }] },
  ),
);

export const ListBookingsQuery = /* @__PURE__ */ declared(() =>
  z.extend(
    z.object({
      practiceId: z.optional(Id),
      clinicianId: z.optional(Id),
    }),
    DateRangeQuery.shape,
  ),
);

export const OfferRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      shiftId: Id,
      clinicianId: Id,
      code: withMeta(z.string(), { description: 'Reply YES <code> to book by text' }),
      status: z.enum(['live', 'accepted', 'declined', 'expired', 'withdrawn']),
      wave: withMeta(z.number().check(z.int()), {
        description: "0 for a manager's named offer; 1, 2, ... for the cascade's waves",
      }),
      createdAt: z.string(),
      expiresAt: z.string(),
      decidedAt: z.optional(z.string()),
      bookingId: z.optional(z.string()),
      shift: withMeta(
        z.optional(
          z.extend(ShiftRecord, {
            practiceName: z.optional(z.string()),
            practice: z.optional(PracticeDetails),
            totalPence: withMeta(z.optional(z.number().check(z.int())), {
              description:
                'What the shift pays as posted: booked time less the break, at its rate (bank holiday uplift included)',
            }),
          }),
        ),
        { description: 'In GET /offers: the shift offered' },
      ),
    }),
    { id: 'Offer' },
  ),
);
export type OfferRecord = z.output<typeof OfferRecord>;

export const BookingRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      shiftId: Id,
      clinicianId: Id,
      practiceId: Id,
      status: z.enum(['confirmed', 'cancelled']),
      bookedAt: z.string(),
      offerId: z.optional(z.string()),
      start: z.string(),
      end: z.string(),
      cancelledAt: z.optional(z.string()),
      cancelledBy: z.optional(z.string()),
      cancelReason: withMeta(z.optional(z.string()), {
        description: 'Why it was cancelled, by whichever side cancelled it',
      }),
      timesheetId: withMeta(z.optional(Id), {
        description: 'Its timesheet: the claim for the work, or the fee owed for a late cancellation by the practice',
      }),
      localStart: withMeta(z.optional(z.string()), {
        description: 'In GET /bookings: the London wall clock of the start',
      }),
      localEnd: withMeta(z.optional(z.string()), { description: 'In GET /bookings: the London wall clock of the end' }),
      breakMinutes: withMeta(z.optional(z.number().check(z.int())), {
        description: "In GET /bookings: the shift's unpaid break",
      }),
      hourlyRatePence: withMeta(z.optional(z.number().check(z.int())), {
        description: "In GET /bookings: the shift's rate",
      }),
      totalPence: withMeta(z.optional(z.number().check(z.int())), {
        description: 'In GET /bookings: what the shift pays as booked (bank holiday uplift included)',
      }),
      practice: withMeta(z.optional(PracticeDetails), {
        description: "In GET /bookings: the practice's address, phone and arrival notes",
      }),
    }),
    { id: 'Booking' },
  ),
);
export type BookingRecord = z.output<typeof BookingRecord>;

const Reason = /* @__PURE__ */ declared(() => z.enum(EXCLUSION_REASONS));

export const MatchesQuery = /* @__PURE__ */ declared(() =>
  z.object({
    clinicianId: withMeta(z.optional(Id), {
      description: 'Explain this one clinician of the organisation, however far away',
    }),
  }),
);

export const MatchesRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      candidates: z.array(
        z.object({
          clinicianId: Id,
          name: z.string(),
          distanceKm: z.number(),
          score: z.number(),
          preferred: z.boolean(),
          offered: z.boolean(),
          reasons: z.array(Reason).check(z.maxLength(0)),
        }),
      ),
      excluded: z.array(
        z.object({
          clinicianId: Id,
          name: z.string(),
          distanceKm: withMeta(z.optional(z.number()), {
            description: 'Home to practice; absent for an applicant who has not given a home yet (DISTANCE)',
          }),
          reasons: z.array(Reason).check(z.minLength(1)),
          details: withMeta(
            z.optional(z.object({ missing: z.array(DocumentTypeSchema), lapsed: z.array(DocumentTypeSchema) })),
            { description: 'With COMPLIANCE: the document types missing, and those lapsed by the shift' },
          ),
        }),
      ),
      role: z.optional(RoleSchema),
      beyondTravel: withMeta(z.optional(z.number().check(z.int())), {
        description: "Without clinicianId: how many more of the role's clinicians are out of range (not listed)",
      }),
    }),
    { id: 'Matches' },
  ),
);
export type MatchesRecord = z.output<typeof MatchesRecord>;
