import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CognitoIdentityProviderClient,
  InvalidPasswordException,
  UserNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError, ValidationError } from '../domain/errors';
import { logger } from '../logger';
import { documentClient } from '../store/client';
import type { UserAccount, UserDirectory } from './directory';
import { TableUserDirectory } from './table-directory';

/**
 * Sign-ins in AWS: Cognito invites the user by email; the custom attributes
 * become the token's claims. The table keeps each user's record beside it
 * (its id Cognito's `sub`), which every request's claims must agree with, so
 * a user who somehow rewrote their own attributes gains nothing.
 */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
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
      const out = await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: account.email,
          UserAttributes: attributes,
          // Someone who chose their own password is sent no temporary one.
          ...(options.password
            ? { MessageAction: 'SUPPRESS' as const }
            : { DesiredDeliveryMediums: ['EMAIL' as const] }),
        }),
      );
      sub = out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    } catch (error) {
      if (error instanceof UsernameExistsException) {
        throw new ConflictError('ALREADY_EXISTS', `A sign-in for ${account.email} exists`);
      }
      throw error;
    }
    try {
      if (!sub) throw new Error('Cognito created a user without a sub');
      await this.client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: this.userPoolId,
          Username: account.email,
          GroupName: account.role,
        }),
      );
      if (options.password) {
        await this.client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId: this.userPoolId,
            Username: account.email,
            Password: options.password,
            Permanent: true,
          }),
        );
      }
      return await this.records.create({ ...account, id: sub });
    } catch (error) {
      // A Cognito user without its record (or its group) could sign in to nothing, and would hold the address.
      await this.client
        .send(new AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: account.email }))
        .catch((deleteError: Error) => logger.error('Could not take back a Cognito user', { error: deleteError }));
      if (error instanceof InvalidPasswordException) {
        throw new ValidationError('The password is not strong enough', [
          { path: 'body.password', message: error.message },
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
      await this.client.send(new AdminDisableUserCommand({ UserPoolId: this.userPoolId, Username: email }));
      await this.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: email }));
    } catch (error) {
      if (!(error instanceof UserNotFoundException)) throw error;
    }
  }
}

export function cognitoDirectory(userPoolId: string, table: string): CognitoUserDirectory {
  return new CognitoUserDirectory(
    new CognitoIdentityProviderClient({}),
    userPoolId,
    new TableUserDirectory(documentClient(), table),
  );
}

/** The edge for handlers that create or disable sign-ins: Cognito when the function was given a user pool. */
export function cognitoUsers(c: { USER_POOL_ID?: string; TABLE_NAME: string }): CognitoUserDirectory | undefined {
  return c.USER_POOL_ID ? cognitoDirectory(c.USER_POOL_ID, c.TABLE_NAME) : undefined;
}
