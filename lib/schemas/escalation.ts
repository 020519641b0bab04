import * as z from 'zod';
import { ROLES } from '../domain/types';
import { Id, PenceSchema, plainText } from './common';
import { declared } from './declared';
import { CreatePracticeBody } from './practice';

const RatePence = /* @__PURE__ */ declared(() =>
  PenceSchema.refine((p) => p >= 1000, 'must be at least 1000 (£10.00 an hour)'),
);

export const MaxHourlyRatePence = /* @__PURE__ */ declared(() =>
  z.partialRecord(z.enum(ROLES), RatePence).meta({
    description: 'Per role, the most a manager may set without approval (pence an hour); a role absent has no cap',
  }),
);

export const UpdatePracticeBody = /* @__PURE__ */ declared(() =>
  CreatePracticeBody.partial()
    .extend({ maxHourlyRatePence: MaxHourlyRatePence.optional() })
    .strict()
    .refine((b) => Object.keys(b).length > 0, 'send at least one field')
    .meta({
      id: 'UpdatePractice',
      examples: [{ maxHourlyRatePence: { gp: 11000, 'practice-nurse': 3800 } }, { pcn: 'Yeovil PCN' }],
    }),
);
export type UpdatePracticeBody = z.infer<typeof UpdatePracticeBody>;

export const RaiseRateBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      hourlyRatePence: RatePence,
      reason: plainText(z.string().trim().min(1, 'say why').max(500), { multiline: true }),
    })
    .strict()
    .meta({ id: 'RaiseRate', examples: [{ hourlyRatePence: 9500, reason: 'No takers two days before' }] }),
);
export type RaiseRateBody = z.infer<typeof RaiseRateBody>;

export const DecisionBody = /* @__PURE__ */ declared(() =>
  z
    .object({ reason: plainText(z.string().trim().min(1).max(500), { multiline: true }).optional() })
    .strict()
    .meta({ id: 'EscalationDecision', examples: [{}, { reason: 'Agreed with the partners' }] }),
);
export type DecisionBody = z.infer<typeof DecisionBody>;

export const EscalationStatusSchema = /* @__PURE__ */ declared(() => z.enum(['pending', 'approved', 'rejected']));

export const ListEscalationsQuery = /* @__PURE__ */ declared(() =>
  z.object({ status: EscalationStatusSchema.optional() }).strict(),
);

export const EscalationRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      shiftId: Id,
      practiceId: Id,
      role: z.enum(ROLES),
      status: EscalationStatusSchema,
      fromPence: z.number().int().meta({ description: 'The hourly rate when the raise was asked for' }),
      toPence: z.number().int().meta({ description: 'The hourly rate asked for' }),
      capPence: z.number().int().meta({ description: "The practice's cap for the role that it goes over" }),
      reason: z.string(),
      requestedBy: z.string(),
      requestedAt: z.string(),
      decidedBy: z.string().optional(),
      decidedAt: z.string().optional(),
      decisionReason: z.string().optional(),
    })
    .meta({ id: 'Escalation' }),
);
export type EscalationRecord = z.output<typeof EscalationRecord>;

export const CascadePreviewRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      waves: z.array(
        z.object({
          wave: z.number().int(),
          at: z.string().meta({ description: 'When the wave is sent (UTC)' }),
          clinicians: z.array(z.object({ clinicianId: Id, name: z.string(), preferred: z.boolean() })),
        }),
      ),
      excluded: z.number().int().meta({ description: 'Clinicians near the practice whom a rule excludes' }),
      unreached: z.number().int().meta({
        description: 'Eligible clinicians whose wave would fall at or after the start, so are never offered it',
      }),
    })
    .meta({ id: 'CascadePreview' }),
);

export const CancelShiftBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      reason: plainText(z.string().trim().min(1, 'say why').max(500), { multiline: true }),
      acknowledgeLateFee: z.boolean().optional().meta({
        description:
          "Required (true) to cancel a filled shift inside the organisation's late window: the booked clinician is paid the fee",
      }),
    })
    .strict()
    .meta({ id: 'CancelShift', examples: [{ reason: 'The room is flooded', acknowledgeLateFee: true }] }),
);
export type CancelShiftBody = z.infer<typeof CancelShiftBody>;
