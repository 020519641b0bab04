import * as z from 'zod';
import { addDays, isIsoDate, parseInstant, startOfLondonDay } from '../domain/time';
import { ROLES, WEEKDAYS } from '../domain/types';

export const Id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an id');

export const RoleSchema = z.enum(ROLES).meta({ description: 'Clinical role' });

export const SkillSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug such as cervical-screening')
  .max(48);

export const DateSchema = z
  .string()
  .refine(isIsoDate, 'must be a date, YYYY-MM-DD')
  .meta({ description: 'Calendar date', example: '2026-12-03' });

/** An instant with an offset, or a London wall clock without one; becomes a UTC ISO string. */
export const InstantSchema = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const utc = parseInstant(text);
    if (!utc) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be an ISO 8601 time such as 2026-12-03T08:30 (London) or 2026-12-03T08:30:00Z; London times that the clocks skip do not exist',
      });
      return z.NEVER;
    }
    return utc;
  })
  .meta({ description: 'ISO 8601; without an offset it means London wall-clock time', example: '2026-12-03T08:30' });

const FILTER_MESSAGE =
  'must be a London date such as 2026-12-01, or an ISO 8601 time such as 2026-12-01T08:30 (London) or 2026-12-01T08:30:00Z';

/**
 * One end of a date filter. A London date covers that London day whole:
 * `from` starts at its midnight, `to` runs through its last millisecond (the
 * filters compare inclusively). An instant stands as given, as before.
 */
const dateFilterEnd = (end: 'from' | 'to') =>
  z
    .string()
    .max(40)
    .transform((text, ctx) => {
      if (isIsoDate(text)) {
        if (end === 'from') return startOfLondonDay(text);
        return new Date(Date.parse(startOfLondonDay(addDays(text, 1))) - 1).toISOString();
      }
      const utc = parseInstant(text);
      if (utc) return utc;
      ctx.addIssue({ code: 'custom', message: FILTER_MESSAGE });
      return z.NEVER;
    })
    .meta({
      description:
        end === 'from'
          ? 'A London date (from its start) or an instant'
          : 'A London date (through its end, inclusive) or an instant',
      example: '2026-12-01',
    });

/**
 * The `from`/`to` query of every route that filters by date; both become UTC
 * instants, compared inclusively.
 */
export const DateRangeQuery = z.object({ from: dateFilterEnd('from').optional(), to: dateFilterEnd('to').optional() });

export const PenceSchema = z.number().int().min(0).max(100_000_00).meta({ description: 'Integer pence' });

export const LatSchema = z.number().min(-90).max(90);
export const LonSchema = z.number().min(-180).max(180);

export const ClockTimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:mm, 00:00 to 24:00');

export const AvailabilityWindowSchema = z
  .object({ day: z.enum(WEEKDAYS), from: ClockTimeSchema, to: ClockTimeSchema })
  .refine((w) => w.from < w.to, { message: 'from must be before to', path: ['to'] });

export const ListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2048).optional(),
});

export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });
