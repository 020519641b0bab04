import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { config } from '../config';
import type { Caller } from '../domain/caller';
import { ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from '../domain/errors';
import { addLogContext, appendLogKeys, logger, withLogScope } from '../logger';
import { flushMetrics } from '../metrics';
import { checkedCaller } from '../users/sign-in-check';
import { callerFromClaims } from './caller';
import { errorReply, type HttpReply, json, zodIssues } from './errors';
import { type FileReply, type RepliesOf, type RouteSpec, routeKey } from './route';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;

export interface Request<B, Q> {
  caller: Caller;
  body: B;
  query: Q;
  params: Record<string, string>;
  event: HttpEvent;
}

export interface PublicRequest<Q> {
  query: Q;
  event: HttpEvent;
}

/** A JSON reply the route declares: its status and a body of that status's schema. */
type JsonStatus<R> = { [S in keyof R & number]: R[S] extends z.ZodMiniType ? S : never }[keyof R & number];
type JsonReply<R> = {
  status: JsonStatus<R>;
  body: R[JsonStatus<R>] extends infer T extends z.ZodMiniType ? z.input<T> : never;
};

/** A reply a handler may give: a declared JSON one, or a raw one (a file or a redirect) if the route declares one. */
export type Reply<S extends RouteSpec = RouteSpec> =
  | JsonReply<RepliesOf<S>>
  | (Extract<RepliesOf<S>[keyof RepliesOf<S>], FileReply> extends never ? never : HttpReply);

type Out<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

interface Internal {
  caller?: Caller;
  body?: unknown;
  query?: unknown;
}

type HttpContext = Context & { rota: Internal };

function toReply(reply: HttpReply | { status: number; body: unknown }): HttpReply {
  return 'statusCode' in reply ? reply : json(reply.status, reply.body);
}

type HttpRequest = Parameters<NonNullable<MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext>['after']>>[0];

/** One line per request, refused ones included (the error mapper has shaped the reply by then). */
const served = (request: HttpRequest) => {
  logger.info('Request served', {
    status: request.response?.statusCode,
    caller: request.context.rota?.caller?.userId,
    org: request.context.rota?.caller?.orgId,
  });
};

const logging = (route: string): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
  before: (request) => {
    // Into the request's own log scope (httpHandler opens it), so nothing logged after the request, or beside it
    // in the local runtime's one process, carries its route or request id.
    addLogContext(request.context);
    appendLogKeys({ route, requestId: request.event.requestContext?.requestId });
    request.context.rota = {};
  },
  after: served,
  onError: served,
});

const bodyLimit = (): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
  before: ({ event }) => {
    if (!event.body) return;
    const bytes = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
    const limit = config().MAX_BODY_BYTES;
    if (bytes > limit) throw new PayloadTooLargeError(`The body is ${bytes} bytes; the limit is ${limit}`);
  },
});

/** Every id the API hands out has this shape; anything else in a path cannot name a record. */
const PATH_ID = /^[A-Za-z0-9_-]{1,64}$/;

const pathIds = (route: string): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
  before: ({ event }) => {
    for (const value of Object.values(event.pathParameters ?? {})) {
      if (value === undefined || !PATH_ID.test(value))
        throw new NotFoundError(`Nothing at ${route.split(' ')[1]} with that id`);
    }
  },
});

const authorise = ({ access, ...route }: RouteSpec): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => {
  const key = routeKey(route);
  return {
    before: async (request) => {
      if (access === 'public') return;
      // The token's signature says who issued it, not that its claims still hold: the user's own record decides.
      const caller = await checkedCaller(callerFromClaims(request.event.requestContext?.authorizer?.jwt?.claims));
      if (!access.includes(caller.role)) throw new ForbiddenError(`A ${caller.role} may not use ${key}`);
      request.context.rota.caller = caller;
    },
  };
};

function parseBody(event: HttpEvent): unknown {
  if (!event.body) return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  const type = event.headers?.['content-type'] ?? event.headers?.['Content-Type'] ?? '';
  if (type && !/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ValidationError('The body must be JSON', [
      { path: 'body', message: 'content-type must be application/json' },
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError('The body is not valid JSON', [{ path: 'body', message: 'must be valid JSON' }]);
  }
}

const validate = (
  schemas: Pick<RouteSpec, 'body' | 'query'>,
): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
  before: (request) => {
    const issues = [];
    if (schemas.body) {
      const raw = parseBody(request.event);
      // A schema that is `.optional()` takes a request without a body.
      const parsed = schemas.body.safeParse(raw);
      if (parsed.success) request.context.rota.body = parsed.data;
      else if (raw === undefined) issues.push({ path: 'body', message: 'a JSON body is required' });
      else issues.push(...zodIssues(parsed.error, 'body'));
    }
    if (schemas.query) {
      const parsed = schemas.query.safeParse(request.event.queryStringParameters ?? {});
      if (parsed.success) request.context.rota.query = parsed.data;
      else issues.push(...zodIssues(parsed.error, 'query'));
    }
    if (issues.length) throw new ValidationError('The request is not valid', issues);
  },
});

/** Registered last, so middy runs it first when anything throws. */
const mapErrors = (): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
  onError: (request) => {
    request.response = errorReply(request.error);
  },
});

/**
 * The one middy stack for every HTTP route, built from the route's
 * declaration (lib/routes/*): logging, body limit, caller from the JWT claims
 * checked against the user's record, with the route's access rule, its body
 * and query validated by its zod schemas, and typed errors mapped to the
 * contract's error body. The reply's type is the route's declared replies.
 */
export function httpHandler<const S extends RouteSpec>(
  spec: S,
  fn: (req: Request<Out<S['body']>, Out<S['query']>>) => Promise<Reply<S>>,
) {
  const key = routeKey(spec);
  const handler = middy<HttpEvent, HttpReply, Error, HttpContext>()
    .use(logging(key))
    .use(bodyLimit())
    .use(authorise(spec))
    .use(pathIds(key))
    .use(validate(spec))
    .use(mapErrors())
    .handler(async (event, context) => {
      const { caller, body, query } = context.rota;
      const reply = await fn({
        caller: caller as Caller,
        body: body as Out<S['body']>,
        query: query as Out<S['query']>,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        event,
      });
      return toReply(reply);
    });
  // Each invocation logs in a scope of its own: a warm instance starts every request clean.
  return (event: HttpEvent, context: Context): Promise<HttpReply> =>
    withLogScope({}, () => handler(event, context as HttpContext)).finally(flushMetrics);
}
