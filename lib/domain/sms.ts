/**
 * The grammar of replies to offers by text message (API.md, "Offers by text
 * message"). People reply from phones that capitalise, autocorrect and add
 * full stops, so the grammar forgives case, spacing and trailing punctuation,
 * but never guesses: anything it cannot read exactly books nothing.
 */

export const OFFER_CODE_LENGTH = 4;

export type SmsCommand =
  | { kind: 'accept'; code?: string }
  | { kind: 'decline'; code?: string }
  | { kind: 'list' }
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'unknown' };

/** Carriers' opt-out words; honouring every one of them is a condition of sending. */
const STOP_WORDS: ReadonlySet<string> = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'END', 'QUIT', 'CANCEL', 'OPTOUT']);
const START_WORDS: ReadonlySet<string> = new Set(['START', 'UNSTOP']);
const HELP_WORDS: ReadonlySet<string> = new Set(['HELP', 'INFO']);
const LIST_WORDS: ReadonlySet<string> = new Set(['SHIFTS', 'SHIFT']);

const ACCEPT_OR_DECLINE = /^(YES|Y|NO|N)(\d{4})?$/;
const CODE = /^\d{4}$/;
/** Whitespace of any kind, including the non-breaking and zero-width sorts phones insert. */
const SPACING = /[\s\p{Cf}]+/gu;
/** "YES 4821!", "no.", "Yes 4821 :)": punctuation and symbols at the end are tone, not content. */
const TRAILING = /[\p{P}\p{S}\s\p{Cf}]+$/u;

/** Full-width forms to ASCII (NFKC), trailing tone dropped, spacing removed, upper case. */
function fold(body: string): string {
  return body.normalize('NFKC').replace(TRAILING, '').replace(SPACING, '').toUpperCase();
}

/**
 * An offer code as the store keys it: the digits alone, or undefined when the
 * text is not exactly four digits once spacing is removed (`' 48 21 '` is
 * `'4821'`; `'482'`, `'48211'` and `'48a1'` are not codes).
 */
export function normaliseCode(text: string): string | undefined {
  const folded = text.normalize('NFKC').replace(SPACING, '');
  return CODE.test(folded) ? folded : undefined;
}

export function parseSmsReply(body: string): SmsCommand {
  const text = fold(body);
  const match = ACCEPT_OR_DECLINE.exec(text);
  if (match) {
    const kind = match[1]!.startsWith('Y') ? 'accept' : 'decline';
    const code = match[2];
    return code === undefined ? { kind } : { kind, code };
  }
  if (LIST_WORDS.has(text)) return { kind: 'list' };
  if (STOP_WORDS.has(text)) return { kind: 'stop' };
  if (START_WORDS.has(text)) return { kind: 'start' };
  if (HELP_WORDS.has(text)) return { kind: 'help' };
  return { kind: 'unknown' };
}

const FIRST_CODE = 1000;
const CODE_COUNT = 9000;
const RANDOM_TRIES = 32;

/**
 * A code for a new offer, '1000'..'9999' (no leading zero, so a spreadsheet
 * or a phone's number detection cannot eat it), not among `taken`: the codes
 * of the clinician's live offers, the only ones a reply could be confused
 * with. Random draws first, so codes are not guessable in sequence; a scan
 * from a random point if the draws keep colliding. Throws only when all 9000
 * codes are live for one clinician.
 */
export function pickOfferCode(taken: ReadonlySet<string>, random: () => number): string {
  const at = (n: number) => String(FIRST_CODE + (((n % CODE_COUNT) + CODE_COUNT) % CODE_COUNT));
  const draw = () => {
    const n = Math.floor(random() * CODE_COUNT);
    return Number.isFinite(n) ? Math.min(CODE_COUNT - 1, Math.max(0, n)) : 0;
  };
  for (let i = 0; i < RANDOM_TRIES; i += 1) {
    const code = at(draw());
    if (!taken.has(code)) return code;
  }
  const start = draw();
  for (let i = 0; i < CODE_COUNT; i += 1) {
    const code = at(start + i);
    if (!taken.has(code)) return code;
  }
  throw new Error('No free offer code: every code from 1000 to 9999 is live for this clinician');
}
