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
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../lib/domain/errors';
import { CognitoUserDirectory } from '../../lib/users/cognito-directory';
import type { UserAccount } from '../../lib/users/directory';
import type { TableUserDirectory } from '../../lib/users/table-directory';

const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const POOL = 'eu-west-2_EXAMPLE';
const account: UserAccount = {
  id: 'ulid-ours',
  email: 'Jo@Bank.example',
  name: 'Jo Bloggs',
  role: 'clinician',
  orgId: 'org-a',
  clinicianId: 'cln-1',
};

/** The table's records, in memory: what the directory writes beside Cognito. */
function records(options: { failCreate?: Error } = {}) {
  const created: UserAccount[] = [];
  const disabled: string[] = [];
  const fake = {
    create: async (a: UserAccount) => {
      if (options.failCreate) throw options.failCreate;
      created.push(a);
      return a;
    },
    get: async () => undefined,
    ofClinician: async () => undefined,
    disable: async (email: string) => {
      disabled.push(email);
    },
  } as unknown as TableUserDirectory;
  return { fake, created, disabled };
}

describe('CognitoUserDirectory', () => {
  it('creates the Cognito user with its claims, puts it in its group, and keeps its record under Cognito’s sub', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-123' }] } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    const table = records();
    const made = await new CognitoUserDirectory(new CognitoIdentityProviderClient({}), POOL, table.fake).create(
      account,
    );

    const create = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(create).toMatchObject({ UserPoolId: POOL, Username: account.email, DesiredDeliveryMediums: ['EMAIL'] });
    expect(create.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:org', Value: 'org-a' },
        { Name: 'custom:clinician', Value: 'cln-1' },
      ]),
    );
    expect(cognito.commandCalls(AdminAddUserToGroupCommand)[0]!.args[0].input).toMatchObject({
      GroupName: 'clinician',
    });
    // The token's sub is Cognito's, so the record must carry that id for the claims check to agree.
    expect(table.created).toEqual([{ ...account, id: 'sub-123' }]);
    expect(made.id).toBe('sub-123');
  });

  it("sets an applicant's own password as permanent and emails no temporary one", async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-456' }] } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminSetUserPasswordCommand).resolves({});
    const table = records();
    await new CognitoUserDirectory(new CognitoIdentityProviderClient({}), POOL, table.fake).create(account, {
      password: 'Correct-Horse-42',
    });

    const create = cognito.commandCalls(AdminCreateUserCommand)[0]!.args[0].input;
    expect(create.MessageAction).toBe('SUPPRESS');
    expect(create.DesiredDeliveryMediums).toBeUndefined();
    expect(cognito.commandCalls(AdminSetUserPasswordCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: account.email,
      Password: 'Correct-Horse-42',
      Permanent: true,
    });
    expect(table.created).toEqual([{ ...account, id: 'sub-456' }]);
  });

  it('refuses a password the pool will not take as VALIDATION, and takes the Cognito user back', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-789' }] } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito
      .on(AdminSetUserPasswordCommand)
      .rejects(new InvalidPasswordException({ message: 'Password does not conform to policy', $metadata: {} }));
    cognito.on(AdminDeleteUserCommand).resolves({});
    const table = records();
    await expect(
      new CognitoUserDirectory(new CognitoIdentityProviderClient({}), POOL, table.fake).create(account, {
        password: 'Correct-Horse-42',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(1);
    expect(table.created).toEqual([]);
  });

  it('answers a taken address with ALREADY_EXISTS and writes no record', async () => {
    cognito.on(AdminCreateUserCommand).rejects(new UsernameExistsException({ message: 'exists', $metadata: {} }));
    const table = records();
    await expect(
      new CognitoUserDirectory(new CognitoIdentityProviderClient({}), POOL, table.fake).create(account),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(table.created).toEqual([]);
  });

  it('takes the Cognito user back when its record cannot be written', async () => {
    cognito.on(AdminCreateUserCommand).resolves({ User: { Attributes: [{ Name: 'sub', Value: 'sub-123' }] } });
    cognito.on(AdminAddUserToGroupCommand).resolves({});
    cognito.on(AdminDeleteUserCommand).resolves({});
    const table = records({ failCreate: new ConflictError('ALREADY_EXISTS', 'taken') });
    await expect(
      new CognitoUserDirectory(new CognitoIdentityProviderClient({}), POOL, table.fake).create(account),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(cognito.commandCalls(AdminDeleteUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: account.email,
    });
  });

  it('disables a user: the record first, then the Cognito user, then every refresh token revoked', async () => {
    cognito.on(AdminDisableUserCommand).resolves({});
    cognito.on(AdminUserGlobalSignOutCommand).resolves({});
    const table = records();
    await new CognitoUserDirectory(new CognitoIdentityProviderClient({}), POOL, table.fake).disable(
      'jo@bank.example',
      '2026-12-06T00:00:00.000Z',
    );
    expect(table.disabled).toEqual(['jo@bank.example']);
    expect(cognito.commandCalls(AdminDisableUserCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'jo@bank.example',
    });
    expect(cognito.commandCalls(AdminUserGlobalSignOutCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL,
      Username: 'jo@bank.example',
    });
  });

  it('counts a user Cognito no longer has as disabled already', async () => {
    cognito.on(AdminDisableUserCommand).rejects(new UserNotFoundException({ message: 'gone', $metadata: {} }));
    const table = records();
    await new CognitoUserDirectory(new CognitoIdentityProviderClient({}), POOL, table.fake).disable(
      'jo@bank.example',
      '2026-12-06T00:00:00.000Z',
    );
    expect(table.disabled).toEqual(['jo@bank.example']);
  });
});
