/**
 * Signing in. The strategy comes from the runtime configuration, so one
 * build serves both worlds:
 *
 * - `local` (`npm start`, whose runtime serves `{"auth":{"kind":"local"}}`):
 *   pick a demo user; `POST /dev/login` issues a JWT with the same claims
 *   Cognito would.
 * - `cognito` (AWS): the Web construct publishes `/config.json` naming the
 *   user pool's managed login. Authorisation code with PKCE: the app sends
 *   the browser to `/oauth2/authorize`, and on its return trades the code at
 *   `/oauth2/token` for tokens; the ID token is the API's bearer.
 *
 * Cognito's tokens live in sessionStorage: closing the tab signs out. The
 * local demo's sign-in lives in localStorage, so a link opened in a new tab
 * (a shift, a timesheet) is still signed in.
 */
import { api, configureApi } from './api';
import {
  type AuthConfig,
  authorizeUrl,
  type CognitoConfig,
  ConfigError,
  claimsOf,
  codeChallenge,
  codeExchangeBody,
  logoutUrl,
  parseRuntimeConfig,
  type RuntimeConfig,
  randomToken,
  refreshBody,
  type TokenSet,
  tokenSetOf,
  tokenUrl,
} from './oidc';

export type { AuthConfig, RuntimeConfig };

export type UserRole = 'admin' | 'manager' | 'clinician' | 'hr';

export interface Me {
  id: string;
  email: string;
  role: UserRole;
  orgId: string;
  practiceIds: string[];
  clinicianId?: string;
  /** Absent in a session stored before the server sent it. */
  cancellationTerms?: { lateCancellationHours: number; lateCancellationFeeHours: number };
}

export interface Session {
  token: string;
  me: Me;
  /** Display name when the sign-in knows it (demo users do). */
  name?: string;
  /** Cognito only: to renew the token before it lapses. */
  refreshToken?: string;
  /** Epoch milliseconds at which `token` lapses, when known. */
  expiresAt?: number;
}

declare global {
  interface Window {
    ROTA_CONFIG?: Partial<RuntimeConfig>;
  }
}

/** `window.ROTA_CONFIG` wins; else `/config.json` if the host publishes one; else local. */
export async function loadConfig(): Promise<RuntimeConfig> {
  let found: unknown = window.ROTA_CONFIG;
  if (!found) {
    try {
      const res = await fetch('config.json', { headers: { accept: 'application/json' }, cache: 'no-store' });
      // The local runtime answers unknown paths with an error body: not a config.
      if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) found = await res.json();
    } catch (e) {
      if (e instanceof ConfigError) throw e;
      found = undefined;
    }
  }
  return parseRuntimeConfig(found);
}

export interface SignInStrategy {
  readonly kind: AuthConfig['kind'];
  /** Local: `{email}` of a demo user. Cognito: starts the hosted-UI redirect. */
  signIn(input: { email?: string }): Promise<Session>;
  /** A renewed session before the token lapses, or undefined when it cannot be renewed. */
  refresh?(session: Session): Promise<Session | undefined>;
  signOut(): Promise<void>;
}

const localStrategy: SignInStrategy = {
  kind: 'local',
  async signIn({ email }) {
    if (!email) throw new Error('Choose someone to sign in as');
    const { token, user } = await api<{ token: string; user?: { name?: string } }>('POST', '/dev/login', { email });
    const me = await api<Me>('GET', '/me', undefined, { token });
    return { token, me, name: user?.name };
  },
  async signOut() {},
};

const PKCE_KEY = 'rota-bank.pkce';

/** The app's own address without query or fragment: where Cognito sends the browser back. */
const appAddress = (config: CognitoConfig) =>
  config.redirectUri ?? `${window.location.origin}${window.location.pathname}`;

async function postForm(url: string, body: URLSearchParams): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
  const parsed = (await res.json().catch(() => ({}))) as { error?: string; error_description?: string };
  if (!res.ok) throw new Error(`Sign-in failed: ${parsed.error_description ?? parsed.error ?? `status ${res.status}`}`);
  return parsed;
}

async function sessionOf(tokens: TokenSet): Promise<Session> {
  const me = await api<Me>('GET', '/me', undefined, { token: tokens.idToken });
  const claims = claimsOf(tokens.idToken);
  const name = typeof claims.name === 'string' ? claims.name : undefined;
  return { token: tokens.idToken, me, name, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt };
}

function cognitoStrategy(config: CognitoConfig): SignInStrategy {
  return {
    kind: 'cognito',
    async signIn() {
      const verifier = randomToken();
      const state = randomToken(16);
      const redirectUri = appAddress(config);
      sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state, redirectUri }));
      window.location.assign(authorizeUrl(config, { redirectUri, state, challenge: await codeChallenge(verifier) }));
      // The page is leaving: nothing to resolve.
      return new Promise<Session>(() => {});
    },
    async refresh(session) {
      if (!session.refreshToken) return undefined;
      const tokens = tokenSetOf(
        await postForm(tokenUrl(config), refreshBody(config, session.refreshToken)),
        Date.now(),
        session.refreshToken,
      );
      return { ...session, token: tokens.idToken, refreshToken: tokens.refreshToken, expiresAt: tokens.expiresAt };
    },
    async signOut() {
      window.location.assign(logoutUrl(config, appAddress(config)));
    },
  };
}

/**
 * On the way back from managed login (`?code=…&state=…` or `?error=…`):
 * checks the state against the one this tab sent, trades the code and the
 * PKCE verifier for tokens, and tidies the address bar. Undefined when the
 * page was not opened by a sign-in redirect.
 */
export async function completeSignIn(
  config: RuntimeConfig,
): Promise<{ session?: Session; error?: string } | undefined> {
  if (config.auth.kind !== 'cognito') return undefined;
  const auth = config.auth;
  const query = new URLSearchParams(window.location.search);
  if (!query.has('code') && !query.has('error')) return undefined;
  const pending = sessionStorage.getItem(PKCE_KEY);
  sessionStorage.removeItem(PKCE_KEY);
  window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  if (query.has('error'))
    return { error: `Sign-in was not completed: ${query.get('error_description') ?? query.get('error')}` };
  const sent = pending ? (JSON.parse(pending) as { verifier: string; state: string; redirectUri: string }) : undefined;
  if (!sent || sent.state !== query.get('state')) {
    return { error: 'That sign-in did not start here (or was started in another tab). Please sign in again.' };
  }
  try {
    const body = codeExchangeBody(auth, {
      code: query.get('code') ?? '',
      redirectUri: sent.redirectUri,
      verifier: sent.verifier,
    });
    return { session: await sessionOf(tokenSetOf(await postForm(tokenUrl(auth), body), Date.now())) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : 'Sign-in failed' };
  }
}

export const strategyFor = (config: RuntimeConfig): SignInStrategy =>
  config.auth.kind === 'cognito' ? cognitoStrategy(config.auth) : localStrategy;

const KEY = 'rota-bank.session';

let sessions: () => Storage = () => sessionStorage;

/** Where sessions are kept, by the kind of sign-in: call once the configuration is known, before reading one. */
export function keepSessionsFor(config: RuntimeConfig) {
  sessions = config.auth.kind === 'local' ? () => localStorage : () => sessionStorage;
}

export function savedSession(): Session | undefined {
  try {
    const raw = sessions().getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined) {
  if (session) sessions().setItem(KEY, JSON.stringify(session));
  else sessions().removeItem(KEY);
  configureApi({ token: session?.token });
}
