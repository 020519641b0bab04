import { inject } from 'vitest';
import { assertContract } from './contract';

export interface Reply<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export const baseUrl = () => inject('baseUrl');

/**
 * A client of the HTTP contract, nothing more: what a black-box test or the
 * web app would send. Every reply of an API route is checked against the
 * OpenAPI document (status, media type, body schema with no undeclared
 * field): a reply that breaks the contract throws, failing the test.
 */
export async function call<T = any>(
  method: string,
  path: string,
  options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await fetch(baseUrl() + path, {
    method,
    headers,
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await res.text();
  assertContract(method, path, res, text);
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, headers: res.headers };
}

export interface DemoUser {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'clinician' | 'hr';
  orgId: string;
  practiceIds?: string[];
  clinicianId?: string;
}

let users: DemoUser[] | undefined;
const tokens = new Map<string, string>();

export async function demoUsers(): Promise<DemoUser[]> {
  users ??= (await call<{ users: DemoUser[] }>('GET', '/dev/users')).body.users;
  return users;
}

export async function userWhere(predicate: (u: DemoUser) => boolean): Promise<DemoUser> {
  const user = (await demoUsers()).find(predicate);
  if (!user) throw new Error('No demo user matches');
  return user;
}

export async function tokenFor(user: DemoUser): Promise<string> {
  let token = tokens.get(user.email);
  if (!token) {
    const reply = await call<{ token: string }>('POST', '/dev/login', { body: { email: user.email } });
    if (reply.status !== 200) throw new Error(`login failed: ${reply.text}`);
    token = reply.body.token;
    tokens.set(user.email, token);
  }
  return token;
}

export const SOMERSET = 'org-somerset';
export const QUANTOCK = 'org-quantock';

export async function signIn(orgId: string, role: DemoUser['role']) {
  const user = await userWhere((u) => u.orgId === orgId && u.role === role);
  return { user, token: await tokenFor(user) };
}
