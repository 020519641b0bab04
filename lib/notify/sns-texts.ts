import { type MessageAttributeValue, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Config } from '../config';
import { maskPhone } from '../domain/mask';
import type { OutboxMessage } from '../domain/types';
import { logger } from '../logger';
import { errorName, sendEach } from './send-each';

/** SMS go one Publish each; a few at a time keeps a wave quick without tripping SNS's SMS rate limit. */
const SMS_CONCURRENCY = 5;

const text = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });

/** Texts in AWS: each straight to its phone number through SNS, as a transactional SMS. */
export class SnsTexts {
  constructor(
    private readonly client: SNSClient,
    private readonly settings: Pick<Config, 'SMS_ORIGINATION_NUMBER'>,
  ) {}

  /** Sends each text; answers the ids SNS did not accept. */
  send(messages: readonly OutboxMessage[]): Promise<string[]> {
    return sendEach(messages, SMS_CONCURRENCY, async (message) => {
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
        return true;
      } catch (error) {
        logger.warn('SMS not accepted by SNS', {
          messageId: message.id,
          to: maskPhone(message.to),
          error: errorName(error),
        });
        return false;
      }
    });
  }
}
