import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../lib/domain/errors';
import type { Caller } from '../../lib/http/caller';
import type { CreateClinicianBody } from '../../lib/schemas/clinician';
import { keys } from '../../lib/store/keys';
import { createClinician } from '../../lib/use-cases/clinicians';
import { freshDeps, type TestDeps } from '../support/table';

const adminOf = (orgId: string): Caller => ({
  userId: `usr-admin-${orgId}`,
  email: `admin@${orgId}.example`,
  role: 'admin',
  orgId,
  practiceIds: [],
});

const body = (email: string, phone: string): CreateClinicianBody => ({
  name: 'Priya Shah',
  email,
  phone,
  roles: ['practice-nurse'],
  skills: [],
  home: { lat: 50.94, lon: -2.63 },
  maxTravelKm: 25,
  compliance: { dbsCheckedOn: '2025-06-01', trainingExpires: '2028-01-01', rightToWork: true },
  employment: 'bank',
  preferredPracticeIds: [],
  blockedPracticeIds: [],
  maxWeeklyHours: 48,
  notify: ['sms', 'email'],
});

let deps: TestDeps;
beforeEach(async () => {
  deps = await freshDeps();
});

async function itemsOf(orgId: string) {
  const out = await deps.db.send(new ScanCommand({ TableName: deps.table, ConsistentRead: true }));
  return (out.Items ?? []).filter((i) => JSON.stringify(i).includes(`ORG#${orgId}`));
}

describe('createClinician', () => {
  it('refuses an email that already signs in elsewhere with 409, and leaves nothing of the clinician behind', async () => {
    await createClinician(adminOf('org-a'), body('priya@nhs.example', '+447700900301'), deps);
    const before = await itemsOf('org-b');

    await expect(
      createClinician(adminOf('org-b'), body('Priya@NHS.example', '+447700900302'), deps),
    ).rejects.toMatchObject({
      status: 409,
      code: 'ALREADY_EXISTS',
      // Nothing says where the sign-in lives.
      message: 'This email address already has a sign-in; use another',
    });

    // No profile, email guard, phone lookup or location cell of the refused clinician.
    expect(await itemsOf('org-b')).toEqual(before);
    expect(await deps.clinicians.findByPhone('+447700900302')).toEqual([]);
    // So the admin can put it right at once: the same phone with another email goes in.
    const made = await createClinician(adminOf('org-b'), body('priya.shah@nhs.example', '+447700900302'), deps);
    expect(await deps.clinicians.get('org-b', made.id)).toMatchObject({ email: 'priya.shah@nhs.example' });
  });

  it('still answers 409 when the new profile was changed before it could be taken back, and keeps that change', async () => {
    deps = {
      ...deps,
      users: {
        create: async (user) => {
          // A STOP text from the new number lands while the sign-in is being made: the profile is someone's now.
          await deps.db.send(
            new UpdateCommand({
              TableName: deps.table,
              Key: keys.clinician(user.orgId, user.clinicianId ?? ''),
              UpdateExpression: 'SET smsOptedOut = :t ADD version :one',
              ExpressionAttributeValues: { ':t': true, ':one': 1 },
            }),
          );
          throw new ConflictError('ALREADY_EXISTS', 'taken');
        },
      },
    };
    await expect(
      createClinician(adminOf('org-c'), body('kim@nhs.example', '+447700900305'), deps),
    ).rejects.toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
    const [kept] = await deps.clinicians.findByPhone('+447700900305');
    expect(await deps.clinicians.get('org-c', kept!.clinicianId)).toMatchObject({ smsOptedOut: true });
  });

  it('refuses an email already in the same bank before making any sign-in', async () => {
    await createClinician(adminOf('org-a'), body('sam@nhs.example', '+447700900303'), deps);
    await expect(
      createClinician(adminOf('org-a'), body('sam@nhs.example', '+447700900304'), deps),
    ).rejects.toMatchObject({ status: 409, code: 'ALREADY_EXISTS' });
    expect(await deps.clinicians.findByPhone('+447700900304')).toEqual([]);
  });
});
