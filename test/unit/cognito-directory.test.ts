import { describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../lib/domain/errors';
import { CognitoUserDirectory, cognitoApi } from '../../lib/users/cognito-directory';
import type { UserAccount } from '../../lib/users/directory';
import type { TableUserDirectory } from '../../lib/users/table-directory';
import { type Reply, useRecordingServer } from '../support/wire';

/**
 * The directory over its real Cognito calls (signed fetch) against a local
 * server that answers as Cognito would: each test queues Cognito's answers in
 * the order the calls are made, then reads the calls that arrived.
 */
const server = useRecordingServer({ status: 500, body: '{"__type":"InternalErrorException"}' });

const ok = (output: unknown = {}): Reply => ({
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(output),
});
const refusal = (code: string, message: string): Reply => ({
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': `${code}:` },
  body: JSON.stringify({ __type: code, message }),
});
const created = (sub: string) => ok({ User: { Username: sub, Attributes: [{ Name: 'sub', Value: sub }] } });

/** The calls Cognito received, in order: the operation and its input. */
const calls = () =>
  server.arrived.map((a) => ({
    operation: String(a.headers['x-amz-target']).replace('AWSCognitoIdentityProviderService.', ''),
    input: JSON.parse(a.body) as Record<string, unknown>,
  }));
const inputOf = (operation: string) => calls().find((c) => c.operation === operation)?.input;

const directory = (table: TableUserDirectory) =>
  new CognitoUserDirectory(
    cognitoApi({
      region: 'eu-west-2',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example-secret' },
      sleep: async () => {},
    }),
    POOL,
    table,
  );

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
    server.replies.push(created('sub-123'), ok());
    const table = records();
    const made = await directory(table.fake).create(account);

    expect(calls().map((c) => c.operation)).toEqual(['AdminCreateUser', 'AdminAddUserToGroup']);
    const create = inputOf('AdminCreateUser')!;
    expect(create).toMatchObject({ UserPoolId: POOL, Username: account.email, DesiredDeliveryMediums: ['EMAIL'] });
    expect(create.MessageAction).toBeUndefined();
    expect(create.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'custom:org', Value: 'org-a' },
        { Name: 'custom:clinician', Value: 'cln-1' },
      ]),
    );
    expect(inputOf('AdminAddUserToGroup')).toEqual({
      UserPoolId: POOL,
      Username: account.email,
      GroupName: 'clinician',
    });
    // The token's sub is Cognito's, so the record must carry that id for the claims check to agree.
    expect(table.created).toEqual([{ ...account, id: 'sub-123' }]);
    expect(made.id).toBe('sub-123');
  });

  it("sets an applicant's own password as permanent and emails no temporary one", async () => {
    server.replies.push(created('sub-456'), ok(), ok());
    const table = records();
    await directory(table.fake).create(account, { password: 'Correct-Horse-42' });

    const create = inputOf('AdminCreateUser')!;
    expect(create.MessageAction).toBe('SUPPRESS');
    expect(create.DesiredDeliveryMediums).toBeUndefined();
    expect(inputOf('AdminSetUserPassword')).toEqual({
      UserPoolId: POOL,
      Username: account.email,
      Password: 'Correct-Horse-42',
      Permanent: true,
    });
    expect(table.created).toEqual([{ ...account, id: 'sub-456' }]);
  });

  it('refuses a password the pool will not take as VALIDATION, and takes the Cognito user back', async () => {
    server.replies.push(
      created('sub-789'),
      ok(),
      refusal('InvalidPasswordException', 'Password did not conform with policy: Password must have symbol characters'),
      ok(),
    );
    const table = records();
    const error = await directory(table.fake)
      .create(account, { password: 'Correct-Horse-42' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    // The pool's own words reach the applicant, not the call's.
    expect((error as ValidationError).details).toEqual([
      { path: 'body.password', message: 'Password did not conform with policy: Password must have symbol characters' },
    ]);
    expect(calls().map((c) => c.operation)).toEqual([
      'AdminCreateUser',
      'AdminAddUserToGroup',
      'AdminSetUserPassword',
      'AdminDeleteUser',
    ]);
    expect(table.created).toEqual([]);
  });

  it('answers a taken address with ALREADY_EXISTS and writes no record', async () => {
    server.replies.push(refusal('UsernameExistsException', 'An account with the given email already exists.'));
    const table = records();
    await expect(directory(table.fake).create(account)).rejects.toBeInstanceOf(ConflictError);
    // Nothing to take back: the user was never made.
    expect(calls().map((c) => c.operation)).toEqual(['AdminCreateUser']);
    expect(table.created).toEqual([]);
  });

  it('takes the Cognito user back when its record cannot be written', async () => {
    server.replies.push(created('sub-123'), ok(), ok());
    const table = records({ failCreate: new ConflictError('ALREADY_EXISTS', 'taken') });
    await expect(directory(table.fake).create(account)).rejects.toBeInstanceOf(ConflictError);
    expect(inputOf('AdminDeleteUser')).toEqual({
      UserPoolId: POOL,
      Username: account.email,
    });
  });

  it('disables a user: the record first, then the Cognito user, then every refresh token revoked', async () => {
    server.replies.push(ok(), ok());
    const table = records();
    await directory(table.fake).disable('jo@bank.example', '2026-12-06T00:00:00.000Z');
    expect(table.disabled).toEqual(['jo@bank.example']);
    expect(calls().map((c) => c.operation)).toEqual(['AdminDisableUser', 'AdminUserGlobalSignOut']);
    expect(inputOf('AdminDisableUser')).toEqual({
      UserPoolId: POOL,
      Username: 'jo@bank.example',
    });
    expect(inputOf('AdminUserGlobalSignOut')).toEqual({
      UserPoolId: POOL,
      Username: 'jo@bank.example',
    });
  });

  it('counts a user Cognito no longer has as disabled already', async () => {
    server.replies.push(refusal('UserNotFoundException', 'User does not exist.'));
    const table = records();
    await directory(table.fake).disable('jo@bank.example', '2026-12-06T00:00:00.000Z');
    expect(table.disabled).toEqual(['jo@bank.example']);
  });
});
