import * as z from 'zod';
import { DateRangeQuery, Id, InstantSchema, PenceSchema, plainText, RoleSchema, SkillSchema } from './common';
import { declared } from './declared';

const MAX_SHIFT_MINUTES = 24 * 60;

export const CreateShiftBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      practiceId: Id,
      role: RoleSchema,
      skills: z
        .array(SkillSchema)
        .max(20)
        .default([])
        .refine((xs) => new Set(xs).size === xs.length, 'must not repeat an entry'),
      start: InstantSchema,
      end: InstantSchema,
      breakMinutes: z.number().int().min(0).max(240).default(0),
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
    .superRefine((s, ctx) => {
      const minutes = (Date.parse(s.end) - Date.parse(s.start)) / 60_000;
      if (!(minutes > 0)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
      else if (minutes > MAX_SHIFT_MINUTES)
        ctx.addIssue({ code: 'custom', path: ['end'], message: 'a shift lasts at most 24 hours' });
      else if (s.breakMinutes >= minutes)
        ctx.addIssue({ code: 'custom', path: ['breakMinutes'], message: 'must be shorter than the shift' });
    })
    .meta({
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
    }),
);
export type CreateShiftBody = z.infer<typeof CreateShiftBody>;

export const ShiftStatusSchema = /* @__PURE__ */ declared(() => z.enum(['open', 'filled', 'cancelled']));

export const ListShiftsQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      practiceId: Id.optional(),
      status: ShiftStatusSchema.optional(),
      role: RoleSchema.optional(),
    })
    .extend(DateRangeQuery.shape),
);

export const ShiftRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      practiceId: Id,
      role: RoleSchema,
      skills: z.array(z.string()),
      start: z.string().meta({ description: 'UTC instant' }),
      end: z.string().meta({ description: 'UTC instant' }),
      localStart: z.string().meta({ description: 'London wall clock' }),
      localEnd: z.string().meta({ description: 'London wall clock' }),
      breakMinutes: z.number().int(),
      hourlyRatePence: z.number().int(),
      notes: z.string().optional(),
      cascadeMinutes: z.number().int(),
      status: ShiftStatusSchema,
      postedAt: z.string(),
      booking: z.object({ id: z.string(), clinicianId: z.string() }).optional(),
      templateId: z.string().optional().meta({ description: 'The template it was posted from, in bulk' }),
      excludedClinicianIds: z
        .array(z.string())
        .optional()
        .meta({ description: 'Not shown to clinicians: who cancelled a booking of it and is not offered it again' }),
      filledAt: z.string().optional(),
      cancelledAt: z.string().optional(),
      cancelReason: z.string().optional(),
    })
    .meta({ id: 'Shift' }),
);
export type ShiftRecord = z.output<typeof ShiftRecord>;
