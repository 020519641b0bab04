import * as z from 'zod/mini';
import { EMPLOYMENTS, LINE_TYPES } from '../domain/types';
import { DateRangeQuery, Id, InstantSchema, PenceSchema, plainText } from './common';
import { declared } from './declared';
import { withMeta } from './meta';

const Mileage = /* @__PURE__ */ declared(() =>
  withMeta(z.number().check(z.gte(0), z.lte(2000), z.multipleOf(0.1)), {
    description: 'Miles driven for the shift, to a tenth; paid at 45p a mile',
  }),
);
const Expenses = /* @__PURE__ */ declared(() =>
  withMeta(
    z
      .array(
        z.strictObject({
          description: plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
          amountPence: PenceSchema.check(z.lte(100_000)),
        }),
      )
      .check(z.maxLength(20)),
    { description: 'Paid with the timesheet once it is approved' },
  ),
);
const Note = /* @__PURE__ */ declared(() =>
  plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(500)), { multiline: true }),
);
const Break = /* @__PURE__ */ declared(() => z.number().check(z.int(), z.gte(0), z.lte(240)));

/** Everything optional: the booked times and the shift's break stand for what is left out, and no body at all is `{}`. */
export const SubmitTimesheetBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.optional(
      z.strictObject({
        start: z.optional(InstantSchema),
        end: z.optional(InstantSchema),
        breakMinutes: z.optional(Break),
        note: z.optional(Note),
        mileageMiles: z.optional(Mileage),
        expenses: z.optional(Expenses),
      }),
    ),
    {
      id: 'SubmitTimesheet',
      examples: [{ start: '2027-07-01T08:40', end: '2027-07-01T12:30', breakMinutes: 0 }],
    },
  ),
);
export type SubmitTimesheetBody = z.infer<typeof SubmitTimesheetBody>;

/** The clinician's claim again, whole: it replaces the times, and the extras it names. */
export const AmendTimesheetBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      start: InstantSchema,
      end: InstantSchema,
      breakMinutes: Break,
      note: z.optional(Note),
      mileageMiles: z.optional(Mileage),
      expenses: z.optional(Expenses),
    }),
    {
      id: 'AmendTimesheet',
      examples: [
        { start: '2027-07-01T08:30', end: '2027-07-01T12:45', breakMinutes: 0, note: 'Stayed for a late patient' },
      ],
    },
  ),
);
export type AmendTimesheetBody = z.infer<typeof AmendTimesheetBody>;

export const QueryTimesheetBody = /* @__PURE__ */ declared(() =>
  withMeta(z.strictObject({ note: Note }), {
    id: 'QueryTimesheet',
    examples: [{ note: 'The surgery closed at 12:00 that day' }],
  }),
);

/** No body approves the claim as it stands; times change it, and then a note says why. */
export const ApproveTimesheetBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.optional(
      z
        .strictObject({
          start: z.optional(InstantSchema),
          end: z.optional(InstantSchema),
          breakMinutes: z.optional(Break),
          note: z.optional(Note),
        })
        .check(
          z.refine(
            (b) =>
              b.note !== undefined || (b.start === undefined && b.end === undefined && b.breakMinutes === undefined),
            {
              message: 'say why the times are amended',
              path: ['note'],
            },
          ),
        ),
    ),
    {
      id: 'ApproveTimesheet',
      examples: [{ end: '2027-07-01T12:15', note: 'Left at 12:15, as the front desk recorded' }],
    },
  ),
);
export type ApproveTimesheetBody = z.infer<typeof ApproveTimesheetBody>;

export const TimesheetStatusSchema = /* @__PURE__ */ declared(() =>
  z.enum(['submitted', 'queried', 'approved', 'rejected', 'exported']),
);

/** `from`/`to` go by the booked start of the shift, as payroll periods and reports do. */
export const ListTimesheetsQuery = /* @__PURE__ */ declared(() =>
  z.extend(
    z.object({
      status: z.optional(TimesheetStatusSchema),
      practiceId: z.optional(Id),
      clinicianId: z.optional(Id),
    }),
    DateRangeQuery.shape,
  ),
);

const Times = /* @__PURE__ */ declared(() =>
  z.object({
    start: withMeta(z.string(), { description: 'UTC instant' }),
    end: withMeta(z.string(), { description: 'UTC instant' }),
    breakMinutes: z.number().check(z.int()),
  }),
);

export const TimesheetRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      bookingId: Id,
      shiftId: Id,
      clinicianId: Id,
      practiceId: Id,
      start: withMeta(z.string(), { description: 'UTC instant' }),
      end: withMeta(z.string(), { description: 'UTC instant' }),
      breakMinutes: z.number().check(z.int()),
      paidMinutes: withMeta(z.number().check(z.int()), { description: 'Real elapsed minutes less the break' }),
      hourlyRatePence: z.number().check(z.int()),
      bankHoliday: z.boolean(),
      grossPence: z.number().check(z.int()),
      employment: z.optional(z.enum(EMPLOYMENTS)),
      lineType: withMeta(z.optional(z.enum(LINE_TYPES)), {
        description: 'shift (hours worked; also when absent) or cancellation-fee (a late cancellation)',
      }),
      status: TimesheetStatusSchema,
      submittedAt: z.string(),
      resubmittedAt: z.optional(z.string()),
      decidedAt: z.optional(z.string()),
      decidedBy: z.optional(z.string()),
      rejectReason: z.optional(z.string()),
      exportId: z.optional(z.string()),
      exportedAt: z.optional(z.string()),
      invoiceId: withMeta(z.optional(z.string()), {
        description: 'The invoice it is on (self-employed and limited-company work), once invoiced',
      }),
      invoicedAt: z.optional(z.string()),
      booked: withMeta(Times, { description: "The booking's times and the shift's break" }),
      variance: withMeta(z.object({ minutes: z.number().check(z.int()), pence: z.number().check(z.int()) }), {
        description: 'Paid minutes and pay of the current times (after any amendment) less the booking',
      }),
      note: z.optional(z.string()),
      queryNote: withMeta(z.optional(z.string()), { description: "The practice's last query" }),
      queriedAt: z.optional(z.string()),
      queriedBy: z.optional(z.string()),
      amendment: withMeta(
        z.optional(z.object({ by: z.string(), at: z.string(), note: z.string(), from: Times, to: Times })),
        { description: "The approver's change to the times" },
      ),
      mileageMiles: z.optional(z.number()),
      mileagePence: z.optional(z.number().check(z.int())),
      expenses: z.optional(z.array(z.object({ description: z.string(), amountPence: z.number().check(z.int()) }))),
      totalPence: withMeta(z.number().check(z.int()), { description: 'grossPence plus mileage and expenses' }),
    }),
    { id: 'Timesheet' },
  ),
);
export type TimesheetRecord = z.output<typeof TimesheetRecord>;
