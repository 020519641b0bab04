import * as z from 'zod';
import { defineRoute } from '../http/route';
import { declared } from '../schemas/declared';
import { MeRecord } from '../schemas/me';
import { ALL } from './shared';

export const getHealth = /* @__PURE__ */ declared(() =>
  defineRoute({
    method: 'GET',
    path: '/health',
    handler: 'http/get-health',
    access: 'public',
    summary: 'Liveness: 503 UNAVAILABLE while the database does not answer',
    tags: ['System'],
    replies: { 200: z.object({ status: z.literal('ok') }).meta({ id: 'Health' }) },
    errors: [503],
  }),
);

export const getOpenApi = /* @__PURE__ */ declared(() =>
  defineRoute({
    method: 'GET',
    path: '/openapi.json',
    handler: 'http/get-openapi',
    access: 'public',
    summary: 'This document',
    tags: ['System'],
    replies: { 200: z.looseObject({ openapi: z.string() }) },
  }),
);

export const getMe = /* @__PURE__ */ declared(() =>
  defineRoute({
    method: 'GET',
    path: '/me',
    handler: 'http/get-me',
    access: ALL,
    summary: "The caller: role, organisation, practices, clinician record and the organisation's cancellation terms",
    tags: ['System'],
    replies: { 200: MeRecord },
    never: [403],
  }),
);
