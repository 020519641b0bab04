import * as z from 'zod/mini';
import { Id, PeriodDateSchema, plainText } from './common';
import { declared } from './declared';
import { withMeta } from './meta';

/** Longest single period of time off; longer absences are a matter for the bank, not the rota. */
export const MAX_TIME_OFF_DAYS = 366;

export const CreateTimeOffBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z
      .strictObject({
        from: withMeta(PeriodDateSchema, { description: 'First London date off' }),
        to: withMeta(PeriodDateSchema, { description: 'Last London date off (inclusive)' }),
        reason: z.optional(
          plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), { multiline: true }),
        ),
      })
      .check(
        z.superRefine((b, ctx) => {
          if (b.from > b.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
          else if ((Date.parse(b.to) - Date.parse(b.from)) / 86_400_000 + 1 > MAX_TIME_OFF_DAYS) {
            ctx.addIssue({
              code: 'custom',
              path: ['to'],
              message: `time off may cover at most ${MAX_TIME_OFF_DAYS} days`,
            });
          }
        }),
      ),
    { id: 'CreateTimeOff', examples: [{ from: '2027-08-02', to: '2027-08-13', reason: 'Annual leave' }] },
  ),
);
export type CreateTimeOffBody = z.infer<typeof CreateTimeOffBody>;

export const TimeOffRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      from: withMeta(z.string(), { description: 'First London date off' }),
      to: withMeta(z.string(), { description: 'Last London date off (inclusive)' }),
      reason: z.optional(z.string()),
      createdAt: z.string(),
    }),
    { id: 'TimeOff' },
  ),
);
export type TimeOffRecord = z.output<typeof TimeOffRecord>;
