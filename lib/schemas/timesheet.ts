import * as z from 'zod';
import { EMPLOYMENTS, LINE_TYPES } from '../domain/types';
import { DateRangeQuery, Id, InstantSchema, PenceSchema, plainText } from './common';
import { declared } from './declared';

const Mileage = /* @__PURE__ */ declared(() =>
  z
    .number()
    .min(0)
    .max(2000)
    .multipleOf(0.1)
    .meta({ description: 'Miles driven for the shift, to a tenth; paid at 45p a mile' }),
);
const Expenses = /* @__PURE__ */ declared(() =>
  z
    .array(
      z
        .object({ description: plainText(z.string().trim().min(1).max(200)), amountPence: PenceSchema.max(100_000) })
        .strict(),
    )
    .max(20)
    .meta({ description: 'Paid with the timesheet once it is approved' }),
);
const Note = /* @__PURE__ */ declared(() => plainText(z.string().trim().min(1).max(500), { multiline: true }));
const Break = /* @__PURE__ */ declared(() => z.number().int().min(0).max(240));

/** Everything optional: the booked times and the shift's break stand for what is left out. */
export const SubmitTimesheetBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      start: InstantSchema.optional(),
      end: InstantSchema.optional(),
      breakMinutes: Break.optional(),
      note: Note.optional(),
      mileageMiles: Mileage.optional(),
      expenses: Expenses.optional(),
    })
    .strict()
    .meta({
      id: 'SubmitTimesheet',
      examples: [{ start: '2027-07-01T08:40', end: '2027-07-01T12:30', breakMinutes: 0 }],
    }),
);
export type SubmitTimesheetBody = z.infer<typeof SubmitTimesheetBody>;

/** The clinician's claim again, whole: it replaces the times, and the extras it names. */
export const AmendTimesheetBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      start: InstantSchema,
      end: InstantSchema,
      breakMinutes: Break,
      note: Note.optional(),
      mileageMiles: Mileage.optional(),
      expenses: Expenses.optional(),
    })
    .strict()
    .meta({
      id: 'AmendTimesheet',
      examples: [
        { start: '2027-07-01T08:30', end: '2027-07-01T12:45', breakMinutes: 0, note: 'Stayed for a late patient' },
      ],
    }),
);
export type AmendTimesheetBody = z.infer<typeof AmendTimesheetBody>;

export const QueryTimesheetBody = /* @__PURE__ */ declared(() =>
  z
    .object({ note: Note })
    .strict()
    .meta({ id: 'QueryTimesheet', examples: [{ note: 'The surgery closed at 12:00 that day' }] }),
);

/** No body approves the claim as it stands; times change it, and then a note says why. */
export const ApproveTimesheetBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      start: InstantSchema.optional(),
      end: InstantSchema.optional(),
      breakMinutes: Break.optional(),
      note: Note.optional(),
    })
    .strict()
    .refine(
      (b) => b.note !== undefined || (b.start === undefined && b.end === undefined && b.breakMinutes === undefined),
      {
        message: 'say why the times are amended',
        path: ['note'],
      },
    )
    .optional()
    .meta({
      id: 'ApproveTimesheet',
      examples: [{ end: '2027-07-01T12:15', note: 'Left at 12:15, as the front desk recorded' }],
    }),
);
export type ApproveTimesheetBody = z.infer<typeof ApproveTimesheetBody>;

export const TimesheetStatusSchema = /* @__PURE__ */ declared(() =>
  z.enum(['submitted', 'queried', 'approved', 'rejected', 'exported']),
);

/** `from`/`to` go by the booked start of the shift, as payroll periods and reports do. */
export const ListTimesheetsQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      status: TimesheetStatusSchema.optional(),
      practiceId: Id.optional(),
      clinicianId: Id.optional(),
    })
    .extend(DateRangeQuery.shape),
);

const Times = /* @__PURE__ */ declared(() =>
  z.object({
    start: z.string().meta({ description: 'UTC instant' }),
    end: z.string().meta({ description: 'UTC instant' }),
    breakMinutes: z.number().int(),
  }),
);

export const TimesheetRecord = /* @__PURE__ */ declared(() =>
  z
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
      employment: z.enum(EMPLOYMENTS).optional(),
      lineType: z
        .enum(LINE_TYPES)
        .optional()
        .meta({ description: 'shift (hours worked; also when absent) or cancellation-fee (a late cancellation)' }),
      status: TimesheetStatusSchema,
      submittedAt: z.string(),
      resubmittedAt: z.string().optional(),
      decidedAt: z.string().optional(),
      decidedBy: z.string().optional(),
      rejectReason: z.string().optional(),
      exportId: z.string().optional(),
      exportedAt: z.string().optional(),
      invoiceId: z
        .string()
        .optional()
        .meta({ description: 'The invoice it is on (self-employed and limited-company work), once invoiced' }),
      invoicedAt: z.string().optional(),
      booked: Times.meta({ description: "The booking's times and the shift's break" }),
      variance: z
        .object({ minutes: z.number().int(), pence: z.number().int() })
        .meta({ description: 'Paid minutes and pay of the current times (after any amendment) less the booking' }),
      note: z.string().optional(),
      queryNote: z.string().optional().meta({ description: "The practice's last query" }),
      queriedAt: z.string().optional(),
      queriedBy: z.string().optional(),
      amendment: z
        .object({ by: z.string(), at: z.string(), note: z.string(), from: Times, to: Times })
        .optional()
        .meta({ description: "The approver's change to the times" }),
      mileageMiles: z.number().optional(),
      mileagePence: z.number().int().optional(),
      expenses: z.array(z.object({ description: z.string(), amountPence: z.number().int() })).optional(),
      totalPence: z.number().int().meta({ description: 'grossPence plus mileage and expenses' }),
    })
    .meta({ id: 'Timesheet' }),
);
export type TimesheetRecord = z.output<typeof TimesheetRecord>;
