import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { loadEvent } from '../../events';
import { parseInboundSms } from '../../lib/notify/inbound-sms-message';

/** The zod schema on-inbound-sms read the topic's messages with until it dropped zod: parseInboundSms must agree. */
const InboundSms = z.object({
  originationNumber: z.string().check(z.minLength(3), z.maxLength(32)),
  messageBody: z.string().check(z.maxLength(1600)),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(200)),
  destinationNumber: z.optional(z.string()),
});

const FIELDS = ['originationNumber', 'messageBody', 'inboundMessageId', 'destinationNumber', 'keyword'] as const;

/** Strings at each length rule's edges (2/3, 32/33, 1600/1601, 0/1, 200/201 characters), and other values. */
const anyValue = fc.oneof(
  fc.constantFrom(undefined, null, 0, 1, true, [], {}, '', 'Y'),
  fc.constantFrom(2, 3, 32, 33, 199, 200, 201, 1600, 1601).map((n) => '7'.repeat(n)),
  fc.string({ maxLength: 40 }),
);

/** The sample event's message with one field set to another value, or a value that is no message at all. */
const message = (() => {
  const sample = JSON.parse(
    loadEvent<{ Records: { Sns: { Message: string } }[] }>('sns-inbound-sms').Records[0]!.Sns.Message,
  );
  return fc.oneof(
    fc.constant(sample),
    fc
      .record({ field: fc.constantFrom(...FIELDS), value: anyValue })
      .map(({ field, value }) => ({ ...sample, [field]: value })),
    anyValue,
  );
})();

describe('parseInboundSms: the inbound topic’s message', () => {
  it('reads a text as End User Messaging publishes it, keeping only the fields the handler uses', () => {
    const read = parseInboundSms({
      originationNumber: '+447700900123',
      destinationNumber: '+447700900000',
      messageBody: 'YES 4821',
      inboundMessageId: 'a1b2c3',
      messageKeyword: 'KEYWORD_447700900000',
      previousPublishedMessageId: 'x',
    });
    expect(read).toEqual({
      message: {
        originationNumber: '+447700900123',
        destinationNumber: '+447700900000',
        messageBody: 'YES 4821',
        inboundMessageId: 'a1b2c3',
      },
    });
    expect(parseInboundSms({ originationNumber: '+4', messageBody: 'YES', inboundMessageId: '' })).toEqual({
      issues: ['originationNumber: expected at least 3 characters', 'inboundMessageId: expected at least 1 characters'],
    });
  });

  it('accepts exactly what the zod schema it replaced accepted, and reads the same message', () => {
    fc.assert(
      fc.property(message, (value) => {
        const theirs = InboundSms.safeParse(value);
        const ours = parseInboundSms(value);
        expect('message' in ours).toBe(theirs.success);
        if ('message' in ours) expect(ours.message).toStrictEqual(theirs.data);
      }),
      { numRuns: 5_000 },
    );
  });
});
