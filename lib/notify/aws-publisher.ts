import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Config } from '../config';
import type { OutboxMessage } from '../domain/types';
import type { Publisher } from './publisher';
import { SesEmails } from './ses-emails';
import { SnsTexts } from './sns-texts';

interface Sender {
  send(messages: readonly OutboxMessage[]): Promise<string[]>;
}

/** The publisher in AWS: texts through SNS, emails through SES, side by side. */
export class AwsPublisher implements Publisher {
  constructor(
    private readonly texts: Sender,
    private readonly emails: Sender,
  ) {}

  async publish(messages: readonly OutboxMessage[]): Promise<{ failed: string[] }> {
    const [texts, emails] = await Promise.all([
      this.texts.send(messages.filter((m) => m.channel === 'sms')),
      this.emails.send(messages.filter((m) => m.channel === 'email')),
    ]);
    return { failed: [...texts, ...emails] };
  }
}

let sns: SNSClient | undefined;
let ses: SESClient | undefined;

/** One SNS and one SES client per Lambda instance. */
export function awsPublisher(config: Config): Publisher {
  sns ??= new SNSClient({ region: config.AWS_REGION });
  ses ??= new SESClient({ region: config.AWS_REGION });
  return new AwsPublisher(new SnsTexts(sns, config), new SesEmails(ses, config));
}
