import { Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { USER_ROLES } from '../../lib/domain/types';
import { emailSender } from './email-sender';
import { pascalCase } from './names';
import type { Bindable } from './rota-function';

export interface AuthProps {
  /**
   * Where the web app may receive the authorisation code: the CloudFront
   * address and local development. Each must equal, character for character,
   * the `redirect_uri` the app sends (the app sends its page address, `https://…/`).
   */
  readonly callbackUrls: readonly string[];
  /** @default the callback URLs */
  readonly logoutUrls?: readonly string[];
  /**
   * The managed login domain's prefix (`<prefix>.auth.<region>.amazoncognito.com`),
   * unique in the region across every AWS account.
   * @default `rota-bank-<account id>`
   */
  readonly domainPrefix?: string;
  /**
   * Cognito's own emails (a temporary password, a reset code) go through SES
   * from this address, whose domain SES must already have verified (see
   * MessagingProps.emailFrom): Cognito's built-in sender is limited to 50
   * emails a day for the whole pool, fewer than a bank's first week of
   * sign-ups. Cognito refuses an unverified domain, so this belongs to the
   * deployment after the one that made the identity.
   * @default - Cognito's built-in sender
   */
  readonly emailFrom?: string;
  /** @default RemovalPolicy.RETAIN: the pool holds every account. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The Cognito user pool. Roles are groups (`cognito:groups`), the
 * organisation, practices and clinician record ride in custom attributes
 * (`custom:org`, `custom:practices`, `custom:clinician`), which only the
 * bank's functions write; the API still checks every token's claims against
 * the user's record in the table. Nobody signs themselves up: admins create
 * accounts.
 */
export class Auth extends Construct {
  readonly userPool: cognito.UserPool;
  readonly webClient: cognito.UserPoolClient;
  /** Managed login (the hosted sign-in pages, `/oauth2/authorize`, `/oauth2/token`, `/logout`). */
  readonly domain: cognito.UserPoolDomain;

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
      ...(props.emailFrom ? { email: sesEmail(this, props.emailFrom) } : {}),
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

    // A browser app cannot keep a secret: a public client, authorisation code with PKCE (S256), which Cognito
    // enforces for a client without a secret whenever the app sends a code_challenge. No implicit grant.
    this.webClient = this.userPool.addClient('WebClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...(props.logoutUrls ?? props.callbackUrls)],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      // A user may change their own name and nothing else through this client: the organisation, practices and
      // clinician (custom:*) are the bank's to set (AdminUpdateUserAttributes), and the email is the sign-in and
      // the key of the user's record. Without this list every mutable attribute would be writable by its owner
      // with any access token carrying aws.cognito.signin.user.admin (which every SRP sign-in gets), so the OAuth
      // scopes above leave that scope out too.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      // The API reads the caller from the ID token (custom attributes and groups are only there).
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `rota-bank-${Stack.of(this).account}` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    // Managed login shows a client's pages only once a branding style is assigned to it: Cognito's own look.
    const branding = new cognito.CfnManagedLoginBranding(this, 'WebClientBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(this.domain);
  }

  /** The managed login address, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  get domainUrl(): string {
    return this.domain.baseUrl();
  }

  /**
   * Lets a function create users (and take back one half made), put them in groups, set their attributes,
   * and disable them and revoke their refresh tokens; sets USER_POOL_ID.
   */
  bindAdmin(fn: Bindable): void {
    fn.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminSetUserPassword',
          'cognito-idp:AdminAddUserToGroup',
          'cognito-idp:AdminUpdateUserAttributes',
          'cognito-idp:AdminDeleteUser',
          'cognito-idp:AdminDisableUser',
          'cognito-idp:AdminUserGlobalSignOut',
        ],
        resources: [this.userPool.userPoolArn],
      }),
    );
    fn.addEnvironment('USER_POOL_ID', this.userPool.userPoolId);
  }
}

function sesEmail(scope: Construct, from: string): cognito.UserPoolEmail {
  const sender = emailSender(from);
  if (Token.isUnresolved(Stack.of(scope).region)) {
    throw new Error("Cognito's email through SES needs the stack's region (env.region): SES identities are regional");
  }
  return cognito.UserPoolEmail.withSES({
    fromEmail: sender.address,
    fromName: sender.name,
    sesVerifiedDomain: sender.domain,
  });
}
