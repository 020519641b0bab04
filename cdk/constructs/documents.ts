import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeWildcardResource } from './nag';
import type { Bindable } from './rota-function';

export interface DocumentsProps {
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
 */
export class Documents extends Construct {
  readonly bucket: s3.Bucket;

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
        {
          allowedOrigins: [...props.allowOrigins],
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET],
          allowedHeaders: ['content-type', 'content-length'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { noncurrentVersionExpiration: noncurrent, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }

  /**
   * Lets a function presign uploads and downloads, read files to check them
   * and delete refused ones; sets DOCUMENTS_BUCKET.
   */
  bindDocuments(fn: Bindable): void {
    const objects = this.bucket.arnForObjects('*');
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resources: [objects] }),
    );
    acknowledgeWildcardResource(
      fn,
      objects,
      'Each document is a new object whose key is made when it is declared; the wildcard covers the documents bucket only.',
    );
    fn.addEnvironment('DOCUMENTS_BUCKET', this.bucket.bucketName);
  }
}
