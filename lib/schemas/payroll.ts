import * as z from 'zod';
import { DateRangeQuery, Id, ListQuerySchema, PeriodDateSchema } from './common';
import { declared } from './declared';

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
  z
    .object({ from: PeriodDateSchema, to: PeriodDateSchema })
    .strict()
    .superRefine(period(MAX_EXPORT_DAYS))
    .meta({ id: 'StartPayrollExport', examples: [{ from: '2026-11-01', to: '2026-11-30' }] }),
);

/** Exports by when they were asked for (`createdAt`), newest first. */
export const ListExportsQuery = /* @__PURE__ */ declared(() => DateRangeQuery.extend(ListQuerySchema.shape));

export const ExportRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      from: z.string(),
      to: z.string(),
      status: z.enum(['running', 'ready', 'failed']),
      rows: z.number().int(),
      totalPence: z.number().int(),
      createdAt: z.string(),
      createdBy: z.string(),
      finishedAt: z.string().optional(),
      reason: z.string().optional().meta({ description: 'Why a failed export failed' }),
      retries: z.number().int().optional().meta({ description: 'Times HR retried it after it failed' }),
      retriedAt: z.string().optional(),
      bytes: z.number().int().optional(),
    })
    .meta({ id: 'PayrollExport' }),
);
export type ExportRecord = z.output<typeof ExportRecord>;

export const ReportQuery = /* @__PURE__ */ declared(() =>
  z
    .object({
      from: PeriodDateSchema,
      to: PeriodDateSchema,
      groupBy: z.enum(['week', 'month']).optional().meta({
        description: 'Adds `series`, one entry per week (London Monday) or month; the CSV takes month unless told',
      }),
    })
    .superRefine(period(MAX_REPORT_DAYS)),
);

const Rates = /* @__PURE__ */ declared(() => ({
  shiftsPosted: z.number().int().meta({ description: 'Shifts starting in the period, cancelled ones left out' }),
  shiftsFilled: z.number().int(),
  fillRate: z.number().meta({ description: 'shiftsFilled / shiftsPosted, 0 when none were posted' }),
}));

export const ReportRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      from: z.string(),
      to: z.string(),
      ...Rates,
      shiftsCancelled: z.number().int(),
      medianMinutesToFill: z
        .number()
        .nullable()
        .meta({ description: 'From posting to booking; null when none filled' }),
      spendPence: z.number().int().meta({
        description:
          'Approved and exported timesheets of the period: gross pay, mileage and expenses. Nothing else counts',
      }),
      byPractice: z.array(
        z.object({
          practiceId: Id,
          name: z.string(),
          ...Rates,
          medianMinutesToFill: z.number().nullable(),
          spendPence: z.number().int(),
        }),
      ),
      byWeek: z.array(z.object({ weekStart: z.string().meta({ description: 'London Monday' }), ...Rates })),
      series: z
        .array(
          z.object({
            period: z.string().meta({ description: 'A London Monday (2026-11-02) or a month (2026-11)' }),
            ...Rates,
            spendPence: z.number().int(),
          }),
        )
        .optional()
        .meta({ description: 'With groupBy only' }),
    })
    .meta({ id: 'ReportSummary' }),
);
export type ReportRecord = z.output<typeof ReportRecord>;
