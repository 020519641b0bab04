import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AccessLogs } from './constructs/access-logs';
import { Api, type ApiProps } from './constructs/api';
import { Auth } from './constructs/auth';
import { Data } from './constructs/data';
import { Documents } from './constructs/documents';
import { Messaging } from './constructs/messaging';
import { Monitoring } from './constructs/monitoring';
import { Payroll } from './constructs/payroll';
import { Reports } from './constructs/reports';
import { Schedules } from './constructs/schedules';
import { Web } from './constructs/web';

export interface RotaBankStackProps extends StackProps {
  /**
   * UK long code (E.164) for two-way SMS. Point the number's End User
   * Messaging SMS two-way channel at the `InboundSmsTopicArn` output.
   * @default - none: SMS go out from the account default and replies cannot arrive
   */
  readonly originationNumber?: string;
  /**
   * The address emails go out from, through SES (see MessagingProps.emailFrom):
   * publish the `EmailDkim…` outputs in its domain's DNS.
   * @default - none: no email can be sent
   */
  readonly emailFrom?: string;
  /**
   * Cognito's own emails through SES from `emailFrom` too, once SES has
   * verified its domain (a second deployment: `-c cognitoEmailThroughSes=true`).
   * @default false: Cognito's built-in sender, 50 emails a day
   */
  readonly cognitoEmailThroughSes?: boolean;
  /** Origins a developer's browser runs the web app on. @default ['http://localhost:3000'] */
  readonly devOrigins?: readonly string[];
  /** @default web/dist in the repository, deployed if it exists */
  readonly webAssetsDir?: string;
  /** @default ROUTES from lib/routes/index.ts (tests pass more, to see the stack grow) */
  readonly routes?: ApiProps['routes'];
}

/** Composes the app's constructs; all configuration lives in them. */
export class RotaBankStack extends Stack {
  readonly data: Data;
  readonly auth: Auth;
  readonly api: Api;
  readonly messaging: Messaging;
  readonly schedules: Schedules;
  readonly payroll: Payroll;
  readonly documents: Documents;
  readonly reports: Reports;
  readonly web: Web;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: RotaBankStackProps = {}) {
    super(scope, id, props);
    // Server access logs delivered under a bucket policy rather than the legacy log-delivery ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const devOrigins = props.devOrigins ?? ['http://localhost:3000'];

    const accessLogs = new AccessLogs(this, 'AccessLogs');
    this.data = new Data(this, 'Data');
    this.web = new Web(this, 'Web', { accessLogsBucket: accessLogs.bucket, assetsDir: props.webAssetsDir });
    // The app sends its page address as redirect_uri: the origin with a trailing slash.
    const appAddresses = [this.web.url, ...devOrigins].map((origin) => `${origin}/`);
    this.auth = new Auth(this, 'Auth', {
      callbackUrls: appAddresses,
      domainPrefix: this.node.tryGetContext('authDomainPrefix'),
      emailFrom: props.cognitoEmailThroughSes ? props.emailFrom : undefined,
    });
    if (props.cognitoEmailThroughSes && !props.emailFrom) {
      throw new Error('cognitoEmailThroughSes needs emailFrom: the address Cognito is to send from');
    }
    this.messaging = new Messaging(this, 'Messaging', {
      data: this.data,
      originationNumber: props.originationNumber,
      emailFrom: props.emailFrom,
    });
    this.schedules = new Schedules(this, 'Schedules', {
      data: this.data,
      invoiceRunOrgIds: this.node.tryGetContext('invoiceRunOrgIds') as string[] | undefined,
      complianceReminderOrgIds: this.node.tryGetContext('complianceReminderOrgIds') as string[] | undefined,
    });
    // The relay settles each booking's outbox record, which schedules the day-before reminder.
    this.schedules.bindScheduler(this.messaging.outboxFunction);
    this.payroll = new Payroll(this, 'Payroll', { data: this.data, accessLogsBucket: accessLogs.bucket });
    // The relay hands each export asked for to its run: the stream's second reader is the report totals.
    this.payroll.bindRunner(this.messaging.outboxFunction);
    // Only the deployed app may send or fetch evidence files from a browser: a page on a developer's
    // localhost (which the API allows) could otherwise read presigned files cross-origin.
    this.documents = new Documents(this, 'Documents', {
      data: this.data,
      accessLogsBucket: accessLogs.bucket,
      allowOrigins: [this.web.url],
    });
    this.reports = new Reports(this, 'Reports', { data: this.data });
    this.api = new Api(this, 'Api', {
      data: this.data,
      auth: this.auth,
      allowOrigins: [this.web.url, ...devOrigins],
      routes: props.routes,
      needs: {
        userPool: (fn) => this.auth.bindAdmin(fn),
        scheduler: (fn) => this.schedules.bindScheduler(fn),
        exports: (fn) => this.payroll.bindExports(fn),
        documents: (fn) => this.documents.bindDocuments(fn),
        webOrigin: (fn) => fn.addEnvironment('WEB_ORIGIN', this.web.url),
      },
    });

    // Last: it watches every function and queue built before it.
    this.monitoring = new Monitoring(this, 'Monitoring', { httpApi: this.api.httpApi });

    this.web.publish({
      apiBaseUrl: this.api.url,
      auth: {
        kind: 'cognito',
        region: this.region,
        userPoolId: this.auth.userPool.userPoolId,
        clientId: this.auth.webClient.userPoolClientId,
        domain: this.auth.domainUrl,
        redirectUri: `${this.web.url}/`,
      },
      devTools: false,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'WebUrl', { value: this.web.url });
    new CfnOutput(this, 'UserPoolId', { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: this.auth.webClient.userPoolClientId });
    new CfnOutput(this, 'SignInUrl', { value: this.auth.domainUrl });
    new CfnOutput(this, 'InboundSmsTopicArn', {
      value: this.messaging.inboundSmsTopic.topicArn,
      description: 'Point the End User Messaging SMS two-way channel of the origination number here',
    });
  }
}
