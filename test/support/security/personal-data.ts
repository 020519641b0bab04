/**
 * Detectors for personal data left readable in text (log lines above all).
 * They look for what a person could use, in any usual spelling, not for the
 * spellings the masking happens to know: a UK mobile with or without +44,
 * 0044 or (0) or with no prefix at all (7700900123), with spaces, dots, dashes or brackets between the digits; an
 * email address with a local part of at least one character before the @.
 * A masked value (`+44770*****23`, `a***@example.org`) has its digits or its
 * local part broken by asterisks, so it is not found.
 */

const SEP = String.raw`[\s().-]*`;
const UK_MOBILE = new RegExp(
  String.raw`(?:(?:\+|\b00)${SEP}44${SEP}(?:\(0\)${SEP})?|\b44${SEP}|(?<![A-Za-z0-9*])0|(?<![A-Za-z0-9*+]))7(?:${SEP}\d){9}(?![\d*])`,
  'g',
);
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Request ids (UUIDs) and record ids (ULIDs) can hold digit runs that look like a number; they are neither. */
const scrub = (text: string) =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\b[0-9A-HJKMNP-TV-Z]{26}\b/g, '<ulid>');

export function unmaskedMobiles(text: string): string[] {
  return [...scrub(text).matchAll(UK_MOBILE)].map((m) => m[0]);
}

export function unmaskedEmails(text: string): string[] {
  return [...text.matchAll(EMAIL)].map((m) => m[0]);
}

export function personalDataIn(text: string): string[] {
  return [...unmaskedMobiles(text), ...unmaskedEmails(text)];
}
