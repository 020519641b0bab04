// zod's core alone: the error class every zod schema throws, without the schema builders a GET handler never uses.
import { $ZodError, type $ZodIssue } from 'zod/v4/core';
import { DomainError, type FieldIssue, ValidationError } from '../domain/errors';
import { logger } from '../logger';

export interface HttpReply {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  /** A binary body, base64 encoded as API Gateway expects. */
  isBase64Encoded?: boolean;
}

export const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpReply {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * One entry per bad field, its messages joined. A body that fits none of a union's forms (`POST
 * /shifts/bulk`'s dates or pattern) is judged by the form it comes closest
 * to, the one with the fewest issues, so its details name fields, not just
 * "Invalid input" at the body.
 */
export function zodIssues(error: $ZodError, prefix: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  const visit = (issues: readonly $ZodIssue[], base: readonly PropertyKey[]) => {
    for (const i of issues) {
      const path = [...base, ...i.path];
      if (i.code === 'invalid_union' && i.errors.length) {
        visit(
          i.errors.reduce((best, branch) => (branch.length < best.length ? branch : best)),
          path,
        );
      } else out.push({ path: [prefix, ...path.map(String)].filter(Boolean).join('.'), message: i.message });
    }
  };
  visit(error.issues, []);
  // One entry per field (API.md): a value that breaks two rules (over 240 minutes, and longer than the shift) says both.
  const byPath = new Map<string, FieldIssue>();
  for (const issue of out) {
    const had = byPath.get(issue.path);
    if (!had) byPath.set(issue.path, issue);
    else if (!had.message.split('; ').includes(issue.message)) had.message = `${had.message}; ${issue.message}`;
  }
  return [...byPath.values()];
}

/** The one place errors become HTTP: typed errors keep their status; anything else is a 500 whose message is logged, never sent. */
export function errorReply(error: unknown): HttpReply {
  if (error instanceof $ZodError)
    return errorReply(new ValidationError('The request is not valid', zodIssues(error, '')));
  if (error instanceof DomainError) {
    const body: { code: string; message: string; details?: unknown } = { code: error.code, message: error.message };
    if (error.details !== undefined) body.details = error.details;
    return json(error.status, { error: body });
  }
  logger.error('Unhandled error', error as Error);
  return json(500, { error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged' } });
}
