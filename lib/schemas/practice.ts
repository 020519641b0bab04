import * as z from 'zod/mini';
import { Id, LatSchema, LonSchema, plainText } from './common';
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';
import { withMeta } from './meta';

const ODS_INPUT = /^\s*[A-Za-z]\d{5}\s*$/;

export const CreatePracticeBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      name: plainText(z.string().check(z.trim(), z.minLength(2), z.maxLength(120))),
      // Read as typed (any case, spaces around), kept upper case: the published pattern says the same.
      odsCode: withMeta(
        z.string().check(z.regex(ODS_INPUT, 'must be an ODS practice code such as L85001'), z.trim(), z.toUpperCase()),
        { description: 'ODS practice code, any case; stored and shown upper case', example: 'L85001' },
      ),
      pcn: z.optional(plainText(z.string().check(z.trim(), z.maxLength(120)))),
      address: z.optional(plainText(z.string().check(z.trim(), z.maxLength(300)), { multiline: true })),
      postcode: z.optional(plainText(z.string().check(z.trim(), z.toUpperCase(), z.maxLength(10)))),
      lat: LatSchema,
      lon: LonSchema,
      costCentre: z.optional(plainText(z.string().check(z.trim(), z.maxLength(40)))),
      email: z.optional(z.email().check(z.maxLength(254))),
      // As the practice gives it ("01935 474005, option 3 for the duty doctor"), so kept as typed.
      phone: withMeta(z.optional(plainText(z.string().check(z.trim(), z.maxLength(60)))), {
        description: 'The number a locum rings on the day (reception or the duty team)',
      }),
      notes: withMeta(z.optional(plainText(z.string().check(z.trim(), z.maxLength(1000)), { multiline: true })), {
        description: 'What a locum needs on arrival: parking, door codes, the clinical system and log-ins',
      }),
    }),
    {
      id: 'CreatePractice',
      examples: [{ name: 'Hendford Surgery', odsCode: 'L85001', postcode: 'BA20 1UN', lat: 50.94, lon: -2.64 }],
    },
  ),
);
export type CreatePracticeBody = z.infer<typeof CreatePracticeBody>;

export const PracticeRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      name: z.string(),
      odsCode: z.string().check(z.regex(/^[A-Z]\d{5}$/)),
      pcn: z.optional(z.string()),
      address: z.optional(z.string()),
      postcode: z.optional(z.string()),
      lat: z.number(),
      lon: z.number(),
      costCentre: z.optional(z.string()),
      email: z.optional(z.string()),
      phone: z.optional(z.string()),
      notes: z.optional(z.string()),
      createdAt: z.string(),
      maxHourlyRatePence: withMeta(z.optional(z.record(z.string(), z.number().check(z.int()))), {
        description: 'Per role, the most a manager may set without approval; a role absent has no cap',
      }),
      requirements: withMeta(z.array(DocumentTypeSchema), {
        description: "Document types required of everyone for work here, beyond each clinician's own",
      }),
    }),
    { id: 'Practice' },
  ),
);
export type PracticeRecord = z.output<typeof PracticeRecord>;

/** What a clinician offered or booked a shift needs to get there and start: on offers and bookings. */
export const PracticeDetails = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      name: z.string(),
      address: z.optional(z.string()),
      postcode: z.optional(z.string()),
      phone: z.optional(z.string()),
      notes: withMeta(z.optional(z.string()), { description: 'Parking, door codes, the clinical system' }),
    }),
    { id: 'PracticeDetails' },
  ),
);
export type PracticeDetails = z.output<typeof PracticeDetails>;
