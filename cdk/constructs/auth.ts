import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { USER_ROLES } from '../../lib/domain/types';
import { pascalCase } from './names';
import type { Bindable } from './rota-function';

export interface AuthProps {
  /** Where the web app may receive the authorisation code: the CloudFront address and local development. */
  readonly callbackUrls: readonly string[];
  /** @default the callback URLs */
  readonly logoutUrls?: readonly string[];
  /** @default RemovalPolicy.RETAIN: the pool holds every account. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The Cognito user pool. Roles are groups (`cognito:groups`), the
 * organisation, practices and clinician record ride in custom attributes
 * (`custom:org`, `custom:practices`, `custom:clinician`). Nobody signs
 * themselves up: admins create accounts.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        org: new cognito.StringAttribute({ mutable: true }),
        practices: new cognito.StringAttribute({ mutable: true }),
        clinician: new cognito.StringAttribute({ mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional by product decision: locums sign in now and then from their own phones to pick up shifts; ' +
          'TOTP is offered to everyone. Requiring it for admin and HR belongs to the later security requirements.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus tier (threat protection) is charged per monthly active user; the Essentials tier serves the walking ' +
          'skeleton, with a strong password policy and no self sign-up. Revisit with the security requirements.',
      },
    );

    for (const role of USER_ROLES) {
      new cognito.UserPoolGroup(this, `${pascalCase(role)}Group`, { userPool: this.userPool, groupName: role });
    }

    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...(props.logoutUrls ?? props.callbackUrls)],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });
  }

  /** Lets a function create users, put them in groups and set their attributes; sets USER_POOL_ID. */
  bindAdmin(fn: Bindable): void {
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminUpdateUserAttributes',
        ],
        resources: [this.userPool.userPoolArn],
      }),
    );
    fn.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
  }
}
