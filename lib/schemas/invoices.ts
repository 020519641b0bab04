import * as z from 'zod/mini';
import { Id, PERIOD_EARLIEST, PERIOD_LATEST } from './common';
import { declared } from './declared';
import { withMeta } from './meta';

/**
 * A London calendar month, inside the years a shift can be paid and counted
 * (see PERIOD_LATEST): a month past them could only fail (an invoice run for
 * 9999-12 reached DynamoDB with a year of five digits, a 500).
 */
const Month = /* @__PURE__ */ declared(() =>
  z.string().check(
    z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Expected YYYY-MM'),
    z.refine(
      (m) => m >= PERIOD_EARLIEST.slice(0, 7) && m <= PERIOD_LATEST.slice(0, 7),
      `must be a month from ${PERIOD_EARLIEST.slice(0, 7)} to ${PERIOD_LATEST.slice(0, 7)}`,
    ),
  ),
);

export const RunInvoicesBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      month: withMeta(Month, { description: 'The London calendar month whose approved work to invoice' }),
    }),
    { id: 'RunInvoices', examples: [{ month: '2027-01' }] },
  ),
);

export const ListInvoicesQuery = /* @__PURE__ */ declared(() =>
  z.object({
    clinicianId: z.optional(Id),
    practiceId: z.optional(Id),
    status: z.optional(z.enum(['issued', 'paid'])),
    month: z.optional(Month),
  }),
);

export const InvoiceRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      number: withMeta(z.string(), { description: 'Sequential per clinician: RB-<initials>-0001' }),
      clinicianId: Id,
      practiceId: Id,
      month: z.string(),
      lines: z.array(
        z.object({
          timesheetId: Id,
          date: z.string(),
          hours: z.number(),
          amountPence: z.number().check(z.int()),
          lineType: z.enum(['shift', 'cancellation-fee']),
        }),
      ),
      feePence: z.number().check(z.int()),
      mileagePence: z.number().check(z.int()),
      expensesPence: z.number().check(z.int()),
      pensionablePence: z.number().check(z.int()),
      employerPensionPence: z.number().check(z.int()),
      totalPence: withMeta(z.number().check(z.int()), {
        description: 'Every line and the employer pension contribution',
      }),
      status: z.enum(['issued', 'paid']),
      issuedAt: z.string(),
      paidAt: z.optional(z.string()),
      formASignedAt: withMeta(z.optional(z.string()), {
        description: "When the practice signed the locum's Form A (pension members' invoices only)",
      }),
      formASignedBy: withMeta(z.optional(z.string()), { description: 'Who signed the Form A: their email' }),
    }),
    { id: 'Invoice' },
  ),
);

export const FormBQuery = /* @__PURE__ */ declared(() =>
  z.object({
    month: withMeta(Month, { description: 'The London calendar month whose signed Form As to list' }),
  }),
);

export const PensionAtRiskRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      timesheetId: Id,
      clinicianId: Id,
      clinicianName: withMeta(z.string(), { description: "The locum's name (HR may not read clinicians' records)" }),
      practiceId: Id,
      date: withMeta(z.string(), { description: "The session's London date" }),
      deadline: withMeta(z.string(), {
        description: 'The last day its forms may reach PCSE: 10 weeks after the session',
      }),
      invoiceId: z.optional(Id),
      missing: z.array(z.enum(['form-a', 'payment'])),
    }),
    { id: 'PensionAtRisk' },
  ),
);
export type InvoiceRecord = z.output<typeof InvoiceRecord>;
export type PensionAtRiskRecord = z.output<typeof PensionAtRiskRecord>;
