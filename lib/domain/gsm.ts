/**
 * The GSM 03.38 alphabet that SMS uses by default, and the arithmetic of
 * segments. One character outside it switches the whole text to UCS-2, which
 * cuts a segment from 160 characters to 70: a curly apostrophe typed into a
 * practice's name would more than double what every offer costs. Hence
 * `toGsm7`, through which every outbound text passes.
 */

/** The basic set (GSM 03.38 default alphabet), one septet each. ESC (0x1B) is not a character. */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: sent as ESC + character, so two septets each. */
const EXTENSION = '^{}\\[~]|€';

const BASIC_SET: ReadonlySet<string> = new Set(BASIC);
const EXTENSION_SET: ReadonlySet<string> = new Set(EXTENSION);

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (an extension character counts two), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

/** Capacity of one lone segment and of each part of a concatenated message (the rest is the UDH). */
export const SEGMENT_LIMITS = {
  'GSM-7': { single: 160, concatenated: 153 },
  'UCS-2': { single: 70, concatenated: 67 },
} as const satisfies Record<SmsEncoding, { single: number; concatenated: number }>;

export function isGsm7Char(char: string): boolean {
  return BASIC_SET.has(char) || EXTENSION_SET.has(char);
}

export function isGsm7(text: string): boolean {
  for (const char of text) if (!isGsm7Char(char)) return false;
  return true;
}

/**
 * How many segments a text is sent as. Packing is greedy and never splits an
 * escape pair (GSM-7) or a surrogate pair (UCS-2) across two segments, as
 * carriers do, so a concatenated part can hold one unit fewer than its
 * nominal size. An empty text still goes out, and is billed, as one segment.
 */
export function smsSegments(text: string): SmsSize {
  const gsm = isGsm7(text);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  // Code points keep surrogate pairs whole; each costs its septets or its UTF-16 length.
  const costs = Array.from(text, (char) => (gsm ? (EXTENSION_SET.has(char) ? 2 : 1) : char.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  const limits = SEGMENT_LIMITS[encoding];
  if (units <= limits.single) return { encoding, units, segments: 1 };
  let segments = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > limits.concatenated) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, segments };
}

/**
 * Replacements for characters people type (or spreadsheets and phones insert)
 * that GSM-7 lacks. Every value is itself GSM-7; a test holds that true.
 */
const REPLACEMENTS: Readonly<Record<string, string>> = {
  // Quotes and apostrophes, as word processors and iPhones "smarten" them.
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u201B': "'",
  '\u2032': "'",
  '\u02BC': "'",
  '`': "'",
  '\u00B4': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u201F': '"',
  '\u2033': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2039': "'",
  '\u203A': "'",
  // Dashes and hyphens.
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
  // Spaces.
  '\t': ' ',
  '\u00A0': ' ',
  '\u2007': ' ',
  '\u202F': ' ',
  '\u3000': ' ',
  // Punctuation and symbols.
  '\u2026': '...',
  '\u2022': '-',
  '\u00B7': '.',
  '\u2044': '/',
  '\u00D7': 'x',
  '\u00F7': '/',
  '\u00B0': ' deg',
  '\u00A9': '(c)',
  '\u00AE': '(R)',
  '\u2122': 'TM',
  '\u00A2': 'c',
  '\u00A6': '|',
  '\u00AC': '-',
  '\u00B1': '+/-',
  // Letters that carry no decomposable accent.
  '\u00E7': 'c', // ç: GSM's 0x09 is Ç; a lone capital inside "François" reads worse than a plain c.
  '\u00D0': 'D',
  '\u00F0': 'd',
  '\u0110': 'D',
  '\u0111': 'd',
  '\u0141': 'L',
  '\u0142': 'l',
  '\u0152': 'OE',
  '\u0153': 'oe',
  '\u00DE': 'Th',
  '\u00FE': 'th',
  '\u0131': 'i',
  '\u0127': 'h',
  '\u0126': 'H',
  '\u0167': 't',
  '\u0166': 'T',
};

const MARKS = /\p{M}/gu;
/** Controls (but not LF and CR, which GSM-7 has) and format characters (zero-width, bidi marks, soft hyphen). */
const INVISIBLE = /^(?![\n\r])[\p{Cc}\p{Cf}]$/u;

function mapChar(char: string): string {
  if (isGsm7Char(char)) return char;
  const direct = REPLACEMENTS[char];
  if (direct !== undefined) return direct;
  if (INVISIBLE.test(char)) return '';
  // Compatibility decomposition turns "é"-like letters into base + mark,
  // full-width forms into ASCII and ligatures into their letters.
  const decomposed = char.normalize('NFKD').replace(MARKS, '');
  if (decomposed === char) return '?';
  let out = '';
  for (const part of decomposed) {
    const mapped = isGsm7Char(part) ? part : (REPLACEMENTS[part] ?? (INVISIBLE.test(part) ? '' : undefined));
    // One '?' for the whole character, not one per piece (a Hangul syllable is three jamo).
    if (mapped === undefined) return '?';
    out += mapped;
  }
  return out;
}

/**
 * Rewrites text into GSM-7 so that a message never switches to UCS-2 because
 * of its data: smart quotes become straight, dashes hyphens, accents not in
 * GSM-7 their base letter; whatever has no sensible equivalent becomes '?'.
 */
export function toGsm7(text: string): string {
  // Composing first lets "e" + combining acute become GSM's own "é".
  const composed = text.normalize('NFC');
  let out = '';
  for (const char of composed) out += mapChar(char);
  return out;
}
