import { type JsonCall, type SignedFetchOptions, signedJson } from '../aws/signed-fetch';
import { AwsServiceError } from '../aws/standard-retry';
import { ConflictError, ValidationError } from '../domain/errors';
import { logger } from '../logger';
import { documentClient } from '../store/client';
import type { UserAccount, UserDirectory } from './directory';
import { TableUserDirectory } from './table-directory';

/** A refusal from Cognito with this error code. */
const refused = (error: unknown, code: string): error is AwsServiceError =>
  error instanceof AwsServiceError && error.code === code;

/**
 * Sign-ins in AWS: Cognito invites the user by email; the custom attributes
 * become the token's claims. The table keeps each user's record beside it
 * (its id Cognito's `sub`), which every request's claims must agree with, so
 * a user who somehow rewrote their own attributes gains nothing.
 *
 * Cognito's admin calls go over signed fetch (lib/aws/signed-fetch.ts), not
 * its SDK client, which with its share of the SDK core was 33 KB of each of the
 * three handlers that make or disable sign-ins (issue 17.6).
 * test/unit/cognito-wire.test.ts sends each call through both and compares.
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly cognito: JsonCall,
    private readonly userPoolId: string,
    private readonly records: TableUserDirectory,
  ) {}

  async create(account: UserAccount, options: { password?: string } = {}): Promise<UserAccount> {
    const attributes = [
      { Name: 'email', Value: account.email },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: account.name },
      { Name: 'custom:org', Value: account.orgId },
      ...(account.practiceIds?.length ? [{ Name: 'custom:practices', Value: account.practiceIds.join(',') }] : []),
      ...(account.clinicianId ? [{ Name: 'custom:clinician', Value: account.clinicianId }] : []),
    ];
    let sub: string | undefined;
    try {
      const out = (await this.cognito('AdminCreateUser', {
        UserPoolId: this.userPoolId,
        Username: account.email,
        UserAttributes: attributes,
        // Someone who chose their own password is sent no temporary one.
        ...(options.password ? { MessageAction: 'SUPPRESS' } : { DesiredDeliveryMediums: ['EMAIL'] }),
      })) as { User?: { Attributes?: { Name?: string; Value?: string }[] } };
      sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    } catch (error) {
      if (refused(error, 'UsernameExistsException')) {
        throw new ConflictError('ALREADY_EXISTS', `A sign-in for ${account.email} exists`);
      }
      throw error;
    }
    try {
      if (!sub) throw new Error('Cognito created a user without a sub');
      await this.cognito('AdminAddUserToGroup', {
        UserPoolId: this.userPoolId,
        Username: account.email,
        GroupName: account.role,
      });
      if (options.password) {
        await this.cognito('AdminSetUserPassword', {
          UserPoolId: this.userPoolId,
          Username: account.email,
          Password: options.password,
          Permanent: true,
        });
      }
      return await this.records.create({ ...account, id: sub });
    } catch (error) {
      // A Cognito user without its record (or its group) could sign in to nothing, and would hold the address.
      await this.cognito('AdminDeleteUser', { UserPoolId: this.userPoolId, Username: account.email }).catch(
        (deleteError: Error) => logger.error('Could not take back a Cognito user', { error: deleteError }),
      );
      if (refused(error, 'InvalidPasswordException')) {
        throw new ValidationError('The password is not strong enough', [
          { path: 'body.password', message: error.serviceMessage ?? 'The password does not meet the pool’s policy' },
        ]);
      }
      throw error;
    }
  }

  get(email: string): Promise<UserAccount | undefined> {
    return this.records.get(email);
  }

  ofClinician(orgId: string, clinicianId: string): Promise<UserAccount | undefined> {
    return this.records.ofClinician(orgId, clinicianId);
  }

  /**
   * The record first: from then on every token of the user is refused (within
   * the per-container cache's minute). Then Cognito: no new sign-in, and the
   * refresh tokens revoked, so no new ID tokens either.
   */
  async disable(email: string, at: string): Promise<void> {
    await this.records.disable(email, at);
    try {
      await this.cognito('AdminDisableUser', { UserPoolId: this.userPoolId, Username: email });
      await this.cognito('AdminUserGlobalSignOut', { UserPoolId: this.userPoolId, Username: email });
    } catch (error) {
      if (!refused(error, 'UserNotFoundException')) throw error;
    }
  }
}

/** Cognito user pools' admin API over signed fetch, in the function's region. */
export const cognitoApi = (options: SignedFetchOptions): JsonCall =>
  signedJson(
    {
      signingName: 'cognito-idp',
      title: 'Cognito',
      targetPrefix: 'AWSCognitoIdentityProviderService',
      version: '1.1',
    },
    options,
  );

export function cognitoDirectory(userPoolId: string, table: string, region: string): CognitoUserDirectory {
  return new CognitoUserDirectory(cognitoApi({ region }), userPoolId, new TableUserDirectory(documentClient(), table));
}

/** The edge for handlers that create or disable sign-ins: Cognito when the function was given a user pool. */
export function cognitoUsers(c: {
  USER_POOL_ID?: string;
  TABLE_NAME: string;
  AWS_REGION: string;
}): CognitoUserDirectory | undefined {
  return c.USER_POOL_ID ? cognitoDirectory(c.USER_POOL_ID, c.TABLE_NAME, c.AWS_REGION) : undefined;
}
