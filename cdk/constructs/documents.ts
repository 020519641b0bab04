import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Data } from './data';
import { deadLetterQueue } from './dead-letters';
import { REDIRECTED_DOWNLOADS } from './download-cors';
import { acknowledgeWildcardResource } from './nag';
import { type Bindable, RotaFunction } from './rota-function';

export interface DocumentsProps {
  readonly data: Data;
  readonly accessLogsBucket: s3.IBucket;
  /** Browser origins that PUT files to presigned addresses: the web app's, and local development's. */
  readonly allowOrigins: readonly string[];
  /** @default Duration.days(30): a replaced or deleted file stays recoverable this long */
  readonly noncurrentRetention?: Duration;
}

/**
 * Clinicians' compliance evidence: a private, encrypted, versioned bucket,
 * objects keyed by organisation (`<orgId>/<clinicianId>/<documentId>`).
 * Browsers PUT to presigned addresses (15 minutes, content type and length
 * fixed by the signature), so CORS admits the web origins for PUT and GET only.
 * S3 reports every file stored to `on-document-upload`, which checks its
 * bytes and deletes what it refuses before anyone can download it.
 */
export class Documents extends Construct {
  readonly bucket: s3.Bucket;
  readonly uploadCheckFunction: RotaFunction;
  /** Upload reports whose check kept failing after Lambda's retries: HR verifies those files by hand. */
  readonly uploadCheckDeadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: DocumentsProps) {
    super(scope, id);
    const noncurrent = props.noncurrentRetention ?? Duration.days(30);
    this.bucket = new s3.Bucket(this, 'Files', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'documents/',
      cors: [
        // The browser PUTs a file to its presigned address: only from the web app.
        {
          allowedOrigins: [...props.allowOrigins],
          allowedMethods: [s3.HttpMethods.PUT],
          allowedHeaders: ['content-type', 'content-length'],
          maxAge: 3000,
        },
        REDIRECTED_DOWNLOADS,
      ],
      lifecycleRules: [
        { noncurrentVersionExpiration: noncurrent, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });

    this.uploadCheckFunction = new RotaFunction(this, 'OnDocumentUpload', {
      handler: 'on-document-upload',
      // Reads up to 10 MB from S3 and checks it.
      memorySize: 1024,
      timeout: Duration.seconds(30),
    });
    props.data.bind(this.uploadCheckFunction, 'readWrite');
    this.bindDocuments(this.uploadCheckFunction);
    this.uploadCheckDeadLetters = deadLetterQueue(
      this,
      'UploadCheckDeadLetters',
      'This queue is itself the on-failure destination of the upload check; a queue behind it would only move the same parked events.',
    );
    this.uploadCheckFunction.function.configureAsyncInvoke({
      retryAttempts: 2,
      onFailure: new SqsDestination(this.uploadCheckDeadLetters),
    });
    this.bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new LambdaDestination(this.uploadCheckFunction.function),
    );
    acknowledgeNotificationsHandler(this);
  }

  /**
   * Lets a function presign uploads and downloads, read files to check them
   * and delete refused ones; sets DOCUMENTS_BUCKET.
   */
  bindDocuments(fn: Bindable): void {
    const objects = this.bucket.arnForObjects('*');
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // The version actions: a document's file is the version whose bytes passed the check.
        actions: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        resources: [objects],
      }),
    );
    // A file not uploaded (yet) must read as missing: without s3:ListBucket, S3 answers a GetObject of a key
    // that does not exist with 403 AccessDenied rather than 404 NoSuchKey, which `read` would throw.
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn] }),
    );
    acknowledgeWildcardResource(
      fn,
      objects,
      'Each document is a new object whose key is made when it is declared; the wildcard covers the documents bucket only.',
    );
    fn.addEnvironment('DOCUMENTS_BUCKET', this.bucket.bucketName);
  }
}

/**
 * S3 notifications are configured by a stack-level singleton function that
 * aws-cdk-lib writes and grants; its findings are about CDK's code, each
 * acknowledged for what it is for.
 */
function acknowledgeNotificationsHandler(scope: Construct): void {
  const stack = Stack.of(scope);
  const handler = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (!handler) return;
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's bucket-notifications handler writes its logs through the basic execution role; it runs only during deployments.",
    },
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CDK grants s3:PutBucketNotification on "*" to its notifications handler, which sets this stack\'s buckets\' notifications only.',
    },
  );
}
