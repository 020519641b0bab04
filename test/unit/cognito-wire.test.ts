import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { cognitoApi } from '../../lib/users/cognito-directory';
import {
  type Arrived,
  expectSignatureHolds as expectSignedFor,
  type Reply,
  useRecordingServer,
  WIRE_CREDENTIALS,
  WIRE_REGION,
} from '../support/wire';

/**
 * lib/users/cognito-directory.ts calls Cognito's admin API itself (the JSON
 * protocol over signed fetch). Here it and the SDK's own client send the same
 * calls to one recording server: the two must agree on method, path, target,
 * content type and body, read the same output, name refusals alike, and the
 * request must carry a SigV4 signature for `cognito-idp` that holds for the
 * request as it arrived.
 */
const credentials = WIRE_CREDENTIALS;
const region = WIRE_REGION;
const POOL = 'eu-west-2_AbCdEf123';

const created: Reply = {
  status: 200,
  headers: { 'content-type': 'application/x-amz-json-1.1' },
  body: JSON.stringify({
    User: {
      Username: '7c1e3a52-0f4b-4a51-9d3e-2b8f6a1c9e77',
      Enabled: true,
      UserStatus: 'FORCE_CHANGE_PASSWORD',
      UserCreateDate: 1796000000.123,
      Attributes: [
        { Name: 'email', Value: 'asha@example.org' },
        { Name: 'sub', Value: '7c1e3a52-0f4b-4a51-9d3e-2b8f6a1c9e77' },
      ],
    },
  }),
};

const server = useRecordingServer(created);

const sdk = () => new CognitoIdentityProviderClient({ region, endpoint: server.endpoint, credentials, maxAttempts: 1 });
const ours = () => cognitoApi({ region, endpoint: server.endpoint, credentials, sleep: async () => {} });

const createInput = {
  UserPoolId: POOL,
  Username: 'Asha@Example.org',
  UserAttributes: [
    { Name: 'email', Value: 'Asha@Example.org' },
    { Name: 'name', Value: 'Dr Asha Patel "Ash" & co' },
    { Name: 'custom:org', Value: 'org-somerset' },
    { Name: 'custom:practices', Value: 'prc-1,prc-2' },
  ],
  DesiredDeliveryMediums: ['EMAIL' as const],
};

async function expectSignatureHolds(request: Arrived) {
  const signedHeaders = await expectSignedFor(request, { service: 'cognito-idp', region, credentials });
  expect(signedHeaders).toEqual(expect.arrayContaining(['x-amz-target', 'x-amz-security-token', 'content-type']));
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => new Error('not refused'),
    (e: Error) => e,
  );

describe("Cognito's admin API over signed fetch, beside the SDK client", () => {
  it('sends AdminCreateUser as the SDK does, signed for cognito-idp, and reads the same output', async () => {
    const theirOutput = await sdk().send(new AdminCreateUserCommand(createInput));
    const ourOutput = (await ours()('AdminCreateUser', createInput)) as Omit<typeof theirOutput, '$metadata'>;
    const [theirs, mine] = server.arrived;

    expect(mine!.method).toBe('POST');
    expect(mine!.method).toBe(theirs!.method);
    expect(mine!.path).toBe('/');
    expect(mine!.path).toBe(theirs!.path);
    expect(mine!.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.AdminCreateUser');
    expect(mine!.headers['x-amz-target']).toBe(theirs!.headers['x-amz-target']);
    expect(mine!.headers['content-type']).toBe(theirs!.headers['content-type']);
    expect(JSON.parse(mine!.body)).toEqual(JSON.parse(theirs!.body));
    await expectSignatureHolds(mine!);

    const sub = (out: Omit<typeof theirOutput, '$metadata'>) =>
      out.User?.Attributes?.find((a) => a.Name === 'sub')?.Value;
    expect(sub(ourOutput)).toBe('7c1e3a52-0f4b-4a51-9d3e-2b8f6a1c9e77');
    expect(sub(ourOutput)).toBe(sub(theirOutput));
  });

  it('sends a call whose output is empty as the SDK does, and answers it with nothing', async () => {
    server.replies.push({ status: 200, body: '{}' }, { status: 200, body: '' });
    await sdk().send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'jo@bank.example' }));
    expect(await ours()('AdminDisableUser', { UserPoolId: POOL, Username: 'jo@bank.example' })).toEqual({});
    const [theirs, mine] = server.arrived;
    expect(mine!.headers['x-amz-target']).toBe(theirs!.headers['x-amz-target']);
    expect(JSON.parse(mine!.body)).toEqual(JSON.parse(theirs!.body));
  });

  it.each([
    ['a bare __type', { 'x-amzn-errortype': undefined, __type: 'UsernameExistsException' }],
    [
      'a qualified __type',
      { 'x-amzn-errortype': undefined, __type: 'com.amazonaws.cognito.identity.idp.model#UsernameExistsException' },
    ],
    ['the error-type header', { 'x-amzn-errortype': 'UsernameExistsException:', __type: undefined }],
  ])('names a refusal given by %s as the SDK does, with Cognito’s own words', async (_, how) => {
    const refusal: Reply = {
      status: 400,
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        ...(how['x-amzn-errortype'] ? { 'x-amzn-errortype': how['x-amzn-errortype'] } : {}),
      },
      body: JSON.stringify({
        ...(how.__type ? { __type: how.__type } : {}),
        message: 'An account with the given email already exists.',
      }),
    };
    server.replies.push(refusal, refusal);
    const theirError = await failure(sdk().send(new AdminCreateUserCommand(createInput)));
    const ourError = await failure(ours()('AdminCreateUser', createInput));
    expect(ourError.name).toBe('UsernameExistsException');
    expect(ourError.name).toBe(theirError.name);
    expect((ourError as Error & { serviceMessage?: string }).serviceMessage).toBe(theirError.message);
  });

  it('tries a throttled call again, and gives up on a refusal', async () => {
    const throttled: Reply = {
      status: 400,
      body: JSON.stringify({ __type: 'TooManyRequestsException', message: 'Too many requests' }),
    };
    server.replies.push(throttled, throttled);
    const out = await ours()('AdminCreateUser', createInput);
    expect(server.arrived).toHaveLength(3);
    expect(out).toMatchObject({ User: { Username: '7c1e3a52-0f4b-4a51-9d3e-2b8f6a1c9e77' } });

    server.reset();
    server.replies.push({
      status: 400,
      body: JSON.stringify({ __type: 'InvalidPasswordException', message: 'Password did not conform with policy' }),
    });
    expect((await failure(ours()('AdminSetUserPassword', { UserPoolId: POOL }))).name).toBe('InvalidPasswordException');
    expect(server.arrived).toHaveLength(1);
  });
});
