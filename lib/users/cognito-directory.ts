import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { ConflictError } from '../domain/errors';
import type { UserAccount, UserDirectory } from './directory';

/** Sign-ins in AWS: Cognito invites the user by email; the custom attributes become the token's claims. */
export class CognitoUserDirectory implements UserDirectory {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly userPoolId: string,
  ) {}

  async create(account: UserAccount): Promise<void> {
    const attributes = [
      { Name: 'email', Value: account.email },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'name', Value: account.name },
      { Name: 'custom:org', Value: account.orgId },
      ...(account.practiceIds?.length ? [{ Name: 'custom:practices', Value: account.practiceIds.join(',') }] : []),
      ...(account.clinicianId ? [{ Name: 'custom:clinician', Value: account.clinicianId }] : []),
    ];
    try {
      await this.client.send(
        new AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: account.email,
          UserAttributes: attributes,
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (error) {
      if (error instanceof UsernameExistsException) {
        throw new ConflictError('ALREADY_EXISTS', `A sign-in for ${account.email} exists`);
      }
      throw error;
    }
    await this.client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: this.userPoolId, Username: account.email, GroupName: account.role }),
    );
  }
}

export function cognitoDirectory(userPoolId: string): CognitoUserDirectory {
  return new CognitoUserDirectory(new CognitoIdentityProviderClient({}), userPoolId);
}

/** The edge for handlers that create sign-ins: Cognito when the function was given a user pool. */
export function cognitoUsers(c: { USER_POOL_ID?: string }): CognitoUserDirectory | undefined {
  return c.USER_POOL_ID ? cognitoDirectory(c.USER_POOL_ID) : undefined;
}
