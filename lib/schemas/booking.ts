import * as z from 'zod';
import { EXCLUSION_REASONS } from '../domain/types';
import { DateRangeQuery, Id, plainText, RoleSchema } from './common';
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';
import { PracticeDetails } from './practice';
import { ShiftRecord } from './shift';

export const OfferShiftBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      clinicianIds: z.array(Id).min(1).max(100).optional(),
      all: z.literal(true).optional(),
    })
    .strict()
    .refine((b) => (b.clinicianIds ? !b.all : b.all), {
      message: 'give either clinicianIds or all: true',
      path: ['clinicianIds'],
    })
    .meta({ id: 'OfferShift', examples: [{ clinicianIds: ['cln-01'] }, { all: true }] }),
);

export const ReasonBody = /* @__PURE__ */ declared(() =>
  z
    .object({ reason: plainText(z.string().trim().min(1, 'say why').max(500), { multiline: true }) })
    .strict()
    .meta({ id: 'Reason', examples: [{ reason: 'The practice closed for the day' }] }),
);

export const CancelBookingBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      reason: plainText(z.string().trim().min(1, 'say why').max(500), { multiline: true }),
      acknowledgeLateFee: z.boolean().optional().meta({
        description:
          "Accepted as POST /shifts/{id}/cancel takes it, never required here: the practice cancelling a booking inside the organisation's late window owes the clinician the fee either way",
      }),
    })
    .strict()
    .meta({ id: 'CancelBooking', examples: [{ reason: 'The practice closed for the day' }] }),
);

export const ListBookingsQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      practiceId: Id.optional(),
      clinicianId: Id.optional(),
    })
    .extend(DateRangeQuery.shape),
);

export const OfferRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      shiftId: Id,
      clinicianId: Id,
      code: z.string().meta({ description: 'Reply YES <code> to book by text' }),
      status: z.enum(['live', 'accepted', 'declined', 'expired', 'withdrawn']),
      wave: z.number().int().meta({ description: "0 for a manager's named offer; 1, 2, ... for the cascade's waves" }),
      createdAt: z.string(),
      expiresAt: z.string(),
      decidedAt: z.string().optional(),
      bookingId: z.string().optional(),
      shift: ShiftRecord.extend({
        practiceName: z.string().optional(),
        practice: PracticeDetails.optional(),
        totalPence: z.number().int().optional().meta({
          description:
            'What the shift pays as posted: booked time less the break, at its rate (bank holiday uplift included)',
        }),
      })
        .optional()
        .meta({ description: 'In GET /offers: the shift offered' }),
    })
    .meta({ id: 'Offer' }),
);
export type OfferRecord = z.output<typeof OfferRecord>;

export const BookingRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      shiftId: Id,
      clinicianId: Id,
      practiceId: Id,
      status: z.enum(['confirmed', 'cancelled']),
      bookedAt: z.string(),
      offerId: z.string().optional(),
      start: z.string(),
      end: z.string(),
      cancelledAt: z.string().optional(),
      cancelledBy: z.string().optional(),
      cancelReason: z.string().optional().meta({ description: 'Why it was cancelled, by whichever side cancelled it' }),
      timesheetId: Id.optional().meta({
        description: 'Its timesheet: the claim for the work, or the fee owed for a late cancellation by the practice',
      }),
      localStart: z.string().optional().meta({ description: 'In GET /bookings: the London wall clock of the start' }),
      localEnd: z.string().optional().meta({ description: 'In GET /bookings: the London wall clock of the end' }),
      breakMinutes: z.number().int().optional().meta({ description: "In GET /bookings: the shift's unpaid break" }),
      hourlyRatePence: z.number().int().optional().meta({ description: "In GET /bookings: the shift's rate" }),
      totalPence: z.number().int().optional().meta({
        description: 'In GET /bookings: what the shift pays as booked (bank holiday uplift included)',
      }),
      practice: PracticeDetails.optional().meta({
        description: "In GET /bookings: the practice's address, phone and arrival notes",
      }),
    })
    .meta({ id: 'Booking' }),
);
export type BookingRecord = z.output<typeof BookingRecord>;

const Reason = /* @__PURE__ */ declared(() => z.enum(EXCLUSION_REASONS));

export const MatchesQuery = /* @__PURE__ */ declared(() =>
  z.object({
    clinicianId: Id.optional().meta({
      description: 'Explain this one clinician of the organisation, however far away',
    }),
  }),
);

export const MatchesRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      candidates: z.array(
        z.object({
          clinicianId: Id,
          name: z.string(),
          distanceKm: z.number(),
          score: z.number(),
          preferred: z.boolean(),
          offered: z.boolean(),
          reasons: z.array(Reason).max(0),
        }),
      ),
      excluded: z.array(
        z.object({
          clinicianId: Id,
          name: z.string(),
          distanceKm: z.number(),
          reasons: z.array(Reason).min(1),
          details: z
            .object({ missing: z.array(DocumentTypeSchema), lapsed: z.array(DocumentTypeSchema) })
            .optional()
            .meta({ description: 'With COMPLIANCE: the document types missing, and those lapsed by the shift' }),
        }),
      ),
      role: RoleSchema.optional(),
      beyondTravel: z.number().int().optional().meta({
        description: "Without clinicianId: how many more of the role's clinicians are out of range (not listed)",
      }),
    })
    .meta({ id: 'Matches' }),
);
export type MatchesRecord = z.output<typeof MatchesRecord>;
