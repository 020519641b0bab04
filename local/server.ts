import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { contentSecurityPolicy } from '../lib/content-security-policy';
import { DomainError } from '../lib/domain/errors';
import { logger } from '../lib/logger';
import { type DocumentedRoute, ROUTES, type Route, routeKey, tableAccessOf } from '../lib/routes/index';
import { openApiDocument } from '../lib/routes/openapi';
import { generateOpenApiWith } from '../lib/routes/openapi-built';
import { claimsAsApiGateway, lambdaContext, toApiEvent } from './api-event';
import type { LocalJwt } from './jwt';
import { withTableAccess } from './table-access';

/** API Gateway refuses bodies over 10 MB before any Lambda runs; so does the adapter. */
const GATEWAY_BODY_LIMIT = 10 * 1024 * 1024;
/**
 * Lambda refuses a synchronous invocation's response over 6 MB (the JSON
 * reply as the function returns it, a binary body base64 in it, so a 4.5 MB
 * PDF is already over), and API Gateway answers 500 instead. So does the
 * adapter, so a reply that would fail in AWS fails in the tests too.
 */
export const LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024;

/**
 * A route that, in AWS, sends a large file as a redirect to its bucket (a
 * document, a payroll CSV over 4 MB). Locally there is no bucket and the file
 * comes back inline, at any size: the response limit is not AWS's for these.
 */
const redirectsInAws = (route: Route) =>
  Object.values((route as Partial<DocumentedRoute>).replies ?? {}).some(
    (reply) => (reply as { type?: unknown }).type === 'redirect',
  );
/**
 * A Cognito ID token is a few kB; API Gateway takes at most 10 kB of request
 * line and headers. A longer bearer is refused before anything parses it.
 */
export const MAX_BEARER_CHARS = 8 * 1024;
/**
 * Node answers headers over its limit (16 kB by default) with a bare 431 and
 * no body. Raised, so that a token a little too long still reaches the check
 * above; a header block beyond even this is answered by `clientError` below,
 * with the same 401 in the contract's shape.
 */
const MAX_HEADER_BYTES = 64 * 1024;

const UNAUTHENTICATED_TOO_LONG = JSON.stringify({
  error: { code: 'UNAUTHENTICATED', message: 'The request headers or the bearer token are too long' },
});

export const ROOT = resolve(import.meta.dirname, '..');

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: unknown,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface DevRoute {
  method: string;
  path: string;
  handle(req: { body: unknown; query: URLSearchParams; sourceIp: string }): Promise<{ status: number; body: unknown }>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

export const LOCAL_WEB_CONFIG = { apiBaseUrl: '', auth: { kind: 'local' }, devTools: true } as const;

const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

const error = (
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) => send(res, status, { error: { code, message } }, headers);

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_BODY_LIMIT) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const CONTENT_SECURITY_POLICY = contentSecurityPolicy();
/** What web/build.ts writes `.br` and `.gz` copies of. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg']);

/** The encodings a request accepts, by RFC 9110's rules: listed with a weight above zero, or covered by `*`. */
export function acceptedEncodings(header: string | undefined): Set<string> {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const accepted = new Set<string>();
  for (const name of ['br', 'gzip']) {
    const weight = weights.get(name) ?? weights.get('*') ?? 0;
    if (weight > 0) accepted.add(name);
  }
  return accepted;
}

/** The smallest copy web/build.ts made of a file that the browser accepts (brotli, then gzip), if any. */
function precompressed(file: string, header: string | undefined): { name: string; file: string } | undefined {
  if (!COMPRESSIBLE.has(extname(file))) return undefined;
  const accepted = acceptedEncodings(header);
  for (const [name, suffix] of [
    ['br', '.br'],
    ['gzip', '.gz'],
  ] as const) {
    if (accepted.has(name) && existsSync(file + suffix)) return { name, file: file + suffix };
  }
  return undefined;
}

/**
 * The local stand-in for API Gateway: matches the route table, checks the
 * bearer token as the JWT authorizer would, builds the same payload-2.0
 * event and invokes the same handler module. Also serves `/dev/*` and the
 * web build.
 */
