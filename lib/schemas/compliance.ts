import * as z from 'zod';
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';

export const PracticeRequirementsBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      types: z
        .array(DocumentTypeSchema)
        .max(12)
        .refine((types) => new Set(types).size === types.length, 'must not name a type twice')
        .meta({ description: "The practice's extra types, replacing any it had; [] requires nothing extra" }),
    })
    .strict()
    .meta({ id: 'PracticeRequirements', examples: [{ types: ['hep-b', 'performers-list'] }] }),
);
export type PracticeRequirementsBody = z.infer<typeof PracticeRequirementsBody>;

export const AtRiskQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      days: z.coerce
        .number()
        .int()
        .min(1)
        .max(90)
        .optional()
        .meta({ description: 'How far ahead to look, in days (default 30)' }),
    })
    .strict(),
);

export const AtRiskRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      clinicianId: z.string(),
      name: z.string(),
      documentType: DocumentTypeSchema,
      expiresOn: z.string().meta({ description: 'The first London date the document no longer counts' }),
      lapsed: z.boolean().meta({ description: 'Already lapsed (listed while a booking still falls after it)' }),
      daysLeft: z.number().int().meta({ description: 'Days from today to expiresOn; 0 or less once lapsed' }),
      documentId: z.string().optional().meta({ description: 'Absent for a date an admin recorded without a file' }),
      bookings: z
        .array(
          z.object({
            bookingId: z.string(),
            shiftId: z.string(),
            practiceId: z.string(),
            start: z.string(),
            end: z.string(),
            localStart: z.string(),
            localEnd: z.string(),
          }),
        )
        .meta({ description: 'Confirmed bookings whose last day falls on or after expiresOn, soonest first' }),
    })
    .meta({ id: 'AtRisk' }),
);
export type AtRiskRecord = z.output<typeof AtRiskRecord>;
