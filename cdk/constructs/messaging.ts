import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { OUTBOX_STREAM_FILTERS } from '../../lib/store/outbox';
import type { Data } from './data';
import { deadLetterQueue } from './dead-letters';
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
  readonly notificationsTopic: sns.Topic;
  readonly inboundSmsTopic: sns.Topic;
  readonly outboxFunction: RotaFunction;
  readonly inboundSmsFunction: RotaFunction;
  readonly outboxDeadLetters: sqs.Queue;
  readonly inboundSmsDeadLetters: sqs.Queue;
  private readonly originationNumber?: string;

  constructor(scope: Construct, id: string, props: MessagingProps) {
    super(scope, id);
    if (props.originationNumber !== undefined && !UK_NUMBER.test(props.originationNumber)) {
      throw new Error(`originationNumber must be a UK number in E.164 (+44…), not ${props.originationNumber}`);
    }
    this.originationNumber = props.originationNumber;

    this.notificationsTopic = new sns.Topic(this, 'Notifications', {
      masterKey: kms.Alias.fromAliasName(this, 'SnsManagedKey', 'alias/aws/sns'),
      enforceSSL: true,
    });

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
        batchSize: 25,
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
   * Lets a function publish to the notifications topic and send SMS straight
   * to phone numbers; sets NOTIFICATIONS_TOPIC_ARN (and SMS_ORIGINATION_NUMBER
   * when there is one).
   */
  bindPublisher(fn: Bindable): void {
    this.notificationsTopic.grantPublish(fn);
    fn.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'SNS sends an SMS to a phone number through sns:Publish with PhoneNumber set, and that call has no resource ' +
        'to name: IAM evaluates it against "*". Topic publishes are granted on the topic ARN separately.',
    });
    fn.addEnvironment('NOTIFICATIONS_TOPIC_ARN', this.notificationsTopic.topicArn);
    if (this.originationNumber) fn.addEnvironment('SMS_ORIGINATION_NUMBER', this.originationNumber);
  }
}
