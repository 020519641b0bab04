import { isObject, issuesOf, optional, text, textOfLength } from '../domain/checks';

/** What AWS End User Messaging SMS publishes to the inbound topic for each text received on the long code. */
export interface InboundSmsMessage {
  originationNumber: string;
  messageBody: string;
  inboundMessageId: string;
  destinationNumber?: string;
}

/** The fields the handler reads, and what each must be. */
const RULES = {
  originationNumber: textOfLength(3, 32),
  messageBody: textOfLength(0, 1600),
  inboundMessageId: textOfLength(1, 200),
  destinationNumber: optional(text),
};

/**
 * The inbound topic's message, parsed from its JSON: the fields above and no
 * others, or what is wrong with it. By hand rather than with zod: the SMS
 * handler needs zod for nothing else, and zod's start-up is part of the cold
 * start behind "reply YES 4821" (issue 17.6).
 * test/unit/inbound-sms-message.test.ts holds this to the zod schema it
 * replaced, over generated messages.
 */
export function parseInboundSms(value: unknown): { message: InboundSmsMessage } | { issues: string[] } {
  if (!isObject(value)) return { issues: ['expected an object'] };
  const issues = issuesOf(value, RULES);
  if (issues.length) return { issues };
  return {
    message: {
      originationNumber: value.originationNumber as string,
      messageBody: value.messageBody as string,
      inboundMessageId: value.inboundMessageId as string,
      // Kept as given when named, undefined or not, as zod's object kept it.
      ...('destinationNumber' in value ? { destinationNumber: value.destinationNumber as string | undefined } : {}),
    },
  };
}
