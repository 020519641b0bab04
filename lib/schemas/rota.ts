import * as z from 'zod/mini';
import { daysBetween, MAX_BULK_SHIFTS } from '../domain/rota';
import { WEEKDAYS } from '../domain/types';
import { DateSchema, Id, PenceSchema, plainText, RoleSchema, SkillSchema } from './common';
import { declared } from './declared';
import { withMeta } from './meta';
import { ShiftRecord, ShiftStatusSchema } from './shift';

/** A week view reads at most six weeks. */
export const MAX_ROTA_DAYS = 42;
/** A weekly pattern spans at most about four years (200 weekly shifts). */
const MAX_PATTERN_DAYS = 4 * 366;

const WallClock = /* @__PURE__ */ declared(() =>
  withMeta(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm, 00:00 to 23:59')), {
    description: 'London wall clock',
    example: '08:00',
  }),
);

export const RotaQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      from: withMeta(DateSchema, { description: 'First London date shown' }),
      to: withMeta(DateSchema, { description: 'Last London date shown (inclusive)' }),
      practiceId: z.optional(Id),
    })
    .check(
      z.superRefine((q, ctx) => {
        const days = daysBetween(q.from, q.to) + 1;
        if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
        else if (days > MAX_ROTA_DAYS)
          ctx.addIssue({ code: 'custom', path: ['to'], message: `the rota shows at most ${MAX_ROTA_DAYS} days` });
      }),
    ),
);
export type RotaQuery = z.infer<typeof RotaQuery>;

export const RotaShift = /* @__PURE__ */ declared(() =>
  z.object({
    id: Id,
    practiceId: Id,
    role: RoleSchema,
    localStart: withMeta(z.string(), { description: 'London wall clock' }),
    localEnd: withMeta(z.string(), { description: 'London wall clock' }),
    status: ShiftStatusSchema,
    clinicianName: withMeta(z.optional(z.string()), { description: 'The booked clinician, when filled' }),
    hourlyRatePence: z.number().check(z.int()),
  }),
);

export const RotaRecord = /* @__PURE__ */ declared(() =>
  withMeta(z.object({ days: z.array(z.object({ date: z.string(), shifts: z.array(RotaShift) })) }), { id: 'Rota' }),
);
export type RotaRecord = z.output<typeof RotaRecord>;

const minutesOf = (clock: string) => {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

const SessionSchema = /* @__PURE__ */ declared(() =>
  z
    .strictObject({
      from: WallClock,
      to: withMeta(WallClock, { description: 'London wall clock; at or before from means the next day' }),
      breakMinutes: z._default(z.number().check(z.int(), z.gte(0), z.lte(240)), 0),
    })
    .check(
      z.superRefine((s, ctx) => {
        let minutes = minutesOf(s.to) - minutesOf(s.from);
        if (minutes <= 0) minutes += 24 * 60;
        if (s.breakMinutes >= minutes)
          ctx.addIssue({ code: 'custom', path: ['breakMinutes'], message: 'must be shorter than the session' });
      }),
    ),
);

export const CreateTemplateBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      practiceId: Id,
      name: plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(80))),
      role: RoleSchema,
      skills: z
        ._default(z.array(SkillSchema).check(z.maxLength(20)), [])
        .check(z.refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry')),
      sessions: z.array(SessionSchema).check(
        z.minLength(1),
        z.maxLength(4),
        z.superRefine((sessions, ctx) => {
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
      ),
      hourlyRatePence: PenceSchema.check(z.refine((p) => p >= 1000, 'must be at least 1000 (£10.00 an hour)')),
      notes: z.optional(plainText(z.string().check(z.trim(), z.maxLength(500)), { multiline: true })),
      cascadeMinutes: z._default(z.number().check(z.int(), z.gte(0), z.lte(24 * 60)), 30),
    }),
    {
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
    },
  ),
);
export type CreateTemplateBody = z.infer<typeof CreateTemplateBody>;

export const TemplateRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      practiceId: Id,
      name: z.string(),
      role: RoleSchema,
      skills: z.array(z.string()),
      sessions: z.array(z.object({ from: z.string(), to: z.string(), breakMinutes: z.number().check(z.int()) })),
      hourlyRatePence: z.number().check(z.int()),
      notes: z.optional(z.string()),
      cascadeMinutes: z.number().check(z.int()),
      createdAt: z.string(),
    }),
    { id: 'ShiftTemplate' },
  ),
);
export type TemplateRecord = z.output<typeof TemplateRecord>;

export const ListTemplatesQuery = /* @__PURE__ */ declared(() => z.object({ practiceId: Id }));

export const BulkPostBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.union([
      z.strictObject({
        templateId: Id,
        dates: z.array(DateSchema).check(
          z.minLength(1),
          z.maxLength(MAX_BULK_SHIFTS),
          z.refine((xs) => new Set(xs).size === xs.length, 'must not repeat a date'),
        ),
      }),
      z
        .strictObject({
          templateId: Id,
          from: DateSchema,
          to: DateSchema,
          days: z.array(z.enum(WEEKDAYS)).check(
            z.minLength(1),
            z.maxLength(7),
            z.refine((xs) => new Set(xs).size === xs.length, 'must not repeat a day'),
          ),
        })
        .check(
          z.superRefine((b, ctx) => {
            const span = daysBetween(b.from, b.to);
            if (span < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
            else if (span >= MAX_PATTERN_DAYS)
              ctx.addIssue({
                code: 'custom',
                path: ['to'],
                message: `a pattern spans at most ${MAX_PATTERN_DAYS} days`,
              });
          }),
        ),
    ]),
    {
      id: 'BulkPostShifts',
      examples: [
        { templateId: 'tpl-01', dates: ['2027-07-05', '2027-07-06'] },
        { templateId: 'tpl-01', from: '2027-07-05', to: '2027-07-30', days: ['mon', 'wed'] },
      ],
    },
  ),
);
export type BulkPostBody = z.infer<typeof BulkPostBody>;

export const SKIP_REASONS = ['PAST', 'CLOCK_CHANGE', 'TOO_FAR_AHEAD', 'DUPLICATE'] as const;

export const BulkPostRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      shifts: z.array(ShiftRecord),
      skipped: z.array(
        z.object({
          date: z.string(),
          session: withMeta(z.string(), { description: 'The template session, `08:00-12:10`' }),
          reason: z.enum(SKIP_REASONS),
          message: z.string(),
        }),
      ),
    }),
    { id: 'BulkPostResult' },
  ),
);
export type BulkPostRecord = z.output<typeof BulkPostRecord>;
