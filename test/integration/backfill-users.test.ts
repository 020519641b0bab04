import {
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { backfillUserRecords } from '../../lib/users/backfill';
import { TableUserDirectory } from '../../lib/users/table-directory';
import { clinician, ORG, seed } from '../support/fixtures';
import { freshDeps } from '../support/table';

const cognito = mockClient(CognitoIdentityProviderClient);
afterEach(() => cognito.reset());

const user = (sub: string, attrs: Record<string, string>, enabled = true): UserType => ({
  Username: sub,
  Enabled: enabled,
  Attributes: [{ Name: 'sub', Value: sub }, ...Object.entries(attrs).map(([Name, Value]) => ({ Name, Value }))],
});

describe('backfillUserRecords', () => {
  it('writes a clinician’s record only when their profile confirms it, and staff only when told to trust them', async () => {
    const deps = await freshDeps();
    const jo = clinician({ email: 'jo@bank.example' });
    const kit = clinician({ email: 'kit@bank.example' });
    await seed(deps, [], [jo, kit]);
    const users = new TableUserDirectory(deps.db, deps.table);
    await users.create({ id: 'sub-there', email: 'there@bank.example', name: 'T', role: 'hr', orgId: ORG });

    const pool = [
      user('sub-jo', { email: 'jo@bank.example', 'custom:org': ORG, 'custom:clinician': jo.id }),
      // Rewrote custom:clinician to Kit's profile before this release: not copied.
      user('sub-mal', { email: 'mal@bank.example', 'custom:org': ORG, 'custom:clinician': kit.id }),
      user('sub-kit', { email: 'kit@bank.example', 'custom:org': ORG, 'custom:clinician': kit.id }, false),
      user('sub-admin', { email: 'boss@bank.example', 'custom:org': ORG }),
      user('sub-there', { email: 'there@bank.example', 'custom:org': ORG }),
    ];
    cognito
      .on(ListUsersCommand)
      .resolvesOnce({ Users: pool.slice(0, 3), PaginationToken: 'p2' })
      .resolves({ Users: pool.slice(3) });
    const groups: Record<string, string> = {
      'sub-jo': 'clinician',
      'sub-mal': 'clinician',
      'sub-kit': 'clinician',
      'sub-admin': 'admin',
      'sub-there': 'hr',
    };
    cognito
      .on(AdminListGroupsForUserCommand)
      .callsFake(async (input: { Username: string }) => ({ Groups: [{ GroupName: groups[input.Username] }] }));
    const store = { users, clinicians: deps.clinicians };
    const client = new CognitoIdentityProviderClient({});

    const first = await backfillUserRecords(client, 'pool', store);
    expect(first.written.sort()).toEqual(['jo@bank.example', 'kit@bank.example']);
    expect(first.present).toEqual(['there@bank.example']);
    expect(first.review.map((r) => r.email).sort()).toEqual(['boss@bank.example', 'mal@bank.example']);
    expect(await users.get('jo@bank.example')).toMatchObject({ id: 'sub-jo', clinicianId: jo.id, orgId: ORG });
    expect(await users.get('kit@bank.example')).toMatchObject({ status: 'disabled' });
    expect(await users.get('mal@bank.example')).toBeUndefined();
    expect(await users.ofClinician(ORG, jo.id)).toMatchObject({ email: 'jo@bank.example' });

    const second = await backfillUserRecords(client, 'pool', store, { trustStaff: true });
    expect(second.written).toEqual(['boss@bank.example']);
    expect(await users.get('boss@bank.example')).toMatchObject({ id: 'sub-admin', role: 'admin', orgId: ORG });
    expect(await users.get('mal@bank.example')).toBeUndefined();
  });
});
