import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Data } from './data';
import { REDIRECTED_DOWNLOADS } from './download-cors';
import { acknowledgeWildcardResource } from './nag';
import { type Bindable, RotaFunction } from './rota-function';

export interface PayrollProps {
  readonly data: Data;
  readonly accessLogsBucket: s3.IBucket;
  /** @default Duration.days(400): the CSVs are payroll records HR may need to produce again after the year end */
  readonly retention?: Duration;
}

/**
 * Payroll CSV exports: a private, versioned bucket and the function that
 * writes them. An export runs when its record is inserted or retried: the
 * outbox consumer, which reads the table stream, hands it to this function
 * by an asynchronous invocation (see `bindRunner`), so the API needs no right
 * to invoke anything, an export that exists always runs, and the stream keeps
 * two readers, as DynamoDB Streams asks. A run that throws is retried by
 * Lambda and then parked; a rerun resumes the same export.
 */
export class Payroll extends Construct {
  readonly exportsBucket: s3.Bucket;
  readonly exportFunction: RotaFunction;
  /** Export records whose runs kept failing; the export itself stays `running` until someone looks. */
  readonly exportDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: PayrollProps) {
    super(scope, id);
    const retention = props.retention ?? Duration.days(400);
    this.exportsBucket = new s3.Bucket(this, 'Exports', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'payroll-exports/',
      // A CSV over 4 MB is a 302 to its presigned address, which the web app's fetch follows.
      cors: [REDIRECTED_DOWNLOADS],
      lifecycleRules: [
        {
          expiration: retention,
          noncurrentVersionExpiration: retention,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });

    this.exportFunction = new RotaFunction(this, 'RunPayrollExport', {
      handler: 'run-payroll-export',
      timeout: Duration.minutes(5),
      memorySize: 1024,
    });
    props.data.bind(this.exportFunction, 'readWrite');
    this.bindExports(this.exportFunction);

    this.exportDeadLetters = new sqs.Queue(this, 'ExportDeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.exportDeadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the export runs; a queue behind it would only move the same parked messages.',
    });
    // Lambda's own retries of a run that threw (a minute, then two, apart: past a dead run's lease), then parked.
    this.exportFunction.function.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.exportDeadLetters),
    });
  }

  /**
   * Lets a function hand exports to the export function (an asynchronous
   * invocation, lib/schedule/export-runner.ts); sets EXPORT_FUNCTION_NAME.
   */
  bindRunner(fn: Bindable): void {
    // The function itself, not grantInvoke's `<arn>:*` too: the runner invokes it unqualified.
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.exportFunction.function.functionArn],
      }),
    );
    fn.addEnvironment('EXPORT_FUNCTION_NAME', this.exportFunction.function.functionName);
  }

  /**
   * Lets a function write export files and read them back (and presign downloads); sets EXPORTS_BUCKET.
   * s3:PutObject covers a multipart upload's create, parts and completion; aborting one (a failed run) is its own action.
   */
  bindExports(fn: Bindable): void {
    const objects = this.exportsBucket.arnForObjects('*');
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
        resources: [objects],
      }),
    );
    acknowledgeWildcardResource(
      fn,
      objects,
      'Each export is a new object whose key is made at run time; the wildcard covers objects in the exports bucket only.',
    );
    fn.addEnvironment('EXPORTS_BUCKET', this.exportsBucket.bucketName);
  }
}
