import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import type { z } from 'zod';
import { config } from '../config';
import { ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from '../domain/errors';
import { addLogContext, appendLogKeys, logger, withLogScope } from '../logger';
import { type Caller, callerFromClaims } from './caller';
import { errorReply, type HttpReply, json, zodIssues } from './errors';
import { findRoute, type KnownRouteKey } from './routes';

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

export type Reply = HttpReply | { status: number; body: unknown };

interface Schemas<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  body?: B;
  query?: Q;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

interface Internal {
  caller?: Caller;
  body?: unknown;
  query?: unknown;
}

type HttpContext = Context & { rota: Internal };

function toReply(reply: Reply): HttpReply {
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

const logging = (route: KnownRouteKey): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
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

const pathIds = (route: KnownRouteKey): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
  before: ({ event }) => {
    for (const value of Object.values(event.pathParameters ?? {})) {
      if (value === undefined || !PATH_ID.test(value))
        throw new NotFoundError(`Nothing at ${route.split(' ')[1]} with that id`);
    }
  },
});

const authorise = (route: KnownRouteKey): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => {
  const { access } = findRoute(route);
  return {
    before: (request) => {
      if (access === 'public') return;
      const caller = callerFromClaims(request.event.requestContext?.authorizer?.jwt?.claims);
      if (!access.includes(caller.role)) throw new ForbiddenError(`A ${caller.role} may not use ${route}`);
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

const validate = <B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  schemas: Schemas<B, Q>,
): MiddlewareObj<HttpEvent, HttpReply, Error, HttpContext> => ({
  before: (request) => {
    const issues = [];
    if (schemas.body) {
      const raw = parseBody(request.event);
      if (raw === undefined) issues.push({ path: 'body', message: 'a JSON body is required' });
      else {
        const parsed = schemas.body.safeParse(raw);
        if (parsed.success) request.context.rota.body = parsed.data;
        else issues.push(...zodIssues(parsed.error, 'body'));
      }
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
 * The one middy stack for every HTTP route: logging, body limit, caller from
 * the JWT claims with the route table's access rule, zod validation, and
 * typed errors mapped to the contract's error body.
 */
export function httpHandler<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  route: KnownRouteKey,
  schemas: Schemas<B, Q>,
  fn: (req: Request<Out<B>, Out<Q>>) => Promise<Reply>,
) {
  const handler = middy<HttpEvent, HttpReply, Error, HttpContext>()
    .use(logging(route))
    .use(bodyLimit())
    .use(authorise(route))
    .use(pathIds(route))
    .use(validate(schemas))
    .use(mapErrors())
    .handler(async (event, context) => {
      const { caller, body, query } = context.rota;
      const reply = await fn({
        caller: caller as Caller,
        body: body as Out<B>,
        query: query as Out<Q>,
        params: (event.pathParameters ?? {}) as Record<string, string>,
        event,
      });
      return toReply(reply);
    });
  // Each invocation logs in a scope of its own: a warm instance starts every request clean.
  return (event: HttpEvent, context: Context): Promise<HttpReply> =>
    withLogScope({}, () => handler(event, context as HttpContext));
}