export function createLocalServer(options: {
  jwt: LocalJwt;
  devRoutes: DevRoute[];
  /**
   * Receives a file PUT to `/dev/uploads/<orgId>/<documentId>?token=...`, the
   * local stand-in for a presigned S3 address; throws a DomainError to refuse it.
   */
  upload?: (orgId: string, documentId: string, token: string, bytes: Buffer) => Promise<void>;
  webDir: string;
  now: () => Date;
  /**
   * The web app's `/config.json`. In AWS the Web construct publishes the
   * Cognito one; here the app picks the demo sign-in and the API on its own origin.
   * @default {"apiBaseUrl": "", "auth": {"kind": "local"}, "devTools": true}
   */
  webConfig?: unknown;
}): Server {
  const webConfig = options.webConfig ?? LOCAL_WEB_CONFIG;
  // A deployed GET /openapi.json serves the document its bundle was built with; here nothing is bundled.
  generateOpenApiWith(openApiDocument);
  const compiled = (ROUTES as readonly Route[]).map(compile);
  const handlers = new Map<string, Promise<Handler>>();
  const load = (route: Route) => {
    let handler = handlers.get(route.handler);
    if (!handler) {
      const file = join(ROOT, 'functions', `${route.handler}.ts`);
      handler = import(pathToFileURL(file).href).then((m: { handler: Handler }) => m.handler);
      handlers.set(route.handler, handler);
    }
    return handler;
  };

  const serveStatic = (url: URL, req: IncomingMessage, res: ServerResponse): boolean => {
    if (!existsSync(options.webDir)) return false;
    let decoded: string;
    try {
      decoded = decodeURIComponent(url.pathname);
    } catch {
      return false;
    }
    const relative = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
    // The app routes by hash, so only `/` and real files are the web's; anything else is an unknown API route.
    const file = join(options.webDir, relative === '/' ? 'index.html' : relative);
    if (!file.startsWith(options.webDir) || !existsSync(file) || statSync(file).isDirectory()) return false;
    const encoding = precompressed(file, req.headers['accept-encoding']);
    res.writeHead(200, {
      'content-type': MIME[extname(file)] ?? 'application/octet-stream',
      // Hashed names change with their content, so they never need asking about again; index.html always does.
      'cache-control': relative.startsWith(`${sep}assets${sep}`) ? IMMUTABLE : 'no-cache',
      'x-content-type-options': 'nosniff',
      // CloudFront's policy, so the e2e tests meet what the browser enforces in AWS.
      'content-security-policy': CONTENT_SECURITY_POLICY,
      ...(encoding ? { 'content-encoding': encoding.name } : {}),
      ...(COMPRESSIBLE.has(extname(file)) ? { vary: 'Accept-Encoding' } : {}),
    });
    res.end(readFileSync(encoding?.file ?? file));
    return true;
  };

  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = (req.method ?? 'GET').toUpperCase();
      const sourceIp = req.socket.remoteAddress ?? '127.0.0.1';
      const body = await readBody(req);
      // The rest of the body is never read, so the connection cannot carry another request: the client is told
      // to open a new one, and this one closes once the answer is sent (else its next request waits behind it).
      if (body === 'too-large') {
        return error(res, 413, 'PAYLOAD_TOO_LARGE', 'The body is larger than 10 MB', { connection: 'close' });
      }

      const uploadPath = /^\/dev\/uploads\/([A-Za-z0-9_-]{1,64})\/([A-Za-z0-9_-]{1,64})$/.exec(url.pathname);
      if (uploadPath && options.upload) {
        if (method !== 'PUT') return error(res, 405, 'METHOD_NOT_ALLOWED', 'Upload with PUT');
        try {
          await options.upload(uploadPath[1]!, uploadPath[2]!, url.searchParams.get('token') ?? '', body);
          return send(res, 200, { uploaded: true });
        } catch (e) {
          if (e instanceof DomainError) {
            return send(res, e.status, { error: { code: e.code, message: e.message, details: e.details } });
          }
          throw e;
        }
      }

      const dev = options.devRoutes.find((r) => r.method === method && r.path === url.pathname);
      if (dev) {
        let parsed: unknown;
        if (body.length) {
          try {
            parsed = JSON.parse(body.toString('utf8'));
          } catch {
            return send(res, 400, {
              error: {
                code: 'VALIDATION',
                message: 'The body is not valid JSON',
                details: [{ path: 'body', message: 'must be valid JSON' }],
              },
            });
          }
        }
        const reply = await dev.handle({ body: parsed, query: url.searchParams, sourceIp });
        return send(res, reply.status, reply.body);
      }

      let match: { c: CompiledRoute; params: Record<string, string> } | undefined;
      try {
        for (const c of compiled) {
          if (c.route.method !== method) continue;
          const m = c.pattern.exec(url.pathname);
          if (m) {
            match = { c, params: Object.fromEntries(c.names.map((n, i) => [n, decodeURIComponent(m[i + 1]!)])) };
            break;
          }
        }
      } catch {
        // A malformed percent-escape names nothing (API Gateway refuses it too).
        return error(res, 404, 'NOT_FOUND', `No route ${method} ${url.pathname}`);
      }
      if (!match) {
        if (method === 'GET' && url.pathname === '/config.json') {
          return send(res, 200, webConfig, { 'cache-control': 'no-cache' });
        }
        if (method === 'GET' && !url.pathname.startsWith('/dev/') && serveStatic(url, req, res)) return;
        return error(res, 404, 'NOT_FOUND', `No route ${method} ${url.pathname}`);
      }

      const { route } = match.c;
      let claims: Record<string, string> | undefined;
      if (route.access !== 'public') {
        const header = req.headers.authorization ?? '';
        if (header.length > MAX_BEARER_CHARS + 16) {
          return error(res, 401, 'UNAUTHENTICATED', 'The request headers or the bearer token are too long');
        }
        const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
        if (!token) return error(res, 401, 'UNAUTHENTICATED', 'Send a bearer token: Authorization: Bearer <JWT>');
        try {
          claims = claimsAsApiGateway(await options.jwt.verify(token));
        } catch {
          return error(res, 401, 'UNAUTHENTICATED', 'The token is not valid or has expired');
        }
      }
      const event = toApiEvent({
        method,
        routeKey: routeKey(route),
        url,
        headers: req.headers,
        body,
        pathParameters: match.params,
        claims,
        sourceIp,
        now: options.now(),
      });
      const handler = await load(route);
      // Within what its function's role may do to the table in AWS: a GET route's reads, unless it declares writes.
      const reply = await withTableAccess(tableAccessOf(route), () =>
        handler(event, lambdaContext(route.handler.replace(/\W/g, '-'))),
      );
      const replyBytes = Buffer.byteLength(JSON.stringify(reply));
      if (replyBytes > LAMBDA_RESPONSE_LIMIT && !redirectsInAws(route)) {
        logger.error('Reply over the Lambda response limit: API Gateway would answer 500', {
          route: routeKey(route),
          replyBytes,
        });
        return error(res, 500, 'INTERNAL', 'Something went wrong on our side; it has been logged');
      }
      res.writeHead(reply.statusCode ?? 200, (reply.headers ?? {}) as Record<string, string>);
      res.end(reply.isBase64Encoded && reply.body ? Buffer.from(reply.body, 'base64') : (reply.body ?? ''));
    } catch (err) {
      logger.error('Local adapter failed', err as Error);
      if (!res.headersSent) error(res, 500, 'INTERNAL', 'Something went wrong on our side; it has been logged');
      else res.end();
    }
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    if (err.code === 'HPE_HEADER_OVERFLOW') {
      socket.end(
        'HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json; charset=utf-8\r\n' +
          `content-length: ${Buffer.byteLength(UNAUTHENTICATED_TOO_LONG)}\r\nconnection: close\r\n\r\n` +
          UNAUTHENTICATED_TOO_LONG,
      );
      return;
    }
    // Whatever else Node's parser refuses (a malformed request line or header) is Node's usual 400.
    socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });
  // Idle keep-alive sockets stay open longer than any client keeps them (undici's 4 s, browsers' ~60 s), so a
  // client never sends a request down a socket the server is closing at that moment ("other side closed").
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
