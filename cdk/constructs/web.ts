import * as fs from 'node:fs';
import * as path from 'node:path';
import { Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { contentSecurityPolicy } from '../../lib/content-security-policy';
import { wildcardResourceFinding } from './nag';
import { REPO_ROOT } from './rota-function';

export interface WebProps {
  readonly accessLogsBucket: s3.IBucket;
  /**
   * The built single-page app. Deployed only if the folder exists at synth
   * time, so the stack deploys before there is a web build.
   * @default web/dist in the repository
   */
  readonly assetsDir?: string;
  /**
   * @default lib/content-security-policy.ts (the local runtime's too): same
   * origin for everything, except API calls to API Gateway, sign-in calls (the
   * token exchange) to Cognito's managed login in this region, and files to
   * and from S3 in this region
   */
  readonly contentSecurityPolicy?: string;
}

/**
 * What the app reads from `/config.json` at start, so one build serves every
 * environment (web/src/auth.ts parses it; the local runtime serves
 * `{"auth": {"kind": "local"}}`).
 */
export interface WebRuntimeConfig {
  /** The API's address, e.g. `https://abc.execute-api.eu-west-2.amazonaws.com`. */
  readonly apiBaseUrl: string;
  readonly auth: {
    readonly kind: 'cognito';
    readonly region: string;
    readonly userPoolId: string;
    readonly clientId: string;
    /** The managed login address, `https://<prefix>.auth.<region>.amazoncognito.com`. */
    readonly domain: string;
    /** Where Cognito sends the code back, and where sign-out returns: one of the client's callback URLs. */
    readonly redirectUri: string;
  };
  readonly devTools: false;
}

/** The web app: a private bucket served only through CloudFront (origin access control). */
export class Web extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  private readonly assetsDir: string;
  #deployment?: BucketDeployment;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'web/',
    });

    const csp =
      props.contentSecurityPolicy ??
      contentSecurityPolicy([
        `https://*.execute-api.${Aws.REGION}.amazonaws.com`,
        `https://cognito-idp.${Aws.REGION}.amazonaws.com`,
        `https://*.auth.${Aws.REGION}.amazoncognito.com`,
        // The documents bucket (a file's PUT, and the redirect a download follows) and the exports bucket (a
        // large CSV's redirect), by S3's regional address. Not by their own names: the documents bucket's CORS
        // names this distribution, so this policy naming that bucket would make a cycle.
        `https://*.s3.${Aws.REGION}.amazonaws.com`,
      ]);
    const securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior = {
      contentSecurityPolicy: { contentSecurityPolicy: csp, override: true },
      strictTransportSecurity: { accessControlMaxAge: Duration.days(730), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: {
        referrerPolicy: cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
        override: true,
      },
    };
    const cacheControl = (value: string): cloudfront.ResponseCustomHeadersBehavior => ({
      customHeaders: [{ header: 'Cache-Control', value, override: true }],
    });
    // index.html and config.json: browsers ask again every time, so a deployment is seen at the next load.
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior,
      customHeadersBehavior: cacheControl('no-cache'),
    });
    // web/build.ts puts a content hash in every name under assets/: a changed file is a new name.
    const assetHeaders = new cloudfront.ResponseHeadersPolicy(this, 'AssetHeaders', {
      securityHeadersBehavior,
      customHeadersBehavior: cacheControl('public, max-age=31536000, immutable'),
    });
    // Compressed at the edge (brotli or gzip, as the browser accepts), and cached per encoding.
    const cachePolicy = new cloudfront.CachePolicy(this, 'CachePolicy', {
      comment: 'Rota Bank web app: static files, compressed',
      defaultTtl: Duration.days(1),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      enableAcceptEncodingBrotli: true,
      enableAcceptEncodingGzip: true,
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
      headerBehavior: cloudfront.CacheHeaderBehavior.none(),
      cookieBehavior: cloudfront.CacheCookieBehavior.none(),
    });
    const origin = S3BucketOrigin.withOriginAccessControl(this.bucket);

    // A client-side route (/shifts/123) is no object in the bucket: S3 answers 403 through OAC, 404 otherwise.
    const spaFallback = (httpStatus: number): cloudfront.ErrorResponse => ({
      httpStatus,
      responseHttpStatus: 200,
      responsePagePath: '/index.html',
      ttl: Duration.seconds(0),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Rota Bank web app',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy,
        responseHeadersPolicy: headers,
        compress: true,
      },
      additionalBehaviors: {
        'assets/*': {
          origin,
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy,
          responseHeadersPolicy: assetHeaders,
          compress: true,
        },
      },
      errorResponses: [spaFallback(403), spaFallback(404)],
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'Users are UK staff who may travel; the data is behind Cognito sign-in, so geographic blocking adds little.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves static files only; the API is a separate origin with throttling. A WAF web ACL ' +
          '(with its monthly cost) belongs to the later security requirements.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'The bucket behind the distribution logs its access; API requests are logged at API Gateway. CloudFront ' +
          'standard logs would need an ACL-enabled bucket for little gain on public static files.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the minimum ' +
          'protocol; a custom domain with TLSv1.2_2021 comes with the production domain name.',
      },
    );

    this.assetsDir = props.assetsDir ?? path.join(REPO_ROOT, 'web', 'dist');
  }

  /**
   * Uploads the web build with its `config.json` beside it, in one
   * deployment (two would each prune the other's files). Nothing is
   * deployed while there is no build, so the stack deploys before one exists.
   */
  publish(config: WebRuntimeConfig): BucketDeployment | undefined {
    if (this.#deployment) throw new Error('The web app is published once');
    if (!fs.existsSync(path.join(this.assetsDir, 'index.html'))) return undefined;
    this.#deployment = new BucketDeployment(this, 'Deployment', {
      // The build's .br and .gz copies are for the local runtime: CloudFront compresses as it serves.
      sources: [Source.asset(this.assetsDir, { exclude: ['*.br', '*.gz'] }), Source.jsonData('config.json', config)],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    acknowledgeBucketDeploymentHandler(this.#deployment, this.bucket);
    return this.#deployment;
  }

  get deployment(): BucketDeployment | undefined {
    return this.#deployment;
  }

  /** Where the app is served: `https://<id>.cloudfront.net` (no trailing slash). */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}

/**
 * The deployment's copy function is a stack-level singleton that aws-cdk-lib
 * writes and grants; its findings are about CDK's code, each acknowledged
 * for what that grant is for.
 */
function acknowledgeBucketDeploymentHandler(deployment: BucketDeployment, webBucket: s3.IBucket): void {
  const role = deployment.handlerRole;
  const stack = Stack.of(deployment);
  const webObjects = wildcardResourceFinding(role, webBucket.arnForObjects('*'));
  const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
  const statements: { Action?: string | string[]; Resource?: unknown }[] =
    stack.resolve(policy?.document.toJSON())?.Statement ?? [];
  const resources = statements.flatMap((st) => (Array.isArray(st.Resource) ? st.Resource : [st.Resource]));
  for (const resource of resources) {
    if (typeof resource !== 'string' && typeof resource !== 'object') continue;
    const id = wildcardResourceFinding(role, resource as string | object);
    if (!id.includes('*')) continue;
    if (id === webObjects) {
      Validations.of(role).acknowledge({ id, reason: 'Copies the web build into the web bucket: any object in it.' });
    } else if (/s3:::cdk-[^:]*-assets-/.test(id)) {
      Validations.of(role).acknowledge({
        id,
        reason: 'Reads the build archive CDK uploaded to its bootstrap assets bucket, whose key is a content hash.',
      });
    } else if (id === 'AwsSolutions-IAM5[Resource::*]') {
      Validations.of(role).acknowledge({
        id,
        reason:
          'CDK grants the CloudFront invalidation after each deployment on "*"; the handler invalidates this distribution only.',
      });
    }
  }
  const handler = role.node.scope ?? role;
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's deployment handler writes its logs through the basic execution role; it runs only during deployments.",
    },
    { id: 'AwsSolutions-L1', reason: "The deployment handler's runtime is chosen by aws-cdk-lib, not by this app." },
  );
  for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${action} comes from CDK's bucket read/write grants for the deployment handler, which syncs whole folders.`,
    });
  }
}
