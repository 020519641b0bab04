/**
 * The pieces of OAuth 2.0 sign-in with Cognito's managed login that need no
 * page: the runtime configuration, PKCE (RFC 7636, S256) with WebCrypto, and
 * the authorise, token and logout requests. No SDK: the flow is three
 * requests, and these run the same in the browser and in Node's tests.
 */

export type AuthConfig =
  | { kind: 'local' }
  | {
      kind: 'cognito';
      region: string;
      userPoolId: string;
      clientId: string;
      /** The managed login address, `https://<prefix>.auth.<region>.amazoncognito.com`. */
      domain: string;
      /** Where Cognito returns the code, and sign-out returns; default: the app's own address. */
      redirectUri?: string;
    };

export type CognitoConfig = Extract<AuthConfig, { kind: 'cognito' }>;

export interface RuntimeConfig {
  /** Where the API lives; '' means the same origin (the local runtime). */
  apiBaseUrl: string;
  auth: AuthConfig;
  /** Local-only tools (demo sign-in, text simulator). */
  devTools: boolean;
}

export class ConfigError extends Error {}

const text = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || !v.trim()) throw new ConfigError(`config.json: auth.${name} must be a non-empty string`);
  return v.trim();
};

/**
 * The host's `config.json` (or `window.ROTA_CONFIG`), checked. Nothing at all
 * means the local runtime; a Cognito configuration with a field missing is
 * an error, never a quiet fall back to the demo sign-in.
 */
export function parseRuntimeConfig(raw: unknown): RuntimeConfig {
  if (raw === undefined || raw === null) return { apiBaseUrl: '', auth: { kind: 'local' }, devTools: true };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError('config.json must be an object');
  const found = raw as Record<string, unknown>;
  const rawAuth = found.auth ?? 'local';
  const kind = typeof rawAuth === 'string' ? rawAuth : (rawAuth as { kind?: unknown } | null)?.kind;
  let auth: AuthConfig;
  if (kind === 'local') auth = { kind: 'local' };
  else if (kind === 'cognito' && typeof rawAuth === 'object' && rawAuth) {
    const a = rawAuth as Record<string, unknown>;
    const domain = text(a.domain, 'domain').replace(/\/+$/, '');
    auth = {
      kind: 'cognito',
      region: text(a.region, 'region'),
      userPoolId: text(a.userPoolId, 'userPoolId'),
      clientId: text(a.clientId, 'clientId'),
      // A bare host name (as Cognito's console shows it) means https.
      domain: /^https?:\/\//.test(domain) ? domain : `https://${domain}`,
      ...(a.redirectUri === undefined ? {} : { redirectUri: text(a.redirectUri, 'redirectUri') }),
    };
  } else
    throw new ConfigError(
      `config.json: auth must be "local" or a Cognito configuration, not ${JSON.stringify(rawAuth)}`,
    );
  const apiBaseUrl = found.apiBaseUrl ?? '';
  if (typeof apiBaseUrl !== 'string') throw new ConfigError('config.json: apiBaseUrl must be a string');
  const devTools = found.devTools ?? auth.kind === 'local';
  return { apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''), auth, devTools: devTools === true };
}

// ---------------------------------------------------------------- PKCE

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Base64url without padding (RFC 4648 §5). */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let c = 0; c < chars; c++) out += ALPHABET[(n >> (18 - 6 * c)) & 63];
  }
  return out;
}

/** 32 random bytes: a 43-character verifier (RFC 7636 allows 43 to 128), or a state. */
export function randomToken(bytes = 32): string {
  return base64url(globalThis.crypto.getRandomValues(new Uint8Array(bytes)));
}

/** `BASE64URL(SHA256(verifier))`, the S256 code challenge. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

// ---------------------------------------------------------------- requests

export function authorizeUrl(
  config: CognitoConfig,
  request: { redirectUri: string; state: string; challenge: string },
): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: request.redirectUri,
    scope: 'openid email profile',
    state: request.state,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
  });
  return `${config.domain}/oauth2/authorize?${q}`;
}

/** The form body of the token request that trades the code (and the verifier) for tokens. */
export function codeExchangeBody(
  config: CognitoConfig,
  request: { code: string; redirectUri: string; verifier: string },
): URLSearchParams {
  return new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: config.clientId,
    code: request.code,
    redirect_uri: request.redirectUri,
    code_verifier: request.verifier,
  });
}

export function refreshBody(config: CognitoConfig, refreshToken: string): URLSearchParams {
  return new URLSearchParams({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: refreshToken });
}

export const tokenUrl = (config: CognitoConfig) => `${config.domain}/oauth2/token`;

export function logoutUrl(config: CognitoConfig, logoutUri: string): string {
  const q = new URLSearchParams({ client_id: config.clientId, logout_uri: logoutUri });
  return `${config.domain}/logout?${q}`;
}

export interface TokenSet {
  /** The API's bearer: its JWT authoriser checks the audience, and the caller's claims are only in the ID token. */
  idToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Reads the token endpoint's answer; `now` and `previousRefresh` (a refresh answer carries no new one) are passed in. */
export function tokenSetOf(body: unknown, now: number, previousRefresh?: string): TokenSet {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.id_token !== 'string' || !b.id_token) throw new Error('The sign-in service sent no ID token');
  const seconds = typeof b.expires_in === 'number' && b.expires_in > 0 ? b.expires_in : 3600;
  return {
    idToken: b.id_token,
    refreshToken: typeof b.refresh_token === 'string' ? b.refresh_token : previousRefresh,
    expiresAt: now + seconds * 1000,
  };
}

/** A JWT's claims, unverified: for display only (the API verifies every request). */
export function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1];
  if (!part) return {};
  try {
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return {};
  }
}
