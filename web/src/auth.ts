/**
 * Signing in. The strategy comes from the runtime configuration, so one
 * build serves both worlds:
 *
 * - `local` (the default, and `npm start`): pick a demo user; `POST /dev/login`
 *   issues a JWT with the same claims Cognito would.
 * - `cognito` (AWS): the Web construct publishes `/config.json` (or the page
 *   sets `window.ROTA_CONFIG`) with the user pool's hosted UI. The seam is
 *   here; the hosted-UI redirect is not built yet.
 *
 * The token lives in sessionStorage: closing the tab signs out.
 */
import { api, configureApi } from './api';

export type UserRole = 'admin' | 'manager' | 'clinician' | 'hr';

export interface Me {
  id: string;
  email: string;
  role: UserRole;
  orgId: string;
  practiceIds: string[];
  clinicianId?: string;
}

export interface Session {
  token: string;
  me: Me;
  /** Display name when the sign-in knows it (demo users do). */
  name?: string;
}

export type AuthConfig =
  | { kind: 'local' }
  | { kind: 'cognito'; region: string; userPoolId: string; clientId: string; domain: string };

export interface RuntimeConfig {
  /** Where the API lives; '' means the same origin (the local runtime). */
  apiBaseUrl: string;
  auth: AuthConfig;
  /** Local-only tools (demo sign-in, text simulator). */
  devTools: boolean;
}

declare global {
  interface Window {
    ROTA_CONFIG?: Partial<RuntimeConfig>;
  }
}

const DEFAULT_CONFIG: RuntimeConfig = { apiBaseUrl: '', auth: { kind: 'local' }, devTools: true };

/** `window.ROTA_CONFIG` wins; else `/config.json` if the host publishes one; else local. */
export async function loadConfig(): Promise<RuntimeConfig> {
  let found: Partial<RuntimeConfig> | undefined = window.ROTA_CONFIG;
  if (!found) {
    try {
      const res = await fetch('config.json', { headers: { accept: 'application/json' } });
      // The local runtime answers unknown paths with index.html: not a config.
      if (res.ok && (res.headers.get('content-type') ?? '').includes('json')) found = await res.json();
    } catch {
      found = undefined;
    }
  }
  const auth = found?.auth ?? DEFAULT_CONFIG.auth;
  return {
    apiBaseUrl: found?.apiBaseUrl ?? DEFAULT_CONFIG.apiBaseUrl,
    auth,
    devTools: found?.devTools ?? auth.kind === 'local',
  };
}

export interface SignInStrategy {
  readonly kind: AuthConfig['kind'];
  /** Local: `{email}` of a demo user. Cognito: starts the hosted-UI redirect. */
  signIn(input: { email?: string }): Promise<Session>;
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

function cognitoStrategy(config: Extract<AuthConfig, { kind: 'cognito' }>): SignInStrategy {
  return {
    kind: 'cognito',
    async signIn() {
      // The seam for AWS: redirect to `https://${config.domain}/oauth2/authorize`
      // (authorization code + PKCE, client `config.clientId`), then exchange the
      // code at `/oauth2/token` and keep the id token like the local one.
      throw new Error(`Cognito sign-in (${config.userPoolId}) is not built into the web app yet`);
    },
    async signOut() {
      window.location.assign(`https://${config.domain}/logout?client_id=${encodeURIComponent(config.clientId)}`);
    },
  };
}

export const strategyFor = (config: RuntimeConfig): SignInStrategy =>
  config.auth.kind === 'cognito' ? cognitoStrategy(config.auth) : localStrategy;

const KEY = 'rota-bank.session';

export function savedSession(): Session | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(session: Session | undefined) {
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  configureApi({ token: session?.token });
}
