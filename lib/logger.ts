import { AsyncLocalStorage } from 'node:async_hooks';
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import type { Context } from 'aws-lambda';
import { maskEmail, maskPhone } from './domain/mask';
import { sourceStack } from './source-stack';

/**
 * Anything that looks like a phone number however it is spelt: an optional
 * `+` or `00`, then digits with spaces, dashes, dots or brackets between them.
 */
const PHONE_CANDIDATE = /(?<![\w+])(?:\+|00)?\(?\d[\d\s().-]{7,20}\d(?!\w)/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/**
 * A candidate becomes E.164 (national UK spellings with or without their
 * leading 0, and `+44 (0)...`), so every spelling of a number is masked
 * alike. Digit runs that are not phone numbers (dates, times, counts) do not
 * start with 0, +, 00 or 44 and the ten digits of a UK number, nor are they
 * ten digits starting with 7.
 */
function asPhone(candidate: string): string | undefined {
  const trimmed = candidate.trim();
  let digits = trimmed.replace(/\D/g, '');
  // A UK number written as 447700900123, without its +.
  const bareUk = /^44[1-9]\d{9}$/.test(digits);
  // A UK mobile without its leading 0 (7700900123, as a form or a spreadsheet drops it). Only mobiles:
  // ten digits starting 1 or 2 are as likely epoch seconds, and a log needs those.
  if (/^\(?7/.test(trimmed) && /^7\d{9}$/.test(digits)) return `+44${digits}`;
  // Country codes and UK area codes never start with 0: runs of zeros (an AWS account id) are not numbers.
  const international = bareUk || /^(\+|00)\s?\(?[1-9]/.test(trimmed);
  if (!international && !/^\(?0[1-9]/.test(trimmed)) return undefined;
  if (international) {
    if (trimmed.startsWith('00')) digits = digits.slice(2);
    if (digits.startsWith('440')) digits = `44${digits.slice(3)}`;
  } else {
    digits = `44${digits.slice(1)}`;
  }
  return digits.length >= 10 && digits.length <= 15 ? `+${digits}` : undefined;
}

/** Masks every phone number and email address in a string. */
export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL_RE, (m) => maskEmail(m))
    .replace(PHONE_CANDIDATE, (m) => {
      const e164 = asPhone(m);
      return e164 ? maskPhone(e164) : m;
    });
}

type ScopedContext = Pick<Context, 'functionName' | 'awsRequestId' | 'invokedFunctionArn' | 'memoryLimitInMB'> & {
  coldStart: boolean;
};

/** What one invocation adds to its own lines: its keys and its Lambda context. */
interface LogScope {
  keys: LogAttributes;
  context?: ScopedContext;
}

/**
 * Invocation-scoped keys. The local runtime serves every route, pumps the
 * stream and runs schedules in one process, all at once: keys appended to the
 * shared logger would stay on it and turn up on whatever logged next, a
 * background relay's lines carrying the last request's route and request id.
 * Keys kept in an async scope stay with the work that set them.
 */
const scopes = new AsyncLocalStorage<LogScope>();

/**
 * Runs `fn` in a log scope of its own: `keys`, and whatever `appendLogKeys`
 * and `addLogContext` add inside, go on every line it logs (awaited work
 * included) and on no other. A scope starts afresh even inside another: a job
 * a request sets off logs as itself, not as the request.
 */
export function withLogScope<T>(keys: LogAttributes, fn: () => T): T {
  return scopes.run({ keys: { ...keys } }, fn);
}

/** Keys for the rest of the current scope's lines; outside any scope, for every later line of the process. */
export function appendLogKeys(keys: LogAttributes): void {
  const scope = scopes.getStore();
  if (scope) Object.assign(scope.keys, keys);
  else logger.appendKeys(keys);
}

let warm = false;

/** The invocation's Lambda context (function name, request id) on the current scope's lines. */
export function addLogContext(context: Omit<ScopedContext, 'coldStart'>): void {
  const scope = scopes.getStore();
  // Outside a scope Powertools keeps it, for every later line (one invocation at a time in Lambda).
  if (!scope) {
    logger.addContext(context as Context);
    return;
  }
  const coldStart = !warm;
  warm = true;
  scope.context = {
    functionName: context.functionName,
    awsRequestId: context.awsRequestId,
    invokedFunctionArn: context.invokedFunctionArn,
    memoryLimitInMB: context.memoryLimitInMB,
    coldStart,
  };
}

/** Powertools' own line layout, with the current scope's keys and Lambda context added. */
class ScopedLogFormatter extends LogFormatter {
  formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const scope = scopes.getStore();
    // Inside a scope only its own context: never one Powertools keeps for the process.
    const lambda = scope ? scope.context : attributes.lambdaContext;
    return new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: lambda?.coldStart,
        function_arn: lambda?.invokedFunctionArn,
        function_memory_size: lambda?.memoryLimitInMB,
        function_name: lambda?.functionName,
        function_request_id: lambda?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes({ ...scope?.keys, ...additional });
  }

  /** Powertools' error layout, its stack and location in the source's files and lines (see `sourceStack`). */
  override formatError(error: Error): LogAttributes {
    const formatted = super.formatError(error);
    if (typeof error.stack !== 'string') return formatted;
    const stack = sourceStack(error.stack);
    if (stack === error.stack) return formatted;
    return {
      ...formatted,
      location: this.getCodeLocation(stack),
      stack: Array.isArray(formatted.stack) ? stack.split('\n') : stack,
    };
  }
}

/**
 * One logger for every function. Whatever a log line carries (messages,
 * extra keys, errors), phone numbers and emails leave it masked: the replacer
 * runs on every string value as the line is serialised.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rota-bank',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
  logFormatter: new ScopedLogFormatter(),
  jsonReplacerFn: (_key: string, value: unknown) => (typeof value === 'string' ? maskPersonalData(value) : value),
});
