import * as z from 'zod';
import { defineRoute } from '../http/route';
import { declared } from '../schemas/declared';
import {
  BulkPostBody,
  BulkPostRecord,
  CreateTemplateBody,
  ListTemplatesQuery,
  RotaQuery,
  RotaRecord,
  TemplateRecord,
} from '../schemas/rota';

export const bulkPostShifts = /* @__PURE__ */ declared(() =>
  defineRoute({
    method: 'POST',
    path: '/shifts/bulk',
    handler: 'http/bulk-post-shifts',
    access: ['admin', 'manager'],
    needs: ['scheduler'],
    summary:
      "Post a template's sessions on many dates (at most 200 shifts); what cannot be posted comes back in `skipped`",
    description:
      'The same Idempotency-Key header again answers the first result (409 IDEMPOTENCY_KEY_REUSED with another body, IDEMPOTENCY_IN_PROGRESS while the first still runs).',
    tags: ['Shifts'],
    headers: {
      'Idempotency-Key': {
        description: 'Any unique string per intended post: a retry with it answers the first result',
      },
    },
    body: BulkPostBody,
    replies: { 201: BulkPostRecord },
    // The template may be another organisation's; the key may be reused or still running.
    errors: [404, 409],
  }),
);

export const getRota = /* @__PURE__ */ declared(() =>
  defineRoute({
    method: 'GET',
    path: '/rota',
    handler: 'http/get-rota',
    access: ['admin', 'manager'],
    summary: 'The week view: shifts of London dates from..to (at most 42 days) by day, with booked clinicians',
    tags: ['Rota'],
    query: RotaQuery,
    replies: { 200: RotaRecord },
    errors: [404],
  }),
);

export const createShiftTemplate = /* @__PURE__ */ declared(() =>
  defineRoute({
    method: 'POST',
    path: '/shift-templates',
    handler: 'http/create-shift-template',
    access: ['admin', 'manager'],
    summary: "Save a practice's session pattern for bulk posting",
    tags: ['Rota'],
    body: CreateTemplateBody,
    replies: { 201: z.object({ template: TemplateRecord }) },
    errors: [404],
  }),
);

export const listShiftTemplates = /* @__PURE__ */ declared(() =>
  defineRoute({
    method: 'GET',
    path: '/shift-templates',
    handler: 'http/list-shift-templates',
    access: ['admin', 'manager'],
    summary: "A practice's shift templates",
    tags: ['Rota'],
    query: ListTemplatesQuery,
    replies: { 200: z.object({ templates: z.array(TemplateRecord) }) },
    errors: [404],
  }),
);
