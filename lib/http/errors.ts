// zod's core alone: the error class every zod schema throws, without the schema builders a GET handler never uses.
import { $ZodError } from 'zod/v4/core';
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

export function zodIssues(error: $ZodError, prefix: string): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }));
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
