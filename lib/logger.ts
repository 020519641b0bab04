import { Logger } from '@aws-lambda-powertools/logger';
import { maskEmail, maskPhone } from './domain/mask';

const PHONE_RE = /(?:\+|\b00)?44\s?7\d{3}\s?\d{6}\b|\b07\d{3}\s?\d{3}\s?\d{3}\b|\+\d{10,14}\b/g;
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Masks every phone number and email address in a string. */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL_RE, (m) => maskEmail(m)).replace(PHONE_RE, (m) => maskPhone(m.replace(/\s/g, '')));
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
