import { parsePhoneNumberFromString } from 'libphonenumber-js/core';
import { UK_PHONE_METADATA } from './uk-phone-metadata';

/**
 * Ofcom reserves 07700 900000-900999 for drama and demos. libphonenumber
 * calls them invalid (nobody can own one), but they are exactly the numbers
 * demo data and examples use, so they are accepted as UK mobiles.
 */
const DRAMA_RANGE = /^\+447700900\d{3}$/;

/**
 * Any usual UK form, national or international (`07700 900123`,
 * `+44 (0)7700 900123`, `0044 7700 900123`), to E.164, or undefined if it is
 * not a UK (+44) phone number. Only the +44 countries' metadata is loaded (see
 * scripts/uk-phone-metadata.ts), so another country's number is refused, not
 * parsed: clinicians are texted from a UK long code.
 */
export function toE164(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, 'GB', UK_PHONE_METADATA);
  if (!parsed) return undefined;
  if (parsed.isValid() || DRAMA_RANGE.test(parsed.number)) return parsed.number;
  return undefined;
}
