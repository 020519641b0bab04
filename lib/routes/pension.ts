import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import { FormBQuery, InvoiceRecord, PensionAtRiskRecord } from '../schemas/invoices';
import { page } from './shared';

export const getFormA = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getFormAReplies>()({
    method: 'GET',
    path: '/invoices/{id}/form-a',
    handler: 'http/get-form-a',
    access: ['admin', 'hr', 'manager', 'clinician'],
    summary:
      "The invoice's GP Locum Form A as a PDF, referenced <SD number>LOC<MON><YY> (409 INVALID_STATE when the invoice has no pensionable pay)",
    tags: ['Pension'],
    errors: [409],
  }),
);

export const getFormAReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'application/pdf', description: 'The locum, the practice, the dates, pay, and who signed and when' },
}));

export const signFormA = /* @__PURE__ */ declared(() =>
  defineRoute<typeof signFormAReplies>()({
    method: 'POST',
    path: '/invoices/{id}/form-a/sign',
    handler: 'http/sign-form-a',
    access: ['admin', 'manager'],
    summary:
      "The practice's manager (or an admin) signs the invoice's Form A, recording who and when; once: a second signature answers 409 INVALID_STATE naming the first",
    tags: ['Pension'],
    errors: [409],
  }),
);

export const signFormAReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ invoice: InvoiceRecord }) }));

export const getFormB = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getFormBReplies>()({
    method: 'GET',
    path: '/clinicians/{id}/pension/form-b',
    handler: 'http/get-form-b',
    access: ['admin', 'hr', 'clinician'],
    summary:
      "The locum's GP Locum Form B for a month as a PDF: the month's signed Form As (409 INVALID_STATE for a clinician not in the NHS Pension Scheme)",
    tags: ['Pension'],
    query: FormBQuery,
    errors: [409],
  }),
);

export const getFormBReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'application/pdf', description: 'Each signed Form A of the month and the totals' },
}));

export const pensionAtRisk = /* @__PURE__ */ declared(() =>
  defineRoute<typeof pensionAtRiskReplies>()({
    method: 'GET',
    path: '/pension/at-risk',
    handler: 'http/pension-at-risk',
    access: ['admin', 'hr'],
    summary:
      'Pensionable locum sessions within 21 days of their 10-week deadline whose Form A is unsigned or invoice unpaid',
    description: 'Oldest session first.',
    tags: ['Pension'],
    query: ListQuerySchema,
  }),
);

export const pensionAtRiskReplies = /* @__PURE__ */ declared(() => ({ 200: page('sessions', PensionAtRiskRecord) }));
