import { Annotations, CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOX_BATCH_SIZE, OUTBOX_STREAM_FILTERS } from '../../lib/store/stream-filters';
import type { Data } from './data';
import { deadLetterQueue } from './dead-letters';
import { emailSender } from './email-sender';
import { type Bindable, RotaFunction } from './rota-function';

/** Why the messaging dead-letter queues have none of their own (cdk-nag AwsSolutions-SQS3). */
const PARKED_HERE =
  'This queue is itself a dead-letter destination (a Lambda on-failure destination or an SNS subscription ' +
  'redrive target); a queue behind it would only move the same parked messages.';

/** UK long codes: +44 then ten digits. */
const UK_NUMBER = /^\+44\d{10}$/;

export interface MessagingProps {
  readonly data: Data;
  /**
   * The UK long code SMS go out from, in E.164. Replies reach the app only
   * when AWS End User Messaging SMS has a two-way channel for this number
   * pointing at `inboundSmsTopic` (set up in the console or CLI, outside
   * this stack).
   * @default - none: SMS go out from the account's default origination identity and replies cannot arrive
   */
  readonly originationNumber?: string;
  /**
   * The address emails go out from: `Rota Bank <bank@example.nhs.uk>`, or
   * bare. Emails go through Amazon SES, which needs its domain verified: the
   * stack makes the domain an SES identity with Easy DKIM, and its three
   * CNAME records (the `EmailDkim…` outputs) must be published in the
   * domain's DNS. A new account's SES is in its sandbox, which sends only to
   * verified addresses, until AWS grants production access.
   * @default - none: texts go, but no email can be sent (invitations included), and synth warns
   */
  readonly emailFrom?: string;
  /** @default 10 */
  readonly outboxRetryAttempts?: number;
}

/**
 * Notifications out and SMS replies in. Outbox items written to the table in
 * the same transaction as the change they report flow from the table stream
 * to `on-outbox`, which publishes them; a batch that keeps failing is halved
 * until the bad record is found, and that record is parked in a queue
 * instead of holding up the shard.
 */
export class Messaging extends Construct {
  /** The SES identity of `emailFrom`'s domain, when there is one. */
  readonly emailIdentity?: ses.EmailIdentity;
  readonly inboundSmsTopic: sns.Topic;
  readonly outboxFunction: RotaFunction;
  readonly inboundSmsFunction: RotaFunction;
  readonly outboxDeadLetters: sqs.Queue;
  readonly inboundSmsDeadLetters: sqs.Queue;
  private readonly originationNumber?: string;
  private readonly emailFrom?: string;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    if (props.originationNumber !== undefined && !UK_NUMBER.test(props.originationNumber)) {
      throw new Error(`originationNumber must be a UK number in E.164 (+44…), not ${props.originationNumber}`);
    }
    this.originationNumber = props.originationNumber;

    if (props.emailFrom !== undefined) {
      const { domain } = emailSender(props.emailFrom);
      this.emailFrom = props.emailFrom.trim();
      this.emailIdentity = new ses.EmailIdentity(this, 'EmailIdentity', { identity: ses.Identity.domain(domain) });
      this.emailIdentity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `EmailDkim${index + 1}`, {
          description: `DKIM record ${index + 1} of 3 for ${domain}: publish it as a CNAME so SES may send from it`,
          value: `${record.name} CNAME ${record.value}`,
        });
      });
    } else {
      Annotations.of(this).addWarningV2(
        'rota-bank:no-email-from',
        'No emailFrom (-c emailFrom="Rota Bank <bank@your.domain>"): texts will go, but no email can be sent, invitations included.',
      );
    }

    // A key of our own, not aws/sns: the SMS service can only publish to an encrypted topic whose key policy lets it.
    const inboundKey = new kms.Key(this, 'InboundSmsKey', {
      description: 'Encrypts SMS replies arriving on the inbound topic',
      enableKeyRotation: true,
    });
    const smsService = new iam.ServicePrincipal('sms-voice.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
    });
    inboundKey.grant(smsService, 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.inboundSmsTopic = new sns.Topic(this, 'InboundSms', { masterKey: inboundKey, enforceSSL: true });
    this.inboundSmsTopic.grantPublish(smsService);

    this.outboxDeadLetters = deadLetterQueue(this, 'OutboxDeadLetters', PARKED_HERE);
    this.outboxFunction = new RotaFunction(this, 'OnOutbox', { handler: 'on-outbox', timeout: Duration.seconds(30) });
    // Writes its delivery markers and withdraws the offers a fan-out tells.
    props.data.bind(this.outboxFunction, 'readWrite');
    props.data.grantStreamRead(this.outboxFunction);
    this.bindPublisher(this.outboxFunction);
    this.outboxFunction.function.addEventSource(
      new DynamoEventSource(props.data.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: OUTBOX_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: props.outboxRetryAttempts ?? 10,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.outboxDeadLetters),
        // The same pattern the local stream pump applies.
        filters: OUTBOX_STREAM_FILTERS.map((pattern) => FilterCriteria.filter(pattern)),
      }),
    );

    this.inboundSmsDeadLetters = deadLetterQueue(this, 'InboundSmsDeadLetters', PARKED_HERE);
    this.inboundSmsFunction = new RotaFunction(this, 'OnInboundSms', { handler: 'on-inbound-sms' });
    props.data.bind(this.inboundSmsFunction, 'readWrite');
    // Failed deliveries to the function and failed runs of it both end in the same queue.
    this.inboundSmsTopic.addSubscription(
      new LambdaSubscription(this.inboundSmsFunction.function, { deadLetterQueue: this.inboundSmsDeadLetters }),
    );
    this.inboundSmsFunction.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.inboundSmsDeadLetters),
    });
  }

  /**
   * Lets a function send SMS straight to phone numbers through SNS and
   * emails through SES from `emailFrom`; sets SMS_ORIGINATION_NUMBER and
   * EMAIL_FROM when there are.
   */
  bindPublisher(fn: Bindable): void {
    fn.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SNS sends an SMS to a phone number through sns:Publish with PhoneNumber set, and that call has no resource ' +
        'to name: IAM evaluates it against "*". The function publishes to no topic.',
    });
    if (this.emailIdentity && this.emailFrom) {
      this.emailIdentity.grantSendEmail(fn);
      fn.addEnvironment('EMAIL_FROM', this.emailFrom);
    }
    if (this.originationNumber) fn.addEnvironment('SMS_ORIGINATION_NUMBER', this.originationNumber);
  }
}
