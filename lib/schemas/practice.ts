import * as z from 'zod';
import { Id, LatSchema, LonSchema, plainText } from './common';

export const CreatePracticeBody = z
  .object({
    name: plainText(z.string().trim().min(2).max(120)),
    odsCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]\d{5}$/, 'must be an ODS practice code such as L85001'),
    pcn: plainText(z.string().trim().max(120)).optional(),
    address: plainText(z.string().trim().max(300), { multiline: true }).optional(),
    postcode: plainText(z.string().trim().toUpperCase().max(10)).optional(),
    lat: LatSchema,
    lon: LonSchema,
    costCentre: plainText(z.string().trim().max(40)).optional(),
    email: z.email().max(254).optional(),
  })
  .strict()
  .meta({ id: 'CreatePractice' });
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
  })
  .meta({ id: 'Practice' });
