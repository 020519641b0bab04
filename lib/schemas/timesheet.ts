import * as z from 'zod';
import { Id, InstantSchema } from './common';

/** Everything optional: the booked times and the shift's break stand for what is left out. */
export const SubmitTimesheetBody = z
  .object({
    start: InstantSchema.optional(),
    end: InstantSchema.optional(),
    breakMinutes: z.number().int().min(0).max(240).optional(),
  })
  .strict()
  .meta({ id: 'SubmitTimesheet', examples: [{ start: '2027-07-01T08:40', end: '2027-07-01T12:30', breakMinutes: 0 }] });
export type SubmitTimesheetBody = z.infer<typeof SubmitTimesheetBody>;

export const TimesheetStatusSchema = z.enum(['submitted', 'approved', 'rejected', 'exported']);

export const ListTimesheetsQuery = z.object({
  status: TimesheetStatusSchema.optional(),
  practiceId: Id.optional(),
  clinicianId: Id.optional(),
});

export const TimesheetRecord = z
  .object({
    id: Id,
    bookingId: Id,
    shiftId: Id,
    clinicianId: Id,
    practiceId: Id,
    start: z.string().meta({ description: 'UTC instant' }),
    end: z.string().meta({ description: 'UTC instant' }),
    breakMinutes: z.number().int(),
    paidMinutes: z.number().int().meta({ description: 'Real elapsed minutes less the break' }),
    hourlyRatePence: z.number().int(),
    bankHoliday: z.boolean(),
    grossPence: z.number().int(),
    employment: z.enum(['bank', 'self-employed']).optional(),
    status: TimesheetStatusSchema,
    submittedAt: z.string(),
    decidedAt: z.string().optional(),
    decidedBy: z.string().optional(),
    rejectReason: z.string().optional(),
    exportId: z.string().optional(),
    exportedAt: z.string().optional(),
  })
  .meta({ id: 'Timesheet' });
export type TimesheetRecord = z.output<typeof TimesheetRecord>;
