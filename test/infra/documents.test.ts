import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { Data } from '../../cdk/constructs/data';
import { Documents } from '../../cdk/constructs/documents';

/** CloudFormation JSON, read by shape. */
type Json = Record<string, any>;

const WEB = 'https://d111111abcdef8.cloudfront.net';
let stack: Stack;
let template: Template;
let resources: Record<string, Json>;
let documents: Documents;

beforeAll(() => {
  // Bundling skipped: the upload check's code is not what this file looks at.
  stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'DocumentsOnly');
  const logs = new s3.Bucket(stack, 'Logs', {
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    versioned: true,
  });
  Validations.of(logs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'A stand-in for the stack access-log bucket in this test.',
  });
  documents = new Documents(stack, 'Documents', {
    data: new Data(stack, 'Data'),
    accessLogsBucket: logs,
    allowOrigins: [WEB],
  });
  const fn = new lambda.Function(stack, 'Reader', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => undefined'),
  });
  Validations.of(fn).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'A stand-in function with the basic execution role in this test only.',
    },
    { id: 'AwsSolutions-L1', reason: 'A stand-in function whose runtime this test does not care about at all.' },
  );
  documents.bindDocuments(fn);
  template = Template.fromStack(stack);
  resources = template.toJSON().Resources;
});

const filesBucket = (): Json => {
  const [, bucket] =
    Object.entries(resources).find(([id, r]) => r.Type === 'AWS::S3::Bucket' && id.startsWith('DocumentsFiles')) ?? [];
  if (!bucket) throw new Error('no documents bucket');
  return bucket.Properties;
};

describe('the documents bucket', () => {
  it('is encrypted, versioned and blocks every kind of public access', () => {
    const props = filesBucket();
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'AES256',
    );
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(props.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(props.LoggingConfiguration.LogFilePrefix).toBe('documents/');
  });

  it('refuses any request not over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('^DocumentsFiles') },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('lets only the web origins PUT from a browser, and any origin GET (a download the API redirects to)', () => {
    const rules = filesBucket().CorsConfiguration.CorsRules;
    expect(rules).toEqual([
      expect.objectContaining({ AllowedOrigins: [WEB], AllowedMethods: ['PUT'] }),
      // Followed from the web app's fetch of GET /documents/{id}/file: the browser sends Origin: null.
      expect.objectContaining({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }),
    ]);
  });

  it('grants a bound function its objects, and listing so that a missing one reads as missing, and names the bucket in DOCUMENTS_BUCKET', () => {
    const fnId = Object.keys(resources).find(
      (id) => id.startsWith('Reader') && resources[id]!.Type === 'AWS::Lambda::Function',
    )!;
    const fn = resources[fnId]!.Properties;
    expect(fn.Environment.Variables.DOCUMENTS_BUCKET).toEqual({ Ref: expect.stringMatching(/^DocumentsFiles/) });
    const policy = Object.entries(resources).find(
      ([id, r]) => id.startsWith('ReaderServiceRoleDefaultPolicy') && r.Type === 'AWS::IAM::Policy',
    )?.[1];
    expect(policy?.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({
        Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'],
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^DocumentsFiles/), 'Arn'] }, '/*']] },
      }),
      // S3 says 404 NoSuchKey for a missing file only to a caller that may list the bucket; to any other, 403
      // AccessDenied, which the store cannot tell from a real refusal (a file not uploaded yet would be a 500).
      expect.objectContaining({
        Action: 's3:ListBucket',
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^DocumentsFiles/), 'Arn'] },
      }),
    ]);
  });

  it('reports every file stored to the upload check, which retries twice and then parks the event', () => {
    const checkFn = Object.entries(resources).find(
      ([id, r]) => id.startsWith('DocumentsOnDocumentUpload') && r.Type === 'AWS::Lambda::Function',
    );
    expect(checkFn, 'the upload check function').toBeDefined();
    const [checkId, check] = checkFn!;
    expect(check.Properties.Environment.Variables.DOCUMENTS_BUCKET).toEqual({
      Ref: expect.stringMatching(/^DocumentsFiles/),
    });
    expect(check.Properties.Environment.Variables.TABLE_NAME).toBeDefined();
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      BucketName: { Ref: Match.stringLikeRegexp('^DocumentsFiles') },
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          { Events: ['s3:ObjectCreated:*'], LambdaFunctionArn: { 'Fn::GetAtt': [checkId, 'Arn'] } },
        ],
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: checkId },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: {
          Destination: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DocumentsUploadCheckDeadLetters'), 'Arn'] },
        },
      },
    });
    // It reads and deletes single versions: the one S3 reported.
    const statements = Object.entries(resources)
      .filter(([id, r]) => id.startsWith('DocumentsOnDocumentUpload') && r.Type === 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[]);
    expect(statements.flatMap((st) => st.Action)).toEqual(
      expect.arrayContaining(['s3:GetObjectVersion', 's3:DeleteObjectVersion']),
    );
  });

  it('leaves cdk-nag nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks(stack).validateScope(stack);
    expect(
      report.violations.map((v) => `${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });
});
