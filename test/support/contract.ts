import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ROUTES, type RouteSpec } from '../../lib/routes/index';
import { openApiDocument } from '../../lib/routes/openapi';

/**
 * Checks a real reply against the OpenAPI document the API serves: the
 * status must be declared for the route, the media type must be the declared
 * one, and a JSON body must match the declared schema (whose objects allow no
 * undeclared field). `call()` runs it on every reply, so every HTTP test
 * checks the contract without asking.
 */

const DOC_ID = 'https://rota-bank.invalid/openapi.json';
const document = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ ...document, $id: DOC_ID });

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

interface Compiled {
  route: RouteSpec;
  pattern: RegExp;
}

const compiled: Compiled[] = (ROUTES as readonly RouteSpec[]).map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/\{\w+\}/g, '[^/]+').replaceAll('.', '\\.')}$`),
}));

const validators = new Map<string, ValidateFunction>();
function validator(path: string, method: string, status: string): ValidateFunction {
  const ref = `${DOC_ID}#/${pointer('paths', path, method, 'responses', status, 'content', 'application/json', 'schema')}`;
  let v = validators.get(ref);
  if (!v) {
    v = ajv.getSchema(ref);
    if (!v) throw new Error(`The document has no schema at ${ref}`);
    validators.set(ref, v);
  }
  return v;
}

type Operation = { responses: Record<string, { content?: Record<string, unknown> }> };

export function findRouteFor(method: string, url: string): RouteSpec | undefined {
  const path = new URL(url, 'http://x').pathname;
  return compiled.find((c) => c.route.method === method.toUpperCase() && c.pattern.test(path))?.route;
}

/** What is wrong with a reply, by the document; empty when it keeps the contract or the route is not the API's. */
export function replyViolations(
  method: string,
  url: string,
  reply: { status: number; contentType: string | null; text: string },
): string[] {
  const route = findRouteFor(method, url);
  if (!route) return [];
  const where = `${route.method} ${route.path} -> ${reply.status}`;
  const operation = (document.paths as Record<string, Record<string, Operation>>)[route.path]?.[
    route.method.toLowerCase()
  ];
  const response = operation?.responses[String(reply.status)];
  if (!response) return [`${where}: status not declared (declared: ${Object.keys(operation?.responses ?? {})})`];
  const declared = Object.keys(response.content ?? {});
  if (!declared.length) return [];
  const type = (reply.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!declared.includes(type)) return [`${where}: content-type ${type || 'none'}, declared ${declared.join(', ')}`];
  if (type !== 'application/json') return [];
  let body: unknown;
  try {
    body = JSON.parse(reply.text);
  } catch {
    return [`${where}: the body is not JSON`];
  }
  const validate = validator(route.path, route.method.toLowerCase(), String(reply.status));
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${where}: ${e.instancePath || '(body)'} ${e.message}${e.keyword === 'additionalProperties' ? ` '${(e.params as { additionalProperty: string }).additionalProperty}'` : ''}`,
  );
}

/** Throws when a reply breaks the contract: for clients other than `call()` (a second runtime, a raw fetch). */
export function assertContract(method: string, url: string, res: { status: number; headers: Headers }, text: string) {
  const violations = replyViolations(method, url, {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text,
  });
  if (violations.length) throw new Error(`The reply breaks the contract:\n${violations.join('\n')}`);
}
