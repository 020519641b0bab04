import * as z from 'zod';
import { USER_ROLES } from '../domain/types';
import { declared } from './declared';

/** The only reply that names the caller's organisation: the web app picks its demo users by it. */
export const MeRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: z.string(),
      email: z.string(),
      role: z.enum(USER_ROLES),
      orgId: z.string(),
      practiceIds: z.array(z.string()),
      clinicianId: z.string().optional(),
      cancellationTerms: z
        .object({
          lateCancellationHours: z
            .number()
            .nonnegative()
            .describe('A cancellation this close to the start is late: a practice owes the clinician a fee'),
          lateCancellationFeeHours: z.number().nonnegative().describe("The fee's hours at the shift's rate"),
        })
        .describe("The organisation's cancellation terms, so every role sees the same late window"),
    })
    .meta({ id: 'Me' }),
);

export const CalendarFeedRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      url: z.string().describe('https address of the feed; the token in it is the only credential'),
      webcalUrl: z.string().describe('the same address with the webcal: scheme'),
      createdAt: z.string(),
    })
    .meta({ id: 'CalendarFeed' }),
);
