import type { QueryCall } from '../aws/signed-fetch';
import type { Config } from '../config';
import { maskPhone } from '../domain/mask';
import type { OutboxMessage } from '../domain/types';
import { logger } from '../logger';
import { errorName, sendEach } from './send-each';

/** SMS go one Publish each; a few at a time keeps a wave quick without tripping SNS's SMS rate limit. */
const SMS_CONCURRENCY = 5;

/** Publish's parameters as the query protocol names them (SNS API reference, Publish). */
export function publishParams(phoneNumber: string, message: string, attributes: Record<string, string>) {
  const params: Record<string, string> = { PhoneNumber: phoneNumber, Message: message };
  Object.entries(attributes).forEach(([name, value], i) => {
    const entry = `MessageAttributes.entry.${i + 1}`;
    params[`${entry}.Name`] = name;
    params[`${entry}.Value.DataType`] = 'String';
    params[`${entry}.Value.StringValue`] = value;
  });
  return params;
}

/** Texts in AWS: each straight to its phone number through SNS, as a transactional SMS. */
export class SnsTexts {
  constructor(
    /** SNS's query API (lib/aws/signed-fetch.ts). */
    private readonly sns: QueryCall,
    private readonly settings: Pick<Config, 'SMS_ORIGINATION_NUMBER'>,
  ) {}

  /** Sends each text; answers the ids SNS did not accept. */
  send(messages: readonly OutboxMessage[]): Promise<string[]> {
    return sendEach(messages, SMS_CONCURRENCY, async (message) => {
      try {
        await this.sns(
          'Publish',
          publishParams(message.to, message.body, {
            kind: message.kind,
            channel: message.channel,
            'AWS.SNS.SMS.SMSType': 'Transactional',
            ...(this.settings.SMS_ORIGINATION_NUMBER
              ? { 'AWS.MM.SMS.OriginationNumber': this.settings.SMS_ORIGINATION_NUMBER }
              : {}),
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
