import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGsm7, smsSegments, toGsm7 } from '../../lib/domain/gsm';

const EXTENSION = ['^', '{', '}', '\\', '[', ']', '~', '|', '€'];
const GSM_SAMPLE = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà';

describe('isGsm7', () => {
  it('accepts the basic set, the pound sign and every extension character', () => {
    expect(isGsm7(GSM_SAMPLE)).toBe(true);
    expect(isGsm7('£95.00/h')).toBe(true);
    for (const char of EXTENSION) expect(isGsm7(char)).toBe(true);
  });

  it('refuses curly quotes, dashes, ellipses, emoji and letters GSM lacks', () => {
    for (const text of ['O’Brien', '“Hi”', '08:30–18:30', 'Wait…', 'Thanks 👍', 'Łódź', 'ç', '\u00A0', '\t']) {
      expect(isGsm7(text), text).toBe(false);
    }
  });
});

describe('smsSegments', () => {
  it('sends 160 septets as one segment and 161 as two', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('fits 153 septets in each part of a concatenated message', () => {
    expect(smsSegments('a'.repeat(153 * 2)).segments).toBe(2);
    expect(smsSegments('a'.repeat(153 * 2 + 1)).segments).toBe(3);
    expect(smsSegments('a'.repeat(153 * 3)).segments).toBe(3);
  });

  it('counts each extension character as two septets', () => {
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsSegments('€'.repeat(80) + 'a')).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsSegments(`${'a'.repeat(159)}{`)).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    for (const char of EXTENSION) expect(smsSegments(char).units).toBe(2);
  });

  it('never splits an escape pair between two parts, as carriers do not', () => {
    // 306 septets would fill two parts exactly, but the euro cannot straddle the first boundary.
    const text = `${'a'.repeat(152)}€${'a'.repeat(152)}`;
    expect(smsSegments(text)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
  });

  it('switches the whole text to UCS-2 for one emoji, counting UTF-16 code units', () => {
    expect(smsSegments(`${'a'.repeat(60)}😀`)).toEqual({ encoding: 'UCS-2', units: 62, segments: 1 });
    expect(smsSegments(`${'a'.repeat(69)}😀`)).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  it('fits 70 UCS-2 units in one segment and 67 in each concatenated part', () => {
    expect(smsSegments('ł'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(smsSegments('ł'.repeat(71)).segments).toBe(2);
    expect(smsSegments('ł'.repeat(134)).segments).toBe(2);
    expect(smsSegments('ł'.repeat(135)).segments).toBe(3);
  });

  it('treats a curly apostrophe as enough to make a 100-character text UCS-2 and two segments', () => {
    const text = `Shift offer at St Mary’s Surgery ${'x'.repeat(70)}`;
    expect(smsSegments(text).encoding).toBe('UCS-2');
    expect(smsSegments(text).segments).toBe(2);
    expect(smsSegments(toGsm7(text))).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('agrees with the plain arithmetic whenever no pair sits on a boundary', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '£'), maxLength: 800 }), (text) => {
        const { encoding, units, segments } = smsSegments(text);
        expect(encoding).toBe('GSM-7');
        expect(units).toBe(text.length);
        expect(segments).toBe(units <= 160 ? 1 : Math.ceil(units / 153));
      }),
    );
  });
});

describe('toGsm7', () => {
  it('straightens quotes, dashes, ellipses and odd spaces', () => {
    expect(toGsm7('St Mary’s “Health” Centre – Yeovil…\u00A0ok')).toBe('St Mary\'s "Health" Centre - Yeovil... ok');
    expect(toGsm7('08:30—18:30')).toBe('08:30-18:30');
  });

  it('keeps accented letters GSM has and strips the accent from those it lacks', () => {
    expect(toGsm7('Renée Müller, Ñuñez, Åsa')).toBe('Renée Müller, Ñuñez, Åsa');
    expect(toGsm7('Zoë Łukasz François Dvořák naïve')).toBe('Zoe Lukasz Francois Dvorak naive');
  });

  it('composes a decomposed accent GSM has into its letter', () => {
    expect(toGsm7('Rene\u0301e')).toBe('Renée');
  });

  it('drops invisible characters and turns what it cannot map into one question mark each', () => {
    expect(toGsm7('soft\u00ADhyphen\u200Bzero')).toBe('softhyphenzero');
    expect(toGsm7('thanks 👍')).toBe('thanks ?');
    expect(toGsm7('한국')).toBe('??');
    expect(toGsm7('\uD800x')).toBe('?x');
  });

  it('leaves GSM-7 text exactly as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...GSM_SAMPLE, ...EXTENSION) }), (text) => {
        expect(toGsm7(text)).toBe(text);
      }),
    );
  });

  it('always produces GSM-7, whatever Unicode comes in', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = toGsm7(text);
        expect(isGsm7(out)).toBe(true);
        expect(toGsm7(out)).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('always produces GSM-7 from any UTF-16 units, lone surrogates included', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }), (text) =>
        isGsm7(toGsm7(text)),
      ),
      { numRuns: 2000 },
    );
  });

  it('maps every character of the Latin-1 supplement, Latin Extended-A and general punctuation to GSM-7', () => {
    const ranges: [number, number][] = [
      [0x00a0, 0x00ff],
      [0x0100, 0x017f],
      [0x2000, 0x206f],
    ];
    for (const [from, to] of ranges) {
      for (let c = from; c <= to; c += 1) {
        const char = String.fromCharCode(c);
        expect(isGsm7(toGsm7(char)), `U+${c.toString(16)}`).toBe(true);
      }
    }
  });
});
