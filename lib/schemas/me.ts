import * as z from 'zod/mini';
import { USER_ROLES } from '../domain/types';
import { declared } from './declared';
import { withMeta } from './meta';

/** The only reply that names the caller's organisation: the web app picks its demo users by it. */
export const MeRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: z.string(),
      email: z.string(),
      role: z.enum(USER_ROLES),
      orgId: z.string(),
      practiceIds: z.array(z.string()),
      clinicianId: z.optional(z.string()),
      cancellationTerms: withMeta(
        z.object({
          lateCancellationHours: withMeta(z.number().check(z.nonnegative()), {
            description: 'A cancellation this close to the start is late: a practice owes the clinician a fee',
          }),
          lateCancellationFeeHours: withMeta(z.number().check(z.nonnegative()), {
            description: "The fee's hours at the shift's rate",
          }),
        }),
        { description: "The organisation's cancellation terms, so every role sees the same late window" },
      ),
    }),
    { id: 'Me' },
  ),
);

export const CalendarFeedRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      url: withMeta(z.string(), { description: 'https address of the feed; the token in it is the only credential' }),
      webcalUrl: withMeta(z.string(), { description: 'the same address with the webcal: scheme' }),
      createdAt: z.string(),
    }),
    { id: 'CalendarFeed' },
  ),
);
