import * as z from 'zod';
import { Id, PERIOD_EARLIEST, PERIOD_LATEST } from './common';
import { declared } from './declared';

/**
 * A London calendar month, inside the years a shift can be paid and counted
 * (see PERIOD_LATEST): a month past them could only fail (an invoice run for
 * 9999-12 reached DynamoDB with a year of five digits, a 500).
 */
const Month = /* @__PURE__ */ declared(() =>
  z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected YYYY-MM')
    .refine(
      (m) => m >= PERIOD_EARLIEST.slice(0, 7) && m <= PERIOD_LATEST.slice(0, 7),
      `must be a month from ${PERIOD_EARLIEST.slice(0, 7)} to ${PERIOD_LATEST.slice(0, 7)}`,
    ),
);

export const RunInvoicesBody = /* @__PURE__ */ declared(() =>
  z
    .object({ month: Month.meta({ description: 'The London calendar month whose approved work to invoice' }) })
    .strict()
    .meta({ id: 'RunInvoices', examples: [{ month: '2027-01' }] }),
);

export const ListInvoicesQuery = /* @__PURE__ */ declared(() =>
  z.object({
    clinicianId: Id.optional(),
    practiceId: Id.optional(),
    status: z.enum(['issued', 'paid']).optional(),
    month: Month.optional(),
  }),
);

export const InvoiceRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      number: z.string().meta({ description: 'Sequential per clinician: RB-<initials>-0001' }),
      clinicianId: Id,
      practiceId: Id,
      month: z.string(),
      lines: z.array(
        z.object({
          timesheetId: Id,
          date: z.string(),
          hours: z.number(),
          amountPence: z.number().int(),
          lineType: z.enum(['shift', 'cancellation-fee']),
        }),
      ),
      feePence: z.number().int(),
      mileagePence: z.number().int(),
      expensesPence: z.number().int(),
      pensionablePence: z.number().int(),
      employerPensionPence: z.number().int(),
      totalPence: z.number().int().meta({ description: 'Every line and the employer pension contribution' }),
      status: z.enum(['issued', 'paid']),
      issuedAt: z.string(),
      paidAt: z.string().optional(),
      formASignedAt: z
        .string()
        .optional()
        .meta({ description: "When the practice signed the locum's Form A (pension members' invoices only)" }),
      formASignedBy: z.string().optional().meta({ description: 'Who signed the Form A: their email' }),
    })
    .meta({ id: 'Invoice' }),
);

export const FormBQuery = /* @__PURE__ */ declared(() =>
  z.object({
    month: Month.meta({ description: 'The London calendar month whose signed Form As to list' }),
  }),
);

export const PensionAtRiskRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      timesheetId: Id,
      clinicianId: Id,
      clinicianName: z.string().meta({ description: "The locum's name (HR may not read clinicians' records)" }),
      practiceId: Id,
      date: z.string().meta({ description: "The session's London date" }),
      deadline: z.string().meta({ description: 'The last day its forms may reach PCSE: 10 weeks after the session' }),
      invoiceId: Id.optional(),
      missing: z.array(z.enum(['form-a', 'payment'])),
    })
    .meta({ id: 'PensionAtRisk' }),
);
export type InvoiceRecord = z.output<typeof InvoiceRecord>;
export type PensionAtRiskRecord = z.output<typeof PensionAtRiskRecord>;
