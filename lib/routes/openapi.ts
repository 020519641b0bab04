import * as z from 'zod/mini';
import { type DocumentedRoute, errorStatuses, isFileReply, type ReplySpec, type RouteSpec } from '../http/route';
import { ErrorBodySchema } from '../schemas/common';
import { ROUTES } from './index';

type Json = Record<string, unknown>;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION: one entry per bad field in details',
  401: 'UNAUTHENTICATED: no bearer token, or not a valid one',
  403: 'FORBIDDEN: right organisation, wrong role or practice',
  404: "NOT_FOUND: absent, or another organisation's",
  409: 'Conflict: the code says which (ALREADY_EXISTS, INVALID_STATE, SHIFT_UNAVAILABLE, CLASH, NOT_ELIGIBLE...)',
  410: 'OFFER_EXPIRED',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'Too many requests: RATE_LIMITED, or the gateway throttling the stage; try again shortly',
  500: 'INTERNAL: something failed on our side (it is logged), or the gateway could not reach the function',
  503: 'UNAVAILABLE: a service the API depends on (the database) is not answering',
};

const MEDIA: Record<string, Json> = {
  'text/csv': { schema: { type: 'string' } },
  'text/calendar': { schema: { type: 'string' } },
  'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } },
  'application/zip': { schema: { type: 'string', contentMediaType: 'application/zip' } },
  'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } },
};

/**
 * Zod writes each named schema (`withMeta(…, {id})`) of a schema it converts under
 * that schema's own `$defs`; a document keeps one copy of each under
 * `components.schemas` and every reference points there.
 */
class Components {
  readonly schemas: Record<string, Json> = {};
  private readonly texts = new Map<string, string>();

  convert(schema: z.ZodMiniType, io: 'input' | 'output'): Json {
    const {
      $schema: _s,
      $defs,
      ...rest
    } = z.toJSONSchema(schema, {
      io,
      target: 'draft-2020-12',
      unrepresentable: 'any',
      reused: 'inline',
    }) as Json & { $defs?: Record<string, Json> };
    const names = new Map<string, string>();
    for (const [id, def] of Object.entries($defs ?? {})) names.set(id, this.name(id, def, io));
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node === null || typeof node !== 'object') return node;
      const out: Json = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
          const id = v.slice('#/$defs/'.length);
          out[k] = `#/components/schemas/${names.get(id) ?? id}`;
        } else out[k] = rewrite(v);
      }
      return out;
    };
    for (const [id, def] of Object.entries($defs ?? {})) {
      const name = names.get(id) ?? id;
      this.schemas[name] ??= rewrite(def) as Json;
    }
    return rewrite(rest) as Json;
  }

  /** One name per distinct schema: a body read as input and a record written as output may share an id yet differ. */
  private name(id: string, def: Json, io: 'input' | 'output'): string {
    const text = JSON.stringify(def);
    for (const candidate of [id, `${id}${io === 'input' ? 'Input' : 'Output'}`]) {
      const seen = this.texts.get(candidate);
      if (seen === undefined) {
        this.texts.set(candidate, text);
        return candidate;
      }
      if (seen === text) return candidate;
    }
    throw new Error(`Two different schemas named ${id}`);
  }
}

const operationId = (route: RouteSpec) =>
  route.handler.replace(/^http\//, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

function successReply(reply: ReplySpec, components: Components): Json {
  if (!isFileReply(reply))
    return { description: 'Success', content: { 'application/json': { schema: components.convert(reply, 'output') } } };
  if (reply.type === 'redirect')
    return {
      description: reply.description,
      headers: { location: { description: 'Where to fetch it', schema: { type: 'string', format: 'uri' } } },
    };
  return {
    description: reply.description,
    headers: {
      'content-disposition': { description: 'The file name', schema: { type: 'string' } },
    },
    content: { [reply.type]: MEDIA[reply.type] },
  };
}

function parameters(route: RouteSpec, components: Components): Json[] {
  const path = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
    name: m[1],
    in: 'path',
    required: true,
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
  }));
  const query = Object.entries(route.query?.shape ?? {}).map(([name, schema]) => {
    const s = schema as z.ZodMiniType;
    const converted = components.convert(s, 'input');
    const { description, ...rest } = converted;
    return {
      name,
      in: 'query',
      required: !s.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
  const headers = Object.entries(route.headers ?? {}).map(([name, h]) => ({
    name,
    in: 'header',
    required: h.required ?? false,
    description: h.description,
    schema: { type: 'string', maxLength: 200 },
  }));
  return [...path, ...query, ...headers];
}

function requestBody(body: z.ZodMiniType, components: Components): Json {
  const schema = components.convert(body, 'input');
  const examples = (z.globalRegistry.get(body)?.examples as unknown[] | undefined) ?? [];
  const example = examples[0];
  if (example === undefined)
    throw new Error('Every request body needs an example: withMeta(schema, { examples: [...] })');
  // An optional body (approving a timesheet as it stands) may be left out.
  return { required: !body.safeParse(undefined).success, content: { 'application/json': { schema, example } } };
}

/** The OpenAPI 3.1 document, generated from the route table (lib/routes/*) and its zod schemas. */
export function openApiDocument(options: { serverUrl?: string } = {}) {
  const components = new Components();
  // Registers the shared error body under components.schemas.Error.
  components.convert(ErrorBodySchema, 'output');
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  for (const route of ROUTES as readonly DocumentedRoute[]) {
    if (route.localOnly) continue;
    for (const tag of route.tags) tags.add(tag);
    const responses: Record<string, unknown> = {};
    for (const [status, reply] of Object.entries(route.replies)) responses[status] = successReply(reply, components);
    for (const status of errorStatuses(route))
      responses[status] = {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    paths[route.path] ??= {};
    paths[route.path]![route.method.toLowerCase()] = {
      operationId: operationId(route),
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [...route.tags],
      security: route.access === 'public' ? [] : [{ bearer: [] }],
      ...(route.access === 'public' ? {} : { 'x-roles': route.access }),
      parameters: parameters(route, components),
      ...(route.body ? { requestBody: requestBody(route.body, components) } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Rota Bank API',
      version: '1.1.0',
      description:
        'Staff bank and locum marketplace for groups of GP practices. Money is integer pence; instants are UTC ISO 8601, London wall clock where named local.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [
      {
        url: options.serverUrl ?? '/',
        description: 'This API: the HTTP API endpoint in AWS, the local runtime under npm start',
      },
    ],
    tags: [...tags].map((name) => ({ name, description: `${name} routes` })),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: components.schemas,
    },
    paths,
  };
}
