import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseCode, OFFER_CODE_LENGTH, parseSmsReply, pickOfferCode } from '../../lib/domain/sms';

describe('parseSmsReply', () => {
  it.each([
    'YES 4821',
    'yes 4821',
    'Y4821',
    'YES4821',
    ' Yes  4821 ',
    'Y 4821',
    'y4821',
    'YES 4821!',
    'yes 4821.',
    'Yes 4821 :)',
    'YES\n4821',
    'yes\u00A04821',
    'ＹＥＳ　４８２１',
  ])('reads %j as accepting offer 4821', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'accept', code: '4821' });
  });

  it.each(['NO 4821', 'N4821', 'no4821', 'No 4821.', ' n   4821 '])('reads %j as declining offer 4821', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'decline', code: '4821' });
  });

  it.each(['YES', 'Y', 'yes', 'Yes!', ' y '])('reads a bare %j as accepting without a code', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'accept' });
  });

  it.each(['NO', 'N', 'no.', ' No '])('reads a bare %j as declining without a code', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'decline' });
  });

  it.each(['SHIFTS', 'shifts', 'Shifts?'])('reads %j as asking for the live offers', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'list' });
  });

  it.each([
    'STOP',
    'stop',
    'Stop.',
    'UNSUBSCRIBE',
    'END',
    'QUIT',
    'CANCEL',
    'OPTOUT',
    'STOPALL',
    'opt out',
    'Stop all',
  ])('honours the opt-out word %j', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'stop' });
  });

  it.each(['START', 'start', 'UNSTOP'])('reads %j as opting back in', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'start' });
  });

  it.each(['HELP', 'help', 'INFO', 'Help?'])('reads %j as asking for help', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'help' });
  });

  it.each([
    'YES 48',
    'YES 48211',
    'YES 4821 and 1234',
    'YES 4821 1234',
    'maybe',
    'yeah 4821',
    'Yes please',
    'NO thanks',
    'please stop texting me at 4821',
    '4821',
    '',
    '   ',
    '👍',
    'YES #4821',
    'YES ٤٨٢١',
  ])('books nothing on %j', (body) => {
    expect(parseSmsReply(body)).toEqual({ kind: 'unknown' });
  });

  const spacing = fc.stringMatching(/^[ \t\n]{0,3}$/);
  const casing = (word: string) =>
    fc
      .array(fc.boolean(), { minLength: word.length, maxLength: word.length })
      .map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
  const code = fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(OFFER_CODE_LENGTH, '0'));

  it('reads any casing and spacing of YES, Y, NO or N with any four-digit code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('yes', 'y', 'no', 'n').chain(casing),
        code,
        spacing,
        spacing,
        spacing,
        fc.constantFrom('', '.', '!', '!!', ' .'),
        (word, digits, before, between, after, punctuation) => {
          const command = parseSmsReply(`${before}${word}${between}${digits}${punctuation}${after}`);
          const kind = word.toLowerCase().startsWith('y') ? 'accept' : 'decline';
          expect(command).toEqual({ kind, code: digits });
        },
      ),
    );
  });

  it('never reads a code of other than four digits', () => {
    fc.assert(
      fc.property(fc.constantFrom('YES', 'Y', 'NO', 'N'), fc.stringMatching(/^\d{1,3}$|^\d{5,8}$/), (word, digits) => {
        expect(parseSmsReply(`${word} ${digits}`)).toEqual({ kind: 'unknown' });
      }),
    );
  });

  it('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (body) => {
        const command = parseSmsReply(body);
        expect(['accept', 'decline', 'list', 'stop', 'start', 'help', 'unknown']).toContain(command.kind);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('normaliseCode', () => {
  it('keeps four digits and drops the spacing around and inside them', () => {
    expect(normaliseCode('4821')).toBe('4821');
    expect(normaliseCode(' 48 21 ')).toBe('4821');
    expect(normaliseCode('０４８２')).toBe('0482');
  });

  it.each(['482', '48211', '48a1', '', 'YES 4821'])('refuses %j', (text) => {
    expect(normaliseCode(text)).toBeUndefined();
  });
});

describe('pickOfferCode', () => {
  const sequence = (...values: number[]) => {
    let i = 0;
    return () => values[i++ % values.length]!;
  };

  it('picks four digits from 1000 to 9999, never with a leading zero', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (r) => {
        const picked = pickOfferCode(new Set(), () => r);
        expect(picked).toMatch(/^[1-9]\d{3}$/);
      }),
    );
    expect(pickOfferCode(new Set(), () => 0)).toBe('1000');
    expect(pickOfferCode(new Set(), () => 0.999999999)).toBe('9999');
  });

  it('draws again when the code is one of the clinician’s live offers', () => {
    expect(pickOfferCode(new Set(['1000']), sequence(0, 0.5))).toBe('5500');
  });

  it('finds the free code even when random draws keep hitting taken ones', () => {
    const taken = new Set(Array.from({ length: 9000 }, (_, i) => String(1000 + i)).filter((c) => c !== '7777'));
    expect(pickOfferCode(taken, () => 0.1)).toBe('7777');
  });

  it('never returns a taken code', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1000, max: 9999 }).map(String), { maxLength: 200 }),
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1 }),
        (taken, draws) => {
          const set = new Set(taken);
          expect(set.has(pickOfferCode(set, sequence(...draws)))).toBe(false);
        },
      ),
    );
  });

  it('copes with a random source that misbehaves', () => {
    expect(pickOfferCode(new Set(), () => Number.NaN)).toMatch(/^[1-9]\d{3}$/);
    expect(pickOfferCode(new Set(), () => 1)).toBe('9999');
    expect(pickOfferCode(new Set(), () => -3)).toBe('1000');
  });

  it('refuses when every code is live for the clinician', () => {
    const taken = new Set(Array.from({ length: 9000 }, (_, i) => String(1000 + i)));
    expect(() => pickOfferCode(taken, () => 0.3)).toThrow(/No free offer code/);
  });
});
