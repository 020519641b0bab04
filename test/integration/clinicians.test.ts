import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ConflictError } from '../../lib/domain/errors';
import type { CreateClinicianBody } from '../../lib/schemas/clinician';
import * as keys from '../../lib/store/keys';
import { createClinician, updateClinician } from '../../lib/use-cases/clinicians';
import { deliverOutbox, freshDeps, type TestDeps } from '../support/table';

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

describe('pay terms', () => {
  it('keeps a self-employed pension member, and their change to a limited company, on the stored profile', async () => {
    const admin = adminOf('org-a');
    const made = await createClinician(
      admin,
      {
        ...body('tom@locum.example', '+447700900321'),
        employment: 'self-employed',
        pension: { member: true, schemeRef: 'SD123456' },
      },
      deps,
    );
    expect(await deps.clinicians.get('org-a', made.id)).toMatchObject({
      employment: 'self-employed',
      pension: { member: true, schemeRef: 'SD123456' },
    });
    await updateClinician(admin, made.id, { employment: 'limited-company', pension: { member: false } }, deps);
    expect(await deps.clinicians.get('org-a', made.id)).toMatchObject({
      employment: 'limited-company',
      pension: { member: false },
    });
  });
});

describe('createClinician', () => {
  it('answers an email that signs in to another organisation exactly as a fresh one, and emails the address instead', async () => {
    await createClinician(adminOf('org-a'), body('priya@nhs.example', '+447700900301'), deps);

    const elsewhere = await createClinician(adminOf('org-b'), body('Priya@NHS.example', '+447700900302'), deps);
    const fresh = await createClinician(adminOf('org-b'), body('lee@nhs.example', '+447700900306'), deps);

    // The same answer: a clinician of org-b, nothing more or less.
    const shape = (c: object) => Object.keys(c).sort();
    expect(shape(elsewhere)).toEqual(shape(fresh));
    expect(await deps.clinicians.get('org-b', elsewhere.id)).toMatchObject({ email: 'Priya@NHS.example' });
    // The sign-in stays org-a's; org-b's clinician has none of their own, and the address is told why.
    expect(await deps.users.get('priya@nhs.example')).toMatchObject({ orgId: 'org-a' });
    expect(await deps.users.ofClinician('org-b', elsewhere.id)).toBeUndefined();
    expect(await deps.users.ofClinician('org-b', fresh.id)).toMatchObject({ email: 'lee@nhs.example' });
    const told = await deliverOutbox(deps);
    expect(told.filter((m) => m.kind === 'sign-in-elsewhere')).toEqual([
      expect.objectContaining({ channel: 'email', to: 'Priya@NHS.example', orgId: 'org-b' }),
    ]);
  });

  it('still answers 409 when the new profile was changed before it could be taken back, and keeps that change', async () => {
    // The sign-in an admin of the same bank made for this address a moment earlier: a 409 is due.
    let taken = false;
    deps = {
      ...deps,
      users: {
        get: async (email) =>
          taken ? { id: 'usr-kim', email, name: 'Kim', role: 'clinician' as const, orgId: 'org-c' } : undefined,
        ofClinician: async () => undefined,
        disable: async () => undefined,
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
          taken = true;
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
