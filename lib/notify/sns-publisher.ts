import {
  type MessageAttributeValue,
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  PublishCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import type { Config } from '../config';
import { maskEmail, maskPhone } from '../domain/mask';
import type { OutboxMessage } from '../domain/types';
import { logger } from '../logger';
import type { Publisher } from './publisher';

/** SNS takes at most ten entries per PublishBatch. */
const BATCH_SIZE = 10;
/** SMS go one Publish each; a few at a time keeps a wave quick without tripping SNS's SMS rate limit. */
const SMS_CONCURRENCY = 5;

const text = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

/** Batch entry ids may hold only letters, digits, hyphens and underscores, up to 80 characters. */
export function batchEntryId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
}

/** SNS refuses a subject with line breaks or of 100 characters or more. */
function subjectLine(subject: string | undefined, kind: string): string {
  const line = (subject ?? kind).replace(/[\r\n]+/g, ' ').trim();
  return (line || kind).slice(0, 99);
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error');

/**
 * The publisher in AWS. Texts go straight to the phone number (SNS SMS);
 * emails go to the notifications topic, whose subscriptions deliver them,
 * with the recipient in a message attribute for filtering.
 */
export class SnsPublisher implements Publisher {
  constructor(
    private readonly client: SNSClient,
    private readonly settings: Pick<Config, 'NOTIFICATIONS_TOPIC_ARN' | 'SMS_ORIGINATION_NUMBER'>,
  ) {}

  async publish(messages: readonly OutboxMessage[]): Promise<{ failed: string[] }> {
    const sms = messages.filter((m) => m.channel === 'sms');
    const email = messages.filter((m) => m.channel === 'email');
    const failed = [...(await this.#sendTexts(sms)), ...(await this.#sendEmails(email))];
    return { failed };
  }

  async #sendTexts(messages: readonly OutboxMessage[]): Promise<string[]> {
    const failed: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < messages.length) {
        const message = messages[next++]!;
        try {
          await this.client.send(
            new PublishCommand({
              PhoneNumber: message.to,
              Message: message.body,
              MessageAttributes: {
                kind: text(message.kind),
                channel: text(message.channel),
                'AWS.SNS.SMS.SMSType': text('Transactional'),
                ...(this.settings.SMS_ORIGINATION_NUMBER
                  ? { 'AWS.MM.SMS.OriginationNumber': text(this.settings.SMS_ORIGINATION_NUMBER) }
                  : {}),
              },
            }),
          );
        } catch (error) {
          failed.push(message.id);
          logger.warn('SMS not accepted by SNS', {
            messageId: message.id,
            to: maskPhone(message.to),
            error: errorName(error),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(SMS_CONCURRENCY, messages.length) }, worker));
    return failed;
  }

  async #sendEmails(messages: readonly OutboxMessage[]): Promise<string[]> {
    if (!messages.length) return [];
    const topic = this.settings.NOTIFICATIONS_TOPIC_ARN;
    if (!topic) {
      logger.error('No NOTIFICATIONS_TOPIC_ARN: emails cannot be sent', { count: messages.length });
      return messages.map((m) => m.id);
    }
    const failed: string[] = [];
    for (let start = 0; start < messages.length; start += BATCH_SIZE) {
      const batch = messages.slice(start, start + BATCH_SIZE);
      // Sanitising could make two ids alike; the entry id only has to be unique within its batch.
      const byEntryId = new Map<string, OutboxMessage>();
      const entries: PublishBatchRequestEntry[] = batch.map((message, index) => {
        let id = batchEntryId(message.id);
        if (byEntryId.has(id)) id = `${id.slice(0, 76)}_${index}`;
        byEntryId.set(id, message);
        return {
          Id: id,
          Subject: subjectLine(message.subject, message.kind),
          Message: message.body,
          MessageAttributes: { kind: text(message.kind), channel: text(message.channel), to: text(message.to) },
        };
      });
      try {
        const reply = await this.client.send(
          new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: entries }),
        );
        for (const entry of reply.Failed ?? []) {
          const message = entry.Id ? byEntryId.get(entry.Id) : undefined;
          if (!message) continue;
          failed.push(message.id);
          logger.warn('Email not accepted by SNS', {
            messageId: message.id,
            to: maskEmail(message.to),
            code: entry.Code,
            senderFault: entry.SenderFault,
          });
        }
      } catch (error) {
        failed.push(...batch.map((m) => m.id));
        logger.warn('PublishBatch failed', { count: batch.length, error: errorName(error) });
      }
    }
    return failed;
  }
}

let client: SNSClient | undefined;

/** One SNS client per Lambda instance. */
export function snsPublisher(config: Config): Publisher {
  client ??= new SNSClient({ region: config.AWS_REGION });
  return new SnsPublisher(client, config);
}
