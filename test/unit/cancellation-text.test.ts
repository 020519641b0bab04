import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { smsSegments } from '../../lib/domain/gsm';
import { shiftCancelledMessage } from '../../lib/notify/templates';

const shift = { practiceName: 'Hendford Lodge Medical Centre', role: 'gp' as const, when: 'Thu 3 Dec 09:00-17:00' };

describe('the shift-cancelled text to the booked clinician', () => {
  it('gives the reason and the late-cancellation fee', () => {
    const m = shiftCancelledMessage({ ...shift, reason: 'Room flooded', feePence: 17100 });
    expect(m.sms).toContain('Reason: Room flooded.');
    expect(m.sms).toContain('£171.00');
    expect(m.email).toContain('Reason given: Room flooded');
    expect(m.email).toContain('late-cancellation fee of £171.00');
  });

  it('keeps within two segments and still starts the reason, however long the reason and name (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 500 }).filter((s) => /\w/.test(s)),
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }),
        (reason, practiceName, feePence) => {
          const sms = shiftCancelledMessage({ ...shift, practiceName, reason, feePence }).sms;
          expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
          expect(sms).toContain('Reason: ');
        },
      ),
    );
  });
});
