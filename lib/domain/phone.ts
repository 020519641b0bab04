import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A UK mobile's shape: 07 (not 070 personal numbers nor 076 pagers) and nine
 * more digits, taken whether or not libphonenumber knows the block. Ofcom
 * allocates mobile blocks faster than a pinned libphonenumber learns of
 * them, and a clinician whose new number it calls unallocated (07700 912345)
 * must still be able to join: the number proves itself by text before it
 * books anything. It covers Ofcom's drama range too (07700 900000-900999),
 * which nobody can own and every demo and example uses.
 */
const UK_MOBILE = /^\+447[1-57-9]\d{8}$/;

/** Any usual UK or international form to E.164, or undefined if it is not a phone number. */
export function toE164(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, 'GB');
  if (!parsed) return undefined;
  if (parsed.isValid() || UK_MOBILE.test(parsed.number)) return parsed.number;
  return undefined;
}
