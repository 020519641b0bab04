import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import { CreatePracticeBody, PracticeRecord } from '../schemas/practice';
import { ALL, page } from './shared';

export const listPractices = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listPracticesReplies>()({
    method: 'GET',
    path: '/practices',
    handler: 'http/list-practices',
    access: ALL,
    summary: "The organisation's practices, by name",
    tags: ['Practices'],
    query: ListQuerySchema,
    never: [403],
  }),
);

export const listPracticesReplies = /* @__PURE__ */ declared(() => ({ 200: page('practices', PracticeRecord) }));

export const createPractice = /* @__PURE__ */ declared(() =>
  defineRoute<typeof createPracticeReplies>()({
    method: 'POST',
    path: '/practices',
    handler: 'http/create-practice',
    access: ['admin'],
    summary: 'Add a practice (409 ALREADY_EXISTS for a known ODS code)',
    tags: ['Practices'],
    body: CreatePracticeBody,
    errors: [409],
  }),
);

export const createPracticeReplies = /* @__PURE__ */ declared(() => ({ 201: z.object({ practice: PracticeRecord }) }));
