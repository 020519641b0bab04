import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import { InvoiceRecord, ListInvoicesQuery, RunInvoicesBody } from '../schemas/invoices';
import { page } from './shared';

export const runInvoices = /* @__PURE__ */ declared(() =>
  defineRoute<typeof runInvoicesReplies>()({
    method: 'POST',
    path: '/invoices/run',
    handler: 'http/run-invoices',
    access: ['admin', 'hr'],
    summary:
      "Invoice the month's approved self-employed and limited-company work not yet invoiced: one invoice per clinician per practice",
    description:
      'Answers the invoices this run made (none when a run before it took everything). Each timesheet is on one invoice, ever.',
    tags: ['Invoices'],
    body: RunInvoicesBody,
  }),
);

export const runInvoicesReplies = /* @__PURE__ */ declared(() => ({
  200: z.object({ invoices: z.array(InvoiceRecord) }),
}));

export const listInvoices = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listInvoicesReplies>()({
    method: 'GET',
    path: '/invoices',
    handler: 'http/list-invoices',
    access: ['admin', 'hr', 'manager', 'clinician'],
    summary: "Invoices: a clinician's own, a manager's practices', all for HR and admins",
    tags: ['Invoices'],
    query: z.extend(ListInvoicesQuery, ListQuerySchema.shape),
  }),
);

export const listInvoicesReplies = /* @__PURE__ */ declared(() => ({ 200: page('invoices', InvoiceRecord) }));

export const getInvoice = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getInvoiceReplies>()({
    method: 'GET',
    path: '/invoices/{id}',
    handler: 'http/get-invoice',
    access: ['admin', 'hr', 'manager', 'clinician'],
    summary: 'An invoice',
    tags: ['Invoices'],
  }),
);

export const getInvoiceReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ invoice: InvoiceRecord }) }));

export const getInvoicePdf = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getInvoicePdfReplies>()({
    method: 'GET',
    path: '/invoices/{id}/pdf',
    handler: 'http/get-invoice-pdf',
    access: ['admin', 'hr', 'manager', 'clinician'],
    summary: 'The invoice as a PDF',
    tags: ['Invoices'],
  }),
);

export const getInvoicePdfReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'application/pdf', description: "The practice's and locum's details, lines and totals" },
}));

export const markInvoicePaid = /* @__PURE__ */ declared(() =>
  defineRoute<typeof markInvoicePaidReplies>()({
    method: 'POST',
    path: '/invoices/{id}/paid',
    handler: 'http/mark-invoice-paid',
    access: ['admin', 'hr', 'manager'],
    summary: 'Record that the practice paid the invoice (409 INVALID_STATE when it already was)',
    tags: ['Invoices'],
    errors: [409],
  }),
);

export const markInvoicePaidReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ invoice: InvoiceRecord }) }));
