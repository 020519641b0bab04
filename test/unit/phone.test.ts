import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { toE164 } from '../../lib/domain/phone';
import { UK_PHONE_METADATA } from '../../lib/domain/uk-phone-metadata';
import { ukMetadata } from '../../scripts/uk-phone-metadata';

/** toE164 as it was with every country's metadata (the library's default entry): the oracle. */
function everyCountryE164(text: string): string | undefined {
  const parsed = parsePhoneNumberFromString(text, 'GB');
  if (!parsed) return undefined;
  if (parsed.isValid() || /^\+447700900\d{3}$/.test(parsed.number)) return parsed.number;
  return undefined;
}

describe('toE164', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['+44 (0)7700 900 321', '+447700900321'],
    ['+447700900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['(020) 7946 0018', '+442079460018'],
    ['0117 496 0123', '+441174960123'],
    ['07911 123456', '+447911123456'],
  ])('reads %s as %s', (text, e164) => {
    expect(toE164(text)).toBe(e164);
  });

  it.each([
    ['a Guernsey landline', '01481 256789', '+441481256789'],
    ['a Jersey mobile', '07797 712345', '+447797712345'],
    ['an Isle of Man landline', '+44 1624 756789', '+441624756789'],
  ])('reads %s (they share +44) as before', (_what, text, e164) => {
    expect(everyCountryE164(text)).toBe(e164);
    expect(toE164(text)).toBe(e164);
  });

  it.each([
    ['a French mobile', '+33 6 12 34 56 78'],
    ['an Irish mobile', '+353 85 123 4567'],
    ['a US number', '+1 202 555 0143'],
    ['an international freephone number', '+800 1234 5678'],
    ['a French mobile dialled from the UK', '00 33 6 12 34 56 78'],
  ])('refuses %s, which every country’s metadata took: only UK numbers are taken now', (_what, text) => {
    expect(everyCountryE164(text)).toBeDefined();
    expect(toE164(text)).toBeUndefined();
  });

  it.each(['12', '07700 90012', 'not a number', '', '+44', '07700 900123 4567 89'])('refuses %j', (text) => {
    expect(toE164(text)).toBeUndefined();
  });

  it('gives every +44 number the answer every country’s metadata gave, and refuses every other', () => {
    const digits = (min: number, max: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
    const spaced = (d: string) =>
      fc
        .array(fc.constantFrom('', '', '', ' ', '-', '.'), { minLength: d.length, maxLength: d.length })
        .map((seps) => [...d].map((c, i) => c + seps[i]).join(''));
    // A UK significant number (10 digits mostly, 7-9 for some), written any usual way.
    const uk = fc
      .tuple(
        fc.constantFrom('', '0', '+44', '+44 ', '+44 (0)', '0044 ', '00 44 '),
        fc.constantFrom('1', '2', '3', '5', '7', '7', '8', '9'),
        fc.oneof(digits(9, 9), digits(9, 9), digits(8, 8), digits(6, 10)),
      )
      .chain(([p, lead, rest]) => spaced(lead + rest).map((d) => p + d));
    // Another country's number, or a typo of one.
    const elsewhere = fc
      .tuple(fc.constantFrom('+', '00', '+33', '+353', '+1', '+49', '+800', '011'), digits(6, 12))
      .chain(([p, d]) => spaced(d).map((s) => p + s));
    const seen = { uk: 0, elsewhere: 0 };
    fc.assert(
      fc.property(fc.oneof(uk, elsewhere, fc.string({ maxLength: 20 })), (text) => {
        const before = everyCountryE164(text);
        if (before) seen[before.startsWith('+44') ? 'uk' : 'elsewhere']++;
        expect(toE164(text)).toBe(before?.startsWith('+44') ? before : undefined);
      }),
      { numRuns: 20_000 },
    );
    // Enough valid numbers on both sides that the comparison means something.
    expect(seen.uk).toBeGreaterThan(1000);
    expect(seen.elsewhere).toBeGreaterThan(500);
  });

  it('reads the library’s own UK metadata (run `npm run uk-phone-metadata` after upgrading libphonenumber-js)', () => {
    expect(UK_PHONE_METADATA).toEqual(ukMetadata());
  });
});
