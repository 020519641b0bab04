import * as z from 'zod';
import { Id, LatSchema, LonSchema, plainText } from './common';
import { declared } from './declared';
import { DocumentTypeSchema } from './documents';

const ODS_INPUT = /^\s*[A-Za-z]\d{5}\s*$/;

export const CreatePracticeBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      name: plainText(z.string().trim().min(2).max(120)),
      // Read as typed (any case, spaces around), kept upper case: the published pattern says the same.
      odsCode: z
        .string()
        .regex(ODS_INPUT, 'must be an ODS practice code such as L85001')
        .trim()
        .toUpperCase()
        .meta({ description: 'ODS practice code, any case; stored and shown upper case', example: 'L85001' }),
      pcn: plainText(z.string().trim().max(120)).optional(),
      address: plainText(z.string().trim().max(300), { multiline: true }).optional(),
      postcode: plainText(z.string().trim().toUpperCase().max(10)).optional(),
      lat: LatSchema,
      lon: LonSchema,
      costCentre: plainText(z.string().trim().max(40)).optional(),
      email: z.email().max(254).optional(),
      // As the practice gives it ("01935 474005, option 3 for the duty doctor"), so kept as typed.
      phone: plainText(z.string().trim().max(60))
        .optional()
        .meta({ description: 'The number a locum rings on the day (reception or the duty team)' }),
      notes: plainText(z.string().trim().max(1000), { multiline: true })
        .optional()
        .meta({ description: 'What a locum needs on arrival: parking, door codes, the clinical system and log-ins' }),
    })
    .strict()
    .meta({
      id: 'CreatePractice',
      examples: [{ name: 'Hendford Surgery', odsCode: 'L85001', postcode: 'BA20 1UN', lat: 50.94, lon: -2.64 }],
    }),
);
export type CreatePracticeBody = z.infer<typeof CreatePracticeBody>;

export const PracticeRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      name: z.string(),
      odsCode: z.string().regex(/^[A-Z]\d{5}$/),
      pcn: z.string().optional(),
      address: z.string().optional(),
      postcode: z.string().optional(),
      lat: z.number(),
      lon: z.number(),
      costCentre: z.string().optional(),
      email: z.string().optional(),
      phone: z.string().optional(),
      notes: z.string().optional(),
      createdAt: z.string(),
      maxHourlyRatePence: z
        .record(z.string(), z.number().int())
        .optional()
        .meta({ description: 'Per role, the most a manager may set without approval; a role absent has no cap' }),
      requirements: z
        .array(DocumentTypeSchema)
        .meta({ description: "Document types required of everyone for work here, beyond each clinician's own" }),
    })
    .meta({ id: 'Practice' }),
);
export type PracticeRecord = z.output<typeof PracticeRecord>;

/** What a clinician offered or booked a shift needs to get there and start: on offers and bookings. */
export const PracticeDetails = /* @__PURE__ */ declared(() =>
  z
    .object({
      name: z.string(),
      address: z.string().optional(),
      postcode: z.string().optional(),
      phone: z.string().optional(),
      notes: z.string().optional().meta({ description: 'Parking, door codes, the clinical system' }),
    })
    .meta({ id: 'PracticeDetails' }),
);
export type PracticeDetails = z.output<typeof PracticeDetails>;
