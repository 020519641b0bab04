/**
 * Typed errors raised by use cases; `lib/http/errors.ts` maps them to the
 * contract's error body in one place.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details?: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'VALIDATION';
  constructor(message: string, issues: FieldIssue[] = []) {
    super(message, issues);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}

export type ConflictCode =
  | 'SHIFT_UNAVAILABLE'
  | 'CLASH'
  | 'NOT_ELIGIBLE'
  | 'TIMESHEET_EXISTS'
  | 'SHIFT_NOT_STARTED'
  | 'ALREADY_EXISTS'
  | 'PHONE_IN_USE'
  | 'INVALID_STATE'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_IN_PROGRESS'
  | 'LATE_CANCELLATION';

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code: ConflictCode;
  constructor(code: ConflictCode, message: string, details?: unknown) {
    super(message, details);
    this.code = code;
  }
}

export class OfferExpiredError extends DomainError {
  readonly status = 410;
  readonly code = 'OFFER_EXPIRED';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'RATE_LIMITED';
}

/** Something the service depends on (its database) is not answering; the caller may try again shortly. */
export class ServiceUnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'UNAVAILABLE';
}
