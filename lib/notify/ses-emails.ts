import { type SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
import type { Config } from '../config';
import { maskEmail } from '../domain/mask';
import type { OutboxMessage } from '../domain/types';
import { logger } from '../logger';
import { errorName, sendEach } from './send-each';

/**
 * Emails in flight at once. SES's sending rate starts at 1 a second in the
 * sandbox and 14 in production; the SDK retries a throttled send with backoff,
 * and the relay retries what still fails.
 */
const EMAIL_CONCURRENCY = 5;

/** A subject is one line: a line break in it would be refused, or worse, read as a header. */
export function subjectLine(subject: string | undefined, kind: string): string {
  const line = (subject ?? kind).replace(/[\r\n]+/g, ' ').trim();
  return line || kind;
}

/**
 * Emails in AWS, through Amazon SES: one SendEmail each, plain text, from the
 * bank's verified address (`EMAIL_FROM`). SNS cannot do this: an SNS email
 * subscription must be confirmed by its owner first, and an invitation is the
 * first message a person gets. SES's first API rather than SESv2: SendEmail is
 * the same call, and it speaks the query protocol SNS does, so the outbox
 * bundle grows by 25 KB for it where SESv2's client adds 61 KB.
 */
export class SesEmails {
  constructor(
    private readonly client: SESClient,
    private readonly settings: Pick<Config, 'EMAIL_FROM'>,
  ) {}

  /** Sends each email; answers the ids SES did not accept. */
  async send(messages: readonly OutboxMessage[]): Promise<string[]> {
    if (!messages.length) return [];
    const from = this.settings.EMAIL_FROM;
    if (!from) {
      logger.error('No EMAIL_FROM: emails cannot be sent', { count: messages.length });
      return messages.map((m) => m.id);
    }
    return sendEach(messages, EMAIL_CONCURRENCY, async (message) => {
      try {
        await this.client.send(
          new SendEmailCommand({
            Source: from,
            Destination: { ToAddresses: [message.to] },
            Message: {
              Subject: { Data: subjectLine(message.subject, message.kind), Charset: 'UTF-8' },
              Body: { Text: { Data: message.body, Charset: 'UTF-8' } },
            },
            Tags: [{ Name: 'kind', Value: message.kind }],
          }),
        );
        return true;
      } catch (error) {
        logger.warn('Email not accepted by SES', {
          messageId: message.id,
          to: maskEmail(message.to),
          error: errorName(error),
        });
        return false;
      }
    });
  }
}
