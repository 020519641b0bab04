import * as z from 'zod';
import { Id, LatSchema, LonSchema } from './common';

export const CreatePracticeBody = z
  .object({
    name: z.string().trim().min(2).max(120),
    odsCode: z
      .string()
      .trim()
      .toUpperCase()
      // Checked after trimming and upper-casing; the pattern says what a client may send.
      .regex(/^\s*[A-Za-z]\d{5}\s*$/, 'must be an ODS practice code such as L85001'),
    pcn: z.string().trim().max(120).optional(),
    address: z.string().trim().max(300).optional(),
    postcode: z.string().trim().toUpperCase().max(10).optional(),
    lat: LatSchema,
    lon: LonSchema,
    costCentre: z.string().trim().max(40).optional(),
    email: z.email().max(254).optional(),
  })
  .strict()
  .meta({
    id: 'CreatePractice',
    examples: [{ name: 'Hendford Surgery', odsCode: 'L85001', postcode: 'BA20 1UN', lat: 50.94, lon: -2.64 }],
  });
export type CreatePracticeBody = z.infer<typeof CreatePracticeBody>;

export const PracticeRecord = z
  .object({
    id: Id,
    name: z.string(),
    odsCode: z.string(),
    pcn: z.string().optional(),
    address: z.string().optional(),
    postcode: z.string().optional(),
    lat: z.number(),
    lon: z.number(),
    costCentre: z.string().optional(),
    email: z.string().optional(),
    createdAt: z.string(),
  })
  .meta({ id: 'Practice' });
export type PracticeRecord = z.output<typeof PracticeRecord>;
