import * as z from 'zod/mini';
import { DateRangeQuery, Id, InstantSchema, PenceSchema, plainText, RoleSchema, SkillSchema } from './common';
import { declared } from './declared';
import { withMeta } from './meta';

const MAX_SHIFT_MINUTES = 24 * 60;

export const CreateShiftBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z
      .strictObject({
        practiceId: Id,
        role: RoleSchema,
        skills: z
          ._default(z.array(SkillSchema).check(z.maxLength(20)), [])
          .check(z.refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry')),
        start: InstantSchema,
        end: InstantSchema,
        breakMinutes: z._default(z.number().check(z.int(), z.gte(0), z.lte(240)), 0),
        hourlyRatePence: PenceSchema.check(z.refine((p) => p >= 1000, 'must be at least 1000 (£10.00 an hour)')),
        notes: z.optional(plainText(z.string().check(z.trim(), z.maxLength(500)), { multiline: true })),
        cascadeMinutes: z._default(z.number().check(z.int(), z.gte(0), z.lte(24 * 60)), 30),
      })
      .check(
        z.superRefine((s, ctx) => {
          const minutes = (Date.parse(s.end) - Date.parse(s.start)) / 60_000;
          if (!(minutes > 0)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
          else if (minutes > MAX_SHIFT_MINUTES)
            ctx.addIssue({ code: 'custom', path: ['end'], message: 'a shift lasts at most 24 hours' });
          else if (s.breakMinutes >= minutes)
            ctx.addIssue({ code: 'custom', path: ['breakMinutes'], message: 'must be shorter than the shift' });
        }),
      ),
    {
      id: 'CreateShift',
      examples: [
        {
          practiceId: 'prc-01',
          role: 'practice-nurse',
          skills: ['cervical-screening'],
          start: '2027-07-01T08:30',
          end: '2027-07-01T12:30',
          hourlyRatePence: 3000,
        },
      ],
    },
  ),
);
export type CreateShiftBody = z.infer<typeof CreateShiftBody>;

export const ShiftStatusSchema = /* @__PURE__ */ declared(() => z.enum(['open', 'filled', 'cancelled']));

export const ListShiftsQuery = /* @__PURE__ */ declared(() =>
  z.extend(
    z.object({
      practiceId: z.optional(Id),
      status: z.optional(ShiftStatusSchema),
      role: z.optional(RoleSchema),
    }),
    DateRangeQuery.shape,
  ),
);

export const ShiftRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      practiceId: Id,
      role: RoleSchema,
      skills: z.array(z.string()),
      start: withMeta(z.string(), { description: 'UTC instant' }),
      end: withMeta(z.string(), { description: 'UTC instant' }),
      localStart: withMeta(z.string(), { description: 'London wall clock' }),
      localEnd: withMeta(z.string(), { description: 'London wall clock' }),
      breakMinutes: z.number().check(z.int()),
      hourlyRatePence: z.number().check(z.int()),
      notes: z.optional(z.string()),
      cascadeMinutes: z.number().check(z.int()),
      status: ShiftStatusSchema,
      postedAt: z.string(),
      booking: z.optional(z.object({ id: z.string(), clinicianId: z.string() })),
      templateId: withMeta(z.optional(z.string()), { description: 'The template it was posted from, in bulk' }),
      excludedClinicianIds: withMeta(z.optional(z.array(z.string())), {
        description: 'Not shown to clinicians: who cancelled a booking of it and is not offered it again',
      }),
      filledAt: z.optional(z.string()),
      cancelledAt: z.optional(z.string()),
      cancelReason: z.optional(z.string()),
    }),
    { id: 'Shift' },
  ),
);
export type ShiftRecord = z.output<typeof ShiftRecord>;
