import { Logger } from '@aws-lambda-powertools/logger';
import { maskEmail, maskPhone } from './domain/mask';

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

/**
 * One logger for every function. Whatever a log line carries (messages,
 * extra keys, errors), phone numbers and emails leave it masked: the replacer
 * runs on every string value as the line is serialised.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rota-bank',
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL ?? process.env.LOG_LEVEL ?? 'INFO') as 'INFO',
  jsonReplacerFn: (_key: string, value: unknown) => (typeof value === 'string' ? maskPersonalData(value) : value),
});
