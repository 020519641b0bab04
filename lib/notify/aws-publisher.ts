import { type QueryCall, signedQuery } from '../aws/signed-fetch';
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

let sns: QueryCall | undefined;
let ses: QueryCall | undefined;

/**
 * One signer each for SNS and SES per Lambda instance: Publish and SendEmail
 * are form POSTs of the query protocol, signed and sent with fetch
 * (lib/aws/signed-fetch.ts) rather than through the two clients, some 55 KB
 * of the outbox function's bundle (issue 17.6).
 */
export function awsPublisher(config: Config): Publisher {
  sns ??= signedQuery({ signingName: 'sns', title: 'SNS', version: '2010-03-31' }, { region: config.AWS_REGION });
  ses ??= signedQuery(
    { signingName: 'ses', endpointPrefix: 'email', title: 'SES', version: '2010-12-01' },
    { region: config.AWS_REGION },
  );
  return new AwsPublisher(new SnsTexts(sns, config), new SesEmails(ses, config));
}
