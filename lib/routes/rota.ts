import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ListQuerySchema } from '../schemas/common';
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
import { page } from './shared';

export const bulkPostShifts = /* @__PURE__ */ declared(() =>
  defineRoute<typeof bulkPostShiftsReplies>()({
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
    // The template may be another organisation's; the key may be reused or still running.
    errors: [404, 409],
  }),
);

export const bulkPostShiftsReplies = /* @__PURE__ */ declared(() => ({ 201: BulkPostRecord }));

export const getRota = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getRotaReplies>()({
    method: 'GET',
    path: '/rota',
    handler: 'http/get-rota',
    access: ['admin', 'manager'],
    summary: 'The week view: shifts of London dates from..to (at most 42 days) by day, with booked clinicians',
    tags: ['Rota'],
    query: RotaQuery,
    errors: [404],
  }),
);

export const getRotaReplies = /* @__PURE__ */ declared(() => ({ 200: RotaRecord }));

export const createShiftTemplate = /* @__PURE__ */ declared(() =>
  defineRoute<typeof createShiftTemplateReplies>()({
    method: 'POST',
    path: '/shift-templates',
    handler: 'http/create-shift-template',
    access: ['admin', 'manager'],
    summary: "Save a practice's session pattern for bulk posting",
    tags: ['Rota'],
    body: CreateTemplateBody,
    errors: [404],
  }),
);

export const createShiftTemplateReplies = /* @__PURE__ */ declared(() => ({
  201: z.object({ template: TemplateRecord }),
}));

export const listShiftTemplates = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listShiftTemplatesReplies>()({
    method: 'GET',
    path: '/shift-templates',
    handler: 'http/list-shift-templates',
    access: ['admin', 'manager'],
    summary: "A practice's shift templates, oldest first",
    tags: ['Rota'],
    query: z.extend(ListTemplatesQuery, ListQuerySchema.shape),
    errors: [404],
  }),
);

export const listShiftTemplatesReplies = /* @__PURE__ */ declared(() => ({ 200: page('templates', TemplateRecord) }));
