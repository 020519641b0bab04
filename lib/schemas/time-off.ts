import * as z from 'zod';
import { Id, PeriodDateSchema, plainText } from './common';
import { declared } from './declared';

/** Longest single period of time off; longer absences are a matter for the bank, not the rota. */
export const MAX_TIME_OFF_DAYS = 366;

export const CreateTimeOffBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      from: PeriodDateSchema.meta({ description: 'First London date off' }),
      to: PeriodDateSchema.meta({ description: 'Last London date off (inclusive)' }),
      reason: plainText(z.string().trim().min(1).max(200), { multiline: true }).optional(),
    })
    .strict()
    .superRefine((b, ctx) => {
      if (b.from > b.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
      else if ((Date.parse(b.to) - Date.parse(b.from)) / 86_400_000 + 1 > MAX_TIME_OFF_DAYS) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: `time off may cover at most ${MAX_TIME_OFF_DAYS} days` });
      }
    })
    .meta({ id: 'CreateTimeOff', examples: [{ from: '2027-08-02', to: '2027-08-13', reason: 'Annual leave' }] }),
);
export type CreateTimeOffBody = z.infer<typeof CreateTimeOffBody>;

export const TimeOffRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      from: z.string().meta({ description: 'First London date off' }),
      to: z.string().meta({ description: 'Last London date off (inclusive)' }),
      reason: z.string().optional(),
      createdAt: z.string(),
    })
    .meta({ id: 'TimeOff' }),
);
export type TimeOffRecord = z.output<typeof TimeOffRecord>;
