/**
 * The one way the app talks to the API: JSON in and out, the bearer token
 * from the session, and the contract's error body turned into an ApiError.
 */

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /** Per-field messages keyed by the field's name in the body: `body.start` -> `start`. */
  fieldErrors(): Record<string, string> {
    if (this.code !== 'VALIDATION' || !Array.isArray(this.details)) return {};
    const out: Record<string, string> = {};
    for (const d of this.details as FieldIssue[]) {
      const key = String(d.path ?? '')
        .replace(/^(body|query)\.?/, '')
        .split('.')[0];
      if (key && !(key in out)) out[key] = d.message;
    }
    return out;
  }
}

/** The route is not deployed yet (or not in this environment): a friendly state, not a crash. */
export const NOT_AVAILABLE = 'NOT_AVAILABLE';
export const isNotAvailable = (e: unknown): boolean => e instanceof ApiError && e.code === NOT_AVAILABLE;

let apiBase = '';
let bearer: string | undefined;
let onUnauthenticated: (() => void) | undefined;

export function configureApi(options: { baseUrl?: string; token?: string; onUnauthenticated?: () => void }) {
  if (options.baseUrl !== undefined) apiBase = options.baseUrl.replace(/\/$/, '');
  if ('token' in options) bearer = options.token;
  if (options.onUnauthenticated) onUnauthenticated = options.onUnauthenticated;
}

export const apiUrl = (path: string) => apiBase + path;

export async function request(
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string; accept?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers, accept: options.accept ?? 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = options.token ?? bearer;
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(apiUrl(path), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Could not reach Rota Bank. Check your connection and try again.');
  }
  if (res.ok && !(res.headers.get('content-type') ?? '').includes('text/html')) return res;
  throw await toError(res);
}

async function toError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  // A route the API answering does not have: the local runtime answers GETs with the
  // app's own index.html, API Gateway with a bare 404 `{"message":"Not Found"}`.
  if (type.includes('text/html')) return new ApiError(404, NOT_AVAILABLE, 'This is not available yet.');
  let parsed: { error?: { code?: string; message?: string; details?: unknown }; message?: string } | undefined;
  try {
    parsed = await res.json();
  } catch {
    parsed = undefined;
  }
  const error = parsed?.error;
  if (res.status === 404 && (!error || /^No route /.test(error.message ?? '')))
    return new ApiError(404, NOT_AVAILABLE, 'This is not available yet.');
  if (res.status === 401) onUnauthenticated?.();
  return new ApiError(
    res.status,
    error?.code ?? `HTTP_${res.status}`,
    error?.message ?? parsed?.message ?? `The server answered ${res.status}`,
    error?.details,
  );
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  options?: { token?: string; headers?: Record<string, string> },
): Promise<T> {
  const res = await request(method, path, body, options);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, body ?? {}, { headers });
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);

/** Follows `nextCursor` until the list is complete (or `max` items). */
export async function getAll<T>(path: string, key: string, max = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await get<Record<string, unknown> & { nextCursor?: string }>(
      `${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...((page[key] as T[] | undefined) ?? []));
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** Fetches a download with the bearer token (a plain link cannot carry it) and saves it. */
export async function download(path: string, filename: string, accept: string): Promise<void> {
  const res = await request('GET', path, undefined, { accept });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
