import type * as z from 'zod/mini';
import type { UserRole } from '../domain/types';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * `userPool`: creates, updates and disables Cognito users; `scheduler`: creates and deletes schedules; `exports`: the
 * payroll exports bucket; `documents`: the documents bucket; `webOrigin`: the web app's address (links in emails).
 */
export type RouteNeed = 'userPool' | 'scheduler' | 'exports' | 'documents' | 'webOrigin';

export type RouteKey = `${Method} ${string}`;

/** What the CDK API construct and the local adapter need of a route: where it is, who may call it, what serves it. */
export interface Route {
  readonly method: Method;
  /** API Gateway path syntax: `/shifts/{id}`. */
  readonly path: string;
  /** Module under `functions/` (no extension) whose `handler` export serves the route. */
  readonly handler: string;
  /** Who may call it: `public` needs no token; otherwise the groups allowed. */
  readonly access: 'public' | readonly UserRole[];
  /** Served by the local runtime only, never deployed. */
  readonly localOnly?: boolean;
  /**
   * AWS resources the handler uses beyond the table; the CDK API construct
   * grants each one (and sets its variable) on that route's function only.
   */
  readonly needs?: readonly RouteNeed[];
  /**
   * A GET whose handler still writes the table (a rate-limit counter). The
   * functions of GET routes may only read it otherwise: in AWS a write then is
   * refused by IAM, which DynamoDB Local never checks.
   */
  readonly writesTable?: true;
}

/** What a route's function may do to the table: its IAM grant in AWS, and what the local adapter allows it. */
export type TableAccess = 'read' | 'readWrite';

/** GET routes read, unless they declare `writesTable`; the rest read and write. */
export const tableAccessOf = (route: Pick<Route, 'method' | 'writesTable'>): TableAccess =>
  route.method === 'GET' && !route.writesTable ? 'read' : 'readWrite';

/** Media types a reply may have besides JSON. */
export type FileType =
  | 'text/csv'
  | 'text/calendar'
  | 'application/pdf'
  | 'application/zip'
  | 'application/octet-stream';

/** A reply that is not JSON: a file, or a redirect to one. */
export interface FileReply {
  readonly type: FileType | 'redirect';
  readonly description: string;
}

/** A JSON reply is its zod schema; the document and the tests read the same schema. */
export type ReplySpec = z.ZodMiniType | FileReply;

/** Success replies by status. */
export type Replies = Readonly<Record<number, ReplySpec>>;

/** Error statuses a route may answer beyond the ones its shape implies (see `errorStatuses`). */
export type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 503;

/**
 * A route, declared once: the handler, the CDK API construct, the local
 * adapter, the OpenAPI document and the tests all read this object.
 */
export interface RouteSpec extends Route {
  readonly summary: string;
  readonly description?: string;
  /** The first tag groups the operation in the document. */
  readonly tags: readonly [string, ...string[]];
  /** The JSON body, validated before the handler runs. Its `withMeta(…, {examples})` feed the document. */
  readonly body?: z.ZodMiniType;
  readonly query?: z.ZodMiniObject;
  /** Request headers the route reads (documented; the handler checks them). */
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly required?: boolean }>>;
  /** Errors the use case raises that the route's shape does not imply (409 SHIFT_UNAVAILABLE, 404 for a body's id...). */
  readonly errors?: readonly ErrorStatus[];
  /** Statuses the shape implies that the route never answers (a route open to every role never refuses one). */
  readonly never?: readonly ErrorStatus[];
}

/** A route with its replies: what the route table holds, and the document and the tests read. */
export interface DocumentedRoute extends RouteSpec {
  readonly replies: Replies;
}

/** Carries the types of a route's replies in the route's type; no value ever has it. */
declare const replyTypes: unique symbol;

/** A route as its handler knows it: the types of its replies, not their schemas. */
export type TypedRoute<S extends RouteSpec, R extends Replies> = S & { readonly [replyTypes]?: R };

/** The replies a route's handler may give (`defineRoute<typeof xReplies>()`). */
export type RepliesOf<S> = S extends { readonly [replyTypes]?: infer R } ? (R extends Replies ? R : never) : never;

/**
 * A route, declared once in lib/routes/*, with its replies beside it:
 *
 *     export const acceptOffer = defineRoute<typeof acceptOfferReplies>()({ method, path, ... });
 *     export const acceptOfferReplies = { 200: z.object({ booking: BookingRecord }) };
 *
 * The route carries its replies' types, for its handler's return type, but
 * not their schemas: a handler imports the route alone, so a Lambda bundle
 * holds no reply schema, and one whose route reads no body or query holds no
 * zod at all (issue 17.6, cold starts). The route table joins the two
 * (`documented`) for the OpenAPI document and the tests.
 */
export const defineRoute =
  <R extends Replies>() =>
  <const S extends RouteSpec>(spec: S): TypedRoute<S, R> =>
    spec;

/** A route joined to its replies, for the route table; the replies must be the ones its type names. */
export const documented = <S extends RouteSpec, R extends Replies>(
  route: TypedRoute<S, R>,
  replies: R,
): S & { readonly replies: R } => ({ ...route, replies });

export const routeKey = (r: Pick<Route, 'method' | 'path'>): RouteKey => `${r.method} ${r.path}`;

/**
 * The error statuses a route can answer: 400 when it reads a body or a query,
 * 401 and 403 unless public, 404 when its path names a record, 413 for any
 * method that may carry a body (the limit is checked before the route reads
 * one), 429 everywhere (the stage throttles every route, the local
 * runtime none), 500 everywhere; plus what the route declares in `errors`.
 */
export function errorStatuses(spec: RouteSpec): number[] {
  const statuses = new Set<number>([429, 500]);
  if (spec.body || spec.query) statuses.add(400);
  if (spec.method !== 'GET') statuses.add(413);
  if (spec.access !== 'public') {
    statuses.add(401);
    statuses.add(403);
  }
  if (spec.path.includes('{')) statuses.add(404);
  for (const s of spec.errors ?? []) statuses.add(s);
  for (const s of spec.never ?? []) statuses.delete(s);
  return [...statuses].sort((a, b) => a - b);
}

export const isFileReply = (reply: ReplySpec): reply is FileReply => !('_zod' in reply);
