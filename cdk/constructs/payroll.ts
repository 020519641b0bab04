import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { Data } from './data';
import { acknowledgeWildcardResource } from './nag';
import { type Bindable, RotaFunction } from './rota-function';

export interface PayrollProps {
  readonly data: Data;
  readonly accessLogsBucket: s3.IBucket;
  /** @default Duration.days(400): the CSVs are payroll records HR may need to produce again after the year end */
  readonly retention?: Duration;
}

/** Payroll CSV exports: a private, versioned bucket and the function that writes them. */
export class Payroll extends Construct {
  readonly exportsBucket: s3.Bucket;
  readonly exportFunction: RotaFunction;

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
  }

  /** Lets a function write export files and read them back (and presign downloads); sets EXPORTS_BUCKET. */
  bindExports(fn: Bindable): void {
    const objects = this.exportsBucket.arnForObjects('*');
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [objects] }),
    );
    acknowledgeWildcardResource(
      fn,
      objects,
      'Each export is a new object whose key is made at run time; the wildcard covers objects in the exports bucket only.',
    );
    fn.addEnvironment('EXPORTS_BUCKET', this.exportsBucket.bucketName);
  }
}
