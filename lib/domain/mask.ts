/** Masking for logs: no phone-number parsing here, so every function can afford it. */

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
