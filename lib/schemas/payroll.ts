import * as z from 'zod/mini';
import { DateRangeQuery, Id, ListQuerySchema, PeriodDateSchema } from './common';
import { declared } from './declared';
import { withMeta } from './meta';

/** Longest period one export or report may cover. */
export const MAX_EXPORT_DAYS = 93;
export const MAX_REPORT_DAYS = 366;

const daysInclusive = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

/** London dates, inclusive at both ends. */
const period = (maxDays: number) => (p: { from: string; to: string }, ctx: z.core.$RefinementCtx) => {
  const { from, to } = p;
  if (from > to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  else if (daysInclusive(from, to) > maxDays)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `the period may cover at most ${maxDays} days` });
};

export const StartExportBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({ from: PeriodDateSchema, to: PeriodDateSchema }).check(z.superRefine(period(MAX_EXPORT_DAYS))),
    { id: 'StartPayrollExport', examples: [{ from: '2026-11-01', to: '2026-11-30' }] },
  ),
);

/** Exports by when they were asked for (`createdAt`), newest first. */
export const ListExportsQuery = /* @__PURE__ */ declared(() => z.extend(DateRangeQuery, ListQuerySchema.shape));

export const ExportRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      from: z.string(),
      to: z.string(),
      status: z.enum(['running', 'ready', 'failed']),
      rows: z.number().check(z.int()),
      totalPence: z.number().check(z.int()),
      createdAt: z.string(),
      createdBy: z.string(),
      finishedAt: z.optional(z.string()),
      reason: withMeta(z.optional(z.string()), { description: 'Why a failed export failed' }),
      retries: withMeta(z.optional(z.number().check(z.int())), { description: 'Times HR retried it after it failed' }),
      retriedAt: z.optional(z.string()),
      bytes: z.optional(z.number().check(z.int())),
    }),
    { id: 'PayrollExport' },
  ),
);
export type ExportRecord = z.output<typeof ExportRecord>;

export const ReportQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      from: PeriodDateSchema,
      to: PeriodDateSchema,
      groupBy: withMeta(z.optional(z.enum(['week', 'month'])), {
        description: 'Adds `series`, one entry per week (London Monday) or month; the CSV takes month unless told',
      }),
    })
    .check(z.superRefine(period(MAX_REPORT_DAYS))),
);

const Rates = /* @__PURE__ */ declared(() => ({
  shiftsPosted: withMeta(z.number().check(z.int()), {
    description: 'Shifts starting in the period, cancelled ones left out',
  }),
  shiftsFilled: z.number().check(z.int()),
  fillRate: withMeta(z.number(), { description: 'shiftsFilled / shiftsPosted, 0 when none were posted' }),
}));

export const ReportRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      from: z.string(),
      to: z.string(),
      ...Rates,
      shiftsCancelled: z.number().check(z.int()),
      medianMinutesToFill: withMeta(z.nullable(z.number()), {
        description: 'From posting to booking; null when none filled',
      }),
      spendPence: withMeta(z.number().check(z.int()), {
        description:
          'Approved and exported timesheets of the period: gross pay, mileage and expenses. Nothing else counts',
      }),
      byPractice: z.array(
        z.object({
          practiceId: Id,
          name: z.string(),
          ...Rates,
          medianMinutesToFill: z.nullable(z.number()),
          spendPence: z.number().check(z.int()),
        }),
      ),
      byWeek: z.array(z.object({ weekStart: withMeta(z.string(), { description: 'London Monday' }), ...Rates })),
      series: withMeta(
        z.optional(
          z.array(
            z.object({
              period: withMeta(z.string(), { description: 'A London Monday (2026-11-02) or a month (2026-11)' }),
              ...Rates,
              spendPence: z.number().check(z.int()),
            }),
          ),
        ),
        { description: 'With groupBy only' },
      ),
    }),
    { id: 'ReportSummary' },
  ),
);
export type ReportRecord = z.output<typeof ReportRecord>;
