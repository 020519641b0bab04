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
