import * as z from 'zod/mini';
import { ROLES } from '../domain/types';
import { Id, PenceSchema, plainText } from './common';
import { declared } from './declared';
import { withMeta } from './meta';
import { CreatePracticeBody } from './practice';

const RatePence = /* @__PURE__ */ declared(() =>
  PenceSchema.check(z.refine((p) => p >= 1000, 'must be at least 1000 (£10.00 an hour)')),
);

export const MaxHourlyRatePence = /* @__PURE__ */ declared(() =>
  withMeta(z.partialRecord(z.enum(ROLES), RatePence), {
    description: 'Per role, the most a manager may set without approval (pence an hour); a role absent has no cap',
  }),
);

export const UpdatePracticeBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z
      .strictObject(
        z.extend(z.partial(CreatePracticeBody), { maxHourlyRatePence: z.optional(MaxHourlyRatePence) }).shape,
      )
      .check(z.refine((b) => Object.keys(b).length > 0, 'send at least one field')),
    {
      id: 'UpdatePractice',
      examples: [{ maxHourlyRatePence: { gp: 11000, 'practice-nurse': 3800 } }, { pcn: 'Yeovil PCN' }],
    },
  ),
);
export type UpdatePracticeBody = z.infer<typeof UpdatePracticeBody>;

export const RaiseRateBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      hourlyRatePence: RatePence,
      reason: plainText(z.string().check(z.trim(), z.minLength(1, 'say why'), z.maxLength(500)), { multiline: true }),
    }),
    { id: 'RaiseRate', examples: [{ hourlyRatePence: 9500, reason: 'No takers two days before' }] },
  ),
);
export type RaiseRateBody = z.infer<typeof RaiseRateBody>;

/** Everything in it is optional, so no body at all is a decision without a reason. */
export const DecisionBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.optional(
      z.strictObject({
        reason: z.optional(
          plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)), { multiline: true }),
        ),
      }),
    ),
    { id: 'EscalationDecision', examples: [{}, { reason: 'Agreed with the partners' }] },
  ),
);
export type DecisionBody = z.infer<typeof DecisionBody>;

export const EscalationStatusSchema = /* @__PURE__ */ declared(() => z.enum(['pending', 'approved', 'rejected']));

export const ListEscalationsQuery = /* @__PURE__ */ declared(() =>
  z.strictObject({ status: z.optional(EscalationStatusSchema) }),
);

export const EscalationRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      shiftId: Id,
      practiceId: Id,
      role: z.enum(ROLES),
      status: EscalationStatusSchema,
      fromPence: withMeta(z.number().check(z.int()), { description: 'The hourly rate when the raise was asked for' }),
      toPence: withMeta(z.number().check(z.int()), { description: 'The hourly rate asked for' }),
      capPence: withMeta(z.number().check(z.int()), {
        description: "The practice's cap for the role that it goes over",
      }),
      reason: z.string(),
      requestedBy: z.string(),
      requestedAt: z.string(),
      decidedBy: z.optional(z.string()),
      decidedAt: z.optional(z.string()),
      decisionReason: z.optional(z.string()),
    }),
    { id: 'Escalation' },
  ),
);
export type EscalationRecord = z.output<typeof EscalationRecord>;

export const CascadePreviewRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      waves: z.array(
        z.object({
          wave: z.number().check(z.int()),
          at: withMeta(z.string(), { description: 'When the wave is sent (UTC)' }),
          clinicians: z.array(z.object({ clinicianId: Id, name: z.string(), preferred: z.boolean() })),
        }),
      ),
      excluded: withMeta(z.number().check(z.int()), {
        description: 'Clinicians near the practice whom a rule excludes',
      }),
      unreached: withMeta(z.number().check(z.int()), {
        description: 'Eligible clinicians whose wave would fall at or after the start, so are never offered it',
      }),
    }),
    { id: 'CascadePreview' },
  ),
);

export const CancelShiftBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      reason: plainText(z.string().check(z.trim(), z.minLength(1, 'say why'), z.maxLength(500)), { multiline: true }),
      acknowledgeLateFee: withMeta(z.optional(z.boolean()), {
        description:
          "Required (true) to cancel a filled shift inside the organisation's late window: the booked clinician is paid the fee",
      }),
    }),
    { id: 'CancelShift', examples: [{ reason: 'The room is flooded', acknowledgeLateFee: true }] },
  ),
);
export type CancelShiftBody = z.infer<typeof CancelShiftBody>;
