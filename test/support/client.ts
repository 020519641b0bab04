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

/** ACMA keeps 0491 570 156 for fiction: a valid number that no bank's clinician has. */
const NOBODYS_NUMBER = '+61491570156';

/**
 * Resolves once the runtime's outbox relay has caught up with what was
 * written before the call. The http files share one runtime, one file after
 * another, and the relay works through the table's stream in order: a file
 * that posts hundreds of shifts (authorisation.test.ts: some 3,000 texts)
 * leaves the next file a minute or more of them to relay first, far longer
 * than that file's own waits for its messages. A text from a number no bank
 * knows is answered through the same outbox, so its answer arriving means
 * what was queued before it has gone. One text a call: a number is answered
 * twenty times in ten minutes.
 */
export async function outboxCaughtUp(timeoutMs = 180_000): Promise<void> {
  const replies = async () =>
    (await call('GET', `/dev/outbox?to=${encodeURIComponent(NOBODYS_NUMBER)}&kind=sms-reply`)).body.messages
      .length as number;
  const before = await replies();
  const sent = await call('POST', '/dev/sms/inbound', { body: { from: NOBODYS_NUMBER, body: 'HELP' } });
  if (sent.status !== 202) throw new Error(`The runtime refused the text: ${sent.status} ${sent.text}`);
  const deadline = Date.now() + timeoutMs;
  while ((await replies()) <= before) {
    if (Date.now() > deadline) throw new Error(`The outbox relay had not caught up after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
