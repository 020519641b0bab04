import * as z from 'zod/mini';
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';
import { withMeta } from './meta';

export const PracticeRequirementsBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      types: withMeta(
        z.array(DocumentTypeSchema).check(
          z.maxLength(12),
          z.refine((types) => new Set(types).size === types.length, 'must not name a type twice'),
        ),
        { description: "The practice's extra types, replacing any it had; [] requires nothing extra" },
      ),
    }),
    { id: 'PracticeRequirements', examples: [{ types: ['hep-b', 'performers-list'] }] },
  ),
);
export type PracticeRequirementsBody = z.infer<typeof PracticeRequirementsBody>;

export const AtRiskQuery = /* @__PURE__ */ declared(() =>
  z.strictObject({
    days: withMeta(z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(90))), {
      description: 'How far ahead to look, in days (default 30)',
    }),
  }),
);

export const AtRiskRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      clinicianId: z.string(),
      name: z.string(),
      documentType: DocumentTypeSchema,
      expiresOn: withMeta(z.string(), { description: 'The first London date the document no longer counts' }),
      lapsed: withMeta(z.boolean(), { description: 'Already lapsed (listed while a booking still falls after it)' }),
      daysLeft: withMeta(z.number().check(z.int()), {
        description: 'Days from today to expiresOn; 0 or less once lapsed',
      }),
      documentId: withMeta(z.optional(z.string()), {
        description: 'Absent for a date an admin recorded without a file',
      }),
      bookings: withMeta(
        z.array(
          z.object({
            bookingId: z.string(),
            shiftId: z.string(),
            practiceId: z.string(),
            start: z.string(),
            end: z.string(),
            localStart: z.string(),
            localEnd: z.string(),
          }),
        ),
        { description: 'Confirmed bookings whose last day falls on or after expiresOn, soonest first' },
      ),
    }),
    { id: 'AtRisk' },
  ),
);
export type AtRiskRecord = z.output<typeof AtRiskRecord>;
