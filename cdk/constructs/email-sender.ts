import { parseSender } from '../../lib/config';

/** The `emailFrom` context value as SES will use it; a deployment with anything else stops at synth. */
export function emailSender(from: string): NonNullable<ReturnType<typeof parseSender>> {
  const sender = parseSender(from);
  if (!sender) throw new Error(`emailFrom must be an address, alone or as "Name <address>", not ${from}`);
  return sender;
}
