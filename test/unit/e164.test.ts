import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carrierNumber } from '../../lib/domain/e164';
import { toE164 } from '../../lib/domain/phone';

describe('carrierNumber: the sender of an inbound text as the carrier gives it', () => {
  it('takes E.164 numbers as they are', () => {
    for (const n of ['+447700900123', '+33612345678', '+12025550123', '+8613800138000']) {
      expect(carrierNumber(n)).toBe(n);
    }
  });

  it('refuses anything else: national forms, spaces, no plus, a leading zero, too short or too long', () => {
    for (const n of [
      '07700 900123',
      '07700900123',
      '+44 7700 900123',
      '447700900123',
      '+0447700900',
      '+4412',
      '+4477009001234567',
      '',
      'HELLO',
    ]) {
      expect(carrierNumber(n)).toBeUndefined();
    }
  });

  it('agrees with the stored form: every number libphonenumber stores as E.164 is taken as it is', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^07[1-9]\d{8}$/), fc.constantFrom('', ' ', '-'), (mobile, gap) => {
        const stored = toE164(`${mobile.slice(0, 5)}${gap}${mobile.slice(5)}`);
        if (stored) expect(carrierNumber(stored)).toBe(stored);
      }),
      { numRuns: 500 },
    );
  });
});

describe('toE164: a number typed in any usual UK or international form', () => {
  it('takes every UK mobile of the right shape, whether or not libphonenumber knows its block', () => {
    // 07700 912345: a mobile block libphonenumber's metadata calls unallocated.
    expect(toE164('07700 912345')).toBe('+447700912345');
    expect(toE164('+44 (0)7700 912345')).toBe('+447700912345');
    expect(toE164('07700 900123')).toBe('+447700900123'); // Ofcom's drama range
    expect(toE164('07911 123456')).toBe('+447911123456');
    fc.assert(
      fc.property(fc.stringMatching(/^07[1-57-9]\d{8}$/), (mobile) => {
        expect(toE164(mobile)).toBe(`+44${mobile.slice(1)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('takes other countries and UK landlines as libphonenumber validates them, and refuses what is no number', () => {
    expect(toE164('+1 415 555 2671')).toBe('+14155552671');
    expect(toE164('020 7946 0000')).toBe('+442079460000');
    for (const wrong of ['12', '0770 091234', '077009123456', '07700 9123', 'phone me', '+44 7700', '']) {
      expect(toE164(wrong), wrong).toBeUndefined();
    }
  });
});
