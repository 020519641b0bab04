import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { declared } from '../schemas/declared';
import { MeRecord } from '../schemas/me';
import { withMeta } from '../schemas/meta';
import { ALL } from './shared';

export const getHealth = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getHealthReplies>()({
    method: 'GET',
    path: '/health',
    handler: 'http/get-health',
    access: 'public',
    summary: 'Liveness: 503 UNAVAILABLE while the database does not answer',
    tags: ['System'],
    errors: [503],
  }),
);

export const getHealthReplies = /* @__PURE__ */ declared(() => ({
  200: withMeta(z.object({ status: z.literal('ok') }), { id: 'Health' }),
}));

export const getOpenApi = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getOpenApiReplies>()({
    method: 'GET',
    path: '/openapi.json',
    handler: 'http/get-openapi',
    access: 'public',
    summary: 'This document',
    tags: ['System'],
  }),
);

export const getOpenApiReplies = /* @__PURE__ */ declared(() => ({ 200: z.looseObject({ openapi: z.string() }) }));

export const getMe = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getMeReplies>()({
    method: 'GET',
    path: '/me',
    handler: 'http/get-me',
    access: ALL,
    summary: "The caller: role, organisation, practices, clinician record and the organisation's cancellation terms",
    tags: ['System'],
    never: [403],
  }),
);

export const getMeReplies = /* @__PURE__ */ declared(() => ({ 200: MeRecord }));
