import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Ofcom reserves 07700 900000-900999 for drama and demos. libphonenumber
 * calls them invalid (nobody can own one), but they are exactly the numbers
 * demo data and examples use, so they are accepted as UK mobiles.
 */
const DRAMA_RANGE = /^\+447700900\d{3}$/;

/** Any usual UK or international form to E.164, or undefined if it is not a phone number. */
export function toE164(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, 'GB');
  if (!parsed) return undefined;
  if (parsed.isValid() || DRAMA_RANGE.test(parsed.number)) return parsed.number;
  return undefined;
}

/** `+447700900123` -> `+44770*****23`: enough to tell numbers apart in a log, not enough to text one. */
export function maskPhone(e164: string): string {
  if (e164.length <= 7) return '*'.repeat(e164.length);
  return e164.slice(0, 6) + '*'.repeat(e164.length - 8) + e164.slice(-2);
}

/** `asha.patel@example.org` -> `a***@example.org`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
