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
