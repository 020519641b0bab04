import type { SNSEvent } from 'aws-lambda';
import { deps } from '../lib/deps';
import { RateLimitedError } from '../lib/domain/errors';
import { logger } from '../lib/logger';
import { withMetrics } from '../lib/metrics';
import { type InboundSmsMessage, parseInboundSms } from '../lib/notify/inbound-sms-message';
import { ClinicianRepository } from '../lib/store/clinicians';
import { OFFERING_REPOSITORIES } from '../lib/store/offering-repositories';
import { OutboxRepository } from '../lib/store/outbox';
import { handleInboundText } from '../lib/use-cases/inbound-sms';

// A text also proves a number and opts it out or in: the clinicians' writes as well as their reads.
const repositories = { ...OFFERING_REPOSITORIES, clinicians: ClinicianRepository, outbox: OutboxRepository };

export const handler = withMetrics(async (event: SNSEvent): Promise<{ answered: number; rateLimited: number }> => {
  const result = { answered: 0, rateLimited: 0 };
  for (const record of event.Records) {
    let parsed: InboundSmsMessage;
    try {
      const read = parseInboundSms(JSON.parse(record.Sns.Message));
      if ('issues' in read) throw new Error(read.issues.join('; '));
      parsed = read.message;
    } catch (error) {
      // Not a text message at all: retrying would not help, so log it and move on.
      logger.error('Unreadable inbound SMS notification', {
        messageId: record.Sns.MessageId,
        error: (error as Error).message,
      });
      continue;
    }
    try {
      await handleInboundText(
        { messageId: parsed.inboundMessageId, from: parsed.originationNumber, body: parsed.messageBody },
        deps(repositories),
      );
      result.answered++;
    } catch (error) {
      // Over the per-number limit: dropped on purpose, not retried.
      if (!(error instanceof RateLimitedError)) throw error;
      logger.warn('Inbound text dropped: too many from this number', { from: parsed.originationNumber });
      result.rateLimited++;
    }
  }
  return result;
});
