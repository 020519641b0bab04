/** What AWS End User Messaging SMS publishes to the inbound topic for each text received on the long code. */
export interface InboundSmsMessage {
  originationNumber: string;
  messageBody: string;
  inboundMessageId: string;
  destinationNumber?: string;
}

/** A string of `min` to `max` characters (UTF-16 units, as zod and JSON count them), or why not. */
function lengthIssue(value: unknown, min: number, max: number): string | undefined {
  if (typeof value !== 'string') return 'expected a string';
  if (value.length < min) return `expected at least ${min} characters`;
  return value.length > max ? `expected at most ${max} characters` : undefined;
}

/**
 * The inbound topic's message, parsed from its JSON: the fields above and no
 * others, or what is wrong with it. By hand rather than with zod: the SMS
 * handler needs zod for nothing else, and zod's start-up is part of the cold
 * start behind "reply YES 4821" (issue 17.6).
 * test/unit/inbound-sms-message.test.ts holds this to the zod schema it
 * replaced, over generated messages.
 */
export function parseInboundSms(value: unknown): { message: InboundSmsMessage } | { issues: string[] } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { issues: ['expected an object'] };
  const m = value as Record<string, unknown>;
  const issues = (
    [
      ['originationNumber', lengthIssue(m.originationNumber, 3, 32)],
      ['messageBody', lengthIssue(m.messageBody, 0, 1600)],
      ['inboundMessageId', lengthIssue(m.inboundMessageId, 1, 200)],
      [
        'destinationNumber',
        m.destinationNumber === undefined ? undefined : lengthIssue(m.destinationNumber, 0, Infinity),
      ],
    ] as const
  ).flatMap(([name, issue]) => (issue ? [`${name}: ${issue}`] : []));
  if (issues.length) return { issues };
  return {
    message: {
      originationNumber: m.originationNumber as string,
      messageBody: m.messageBody as string,
      inboundMessageId: m.inboundMessageId as string,
      // Kept as given when named, undefined or not, as zod's object kept it.
      ...('destinationNumber' in m ? { destinationNumber: m.destinationNumber as string | undefined } : {}),
    },
  };
}
