import * as z from 'zod';
import { USER_ROLES } from '../domain/types';

/** The only reply that names the caller's organisation: the web app picks its demo users by it. */
export const MeRecord = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(USER_ROLES),
    orgId: z.string(),
    practiceIds: z.array(z.string()),
    clinicianId: z.string().optional(),
  })
  .meta({ id: 'Me' });

export const CalendarFeedRecord = z
  .object({
    url: z.string().describe('https address of the feed; the token in it is the only credential'),
    webcalUrl: z.string().describe('the same address with the webcal: scheme'),
    createdAt: z.string(),
  })
  .meta({ id: 'CalendarFeed' });
