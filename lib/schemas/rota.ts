import * as z from 'zod';
import { daysBetween } from '../domain/rota';
import { WEEKDAYS } from '../domain/types';
import { DateSchema, Id, PenceSchema, plainText, RoleSchema, SkillSchema } from './common';
import { declared } from './declared';
import { ShiftRecord, ShiftStatusSchema } from './shift';

/** A week view reads at most six weeks. */
export const MAX_ROTA_DAYS = 42;
/** A bulk post makes at most this many shifts. */
export const MAX_BULK_SHIFTS = 200;
/** A weekly pattern spans at most about four years (200 weekly shifts). */
const MAX_PATTERN_DAYS = 4 * 366;

const WallClock = /* @__PURE__ */ declared(() =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm, 00:00 to 23:59')
    .meta({ description: 'London wall clock', example: '08:00' }),
);

export const RotaQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      from: DateSchema.meta({ description: 'First London date shown' }),
      to: DateSchema.meta({ description: 'Last London date shown (inclusive)' }),
      practiceId: Id.optional(),
    })
    .superRefine((q, ctx) => {
      const days = daysBetween(q.from, q.to) + 1;
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
      else if (days > MAX_ROTA_DAYS)
        ctx.addIssue({ code: 'custom', path: ['to'], message: `the rota shows at most ${MAX_ROTA_DAYS} days` });
    }),
);
export type RotaQuery = z.infer<typeof RotaQuery>;

export const RotaShift = /* @__PURE__ */ declared(() =>
  z.object({
    id: Id,
    practiceId: Id,
    role: RoleSchema,
    localStart: z.string().meta({ description: 'London wall clock' }),
    localEnd: z.string().meta({ description: 'London wall clock' }),
    status: ShiftStatusSchema,
    clinicianName: z.string().optional().meta({ description: 'The booked clinician, when filled' }),
    hourlyRatePence: z.number().int(),
  }),
);

export const RotaRecord = /* @__PURE__ */ declared(() =>
  z.object({ days: z.array(z.object({ date: z.string(), shifts: z.array(RotaShift) })) }).meta({ id: 'Rota' }),
);
export type RotaRecord = z.output<typeof RotaRecord>;

const minutesOf = (clock: string) => {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

const SessionSchema = /* @__PURE__ */ declared(() =>
  z
    .object({
      from: WallClock,
      to: WallClock.meta({ description: 'London wall clock; at or before from means the next day' }),
      breakMinutes: z.number().int().min(0).max(240).default(0),
    })
    .strict()
    .superRefine((s, ctx) => {
      let minutes = minutesOf(s.to) - minutesOf(s.from);
      if (minutes <= 0) minutes += 24 * 60;
      if (s.breakMinutes >= minutes)
        ctx.addIssue({ code: 'custom', path: ['breakMinutes'], message: 'must be shorter than the session' });
    }),
);

export const CreateTemplateBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      practiceId: Id,
      name: plainText(z.string().trim().min(1).max(80)),
      role: RoleSchema,
      skills: z
        .array(SkillSchema)
        .max(20)
        .default([])
        .refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry'),
      sessions: z
        .array(SessionSchema)
        .min(1)
        .max(4)
        .superRefine((sessions, ctx) => {
          // Minutes from the day's midnight; a night runs past 1440.
          const spans = sessions.map((s) => {
            const from = minutesOf(s.from);
            let to = minutesOf(s.to);
            if (to <= from) to += 24 * 60;
            return [from, to] as const;
          });
          spans.forEach(([from, to], i) => {
            const clash = spans.findIndex(([f, t], j) => j < i && f < to && from < t);
            if (clash >= 0) ctx.addIssue({ code: 'custom', path: [i], message: `overlaps session ${clash + 1}` });
          });
        }),
      hourlyRatePence: PenceSchema.refine((p) => p >= 1000, 'must be at least 1000 (£10.00 an hour)'),
      notes: plainText(z.string().trim().max(500), { multiline: true }).optional(),
      cascadeMinutes: z
        .number()
        .int()
        .min(0)
        .max(24 * 60)
        .default(30),
    })
    .strict()
    .meta({
      id: 'CreateShiftTemplate',
      examples: [
        {
          practiceId: 'prc-01',
          name: 'Nurse mornings',
          role: 'practice-nurse',
          sessions: [{ from: '08:30', to: '12:30' }],
          hourlyRatePence: 3000,
        },
      ],
    }),
);
export type CreateTemplateBody = z.infer<typeof CreateTemplateBody>;

export const TemplateRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      practiceId: Id,
      name: z.string(),
      role: RoleSchema,
      skills: z.array(z.string()),
      sessions: z.array(z.object({ from: z.string(), to: z.string(), breakMinutes: z.number().int() })),
      hourlyRatePence: z.number().int(),
      notes: z.string().optional(),
      cascadeMinutes: z.number().int(),
      createdAt: z.string(),
    })
    .meta({ id: 'ShiftTemplate' }),
);
export type TemplateRecord = z.output<typeof TemplateRecord>;

export const ListTemplatesQuery = /* @__PURE__ */ declared(() => z.object({ practiceId: Id }));

export const BulkPostBody = /* @__PURE__ */ declared(() =>
  z
    .union([
      z
        .object({
          templateId: Id,
          dates: z
            .array(DateSchema)
            .min(1)
            .max(MAX_BULK_SHIFTS)
            .refine((xs) => new Set(xs).size === xs.length, 'must not repeat a date'),
        })
        .strict(),
      z
        .object({
          templateId: Id,
          from: DateSchema,
          to: DateSchema,
          days: z
            .array(z.enum(WEEKDAYS))
            .min(1)
            .max(7)
            .refine((xs) => new Set(xs).size === xs.length, 'must not repeat a day'),
        })
        .strict()
        .superRefine((b, ctx) => {
          const span = daysBetween(b.from, b.to);
          if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
          else if (span >= MAX_PATTERN_DAYS)
            ctx.addIssue({ code: 'custom', path: ['to'], message: `a pattern spans at most ${MAX_PATTERN_DAYS} days` });
        }),
    ])
    .meta({
      id: 'BulkPostShifts',
      examples: [
        { templateId: 'tpl-01', dates: ['2027-07-05', '2027-07-06'] },
        { templateId: 'tpl-01', from: '2027-07-05', to: '2027-07-30', days: ['mon', 'wed'] },
      ],
    }),
);
export type BulkPostBody = z.infer<typeof BulkPostBody>;

export const SKIP_REASONS = ['PAST', 'CLOCK_CHANGE', 'TOO_FAR_AHEAD', 'DUPLICATE'] as const;

export const BulkPostRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      shifts: z.array(ShiftRecord),
      skipped: z.array(
        z.object({
          date: z.string(),
          session: z.string().meta({ description: 'The template session, `08:00-12:10`' }),
          reason: z.enum(SKIP_REASONS),
          message: z.string(),
        }),
      ),
    })
    .meta({ id: 'BulkPostResult' }),
);
export type BulkPostRecord = z.output<typeof BulkPostRecord>;
