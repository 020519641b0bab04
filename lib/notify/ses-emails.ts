import type { QueryCall } from '../aws/signed-fetch';
import type { Config } from '../config';
import { maskEmail } from '../domain/mask';
import type { OutboxMessage } from '../domain/types';
import { logger } from '../logger';
import { errorName, sendEach } from './send-each';

/**
 * Emails in flight at once. SES's sending rate starts at 1 a second in the
 * sandbox and 14 in production; a throttled send is retried with backoff,
 * and the relay retries what still fails.
 */
const EMAIL_CONCURRENCY = 5;

/** A subject is one line: a line break in it would be refused, or worse, read as a header. */
export function subjectLine(subject: string | undefined, kind: string): string {
  const line = (subject ?? kind).replace(/[\r\n]+/g, ' ').trim();
  return line || kind;
}

/** SendEmail's parameters as the query protocol names them (SES API reference, SendEmail): one plain UTF-8 text. */
export function sendEmailParams(email: { from: string; to: string; subject: string; body: string; kind: string }) {
  return {
    Source: email.from,
    'Destination.ToAddresses.member.1': email.to,
    'Message.Subject.Data': email.subject,
    'Message.Subject.Charset': 'UTF-8',
    'Message.Body.Text.Data': email.body,
    'Message.Body.Text.Charset': 'UTF-8',
    'Tags.member.1.Name': 'kind',
    'Tags.member.1.Value': email.kind,
  };
}

/**
 * Emails in AWS, through Amazon SES: one SendEmail each, plain text, from the
 * bank's verified address (`EMAIL_FROM`). SNS cannot do this: an SNS email
 * subscription must be confirmed by its owner first, and an invitation is the
 * first message a person gets. SES's first API rather than SESv2: SendEmail is
 * the same call, and it speaks the query protocol SNS does, so one signed
 * form POST serves both (lib/aws/signed-fetch.ts).
 */
export class SesEmails {
  constructor(
    /** SES's query API (lib/aws/signed-fetch.ts). */
    private readonly ses: QueryCall,
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
        await this.ses(
          'SendEmail',
          sendEmailParams({
            from,
            to: message.to,
            subject: subjectLine(message.subject, message.kind),
            body: message.body,
            kind: message.kind,
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
