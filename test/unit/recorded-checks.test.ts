import { describe, expect, it } from 'vitest';
import { checkLines } from '../../lib/domain/evidence-pdf';
import { stampRecordedChecks } from '../../lib/domain/recorded-checks';
import type { Clinician } from '../../lib/domain/types';

type Recorded = Pick<Clinician, 'compliance' | 'registration' | 'complianceRecorded'>;
const MON = { at: '2026-12-07T09:00:00.000Z', userId: 'u-first' };
const TUE = { at: '2026-12-08T10:00:00.000Z', userId: 'u-second' };
const created: Recorded = {
  compliance: { dbsCheckedOn: '2026-10-01', trainingExpires: '2028-01-01', rightToWork: true },
  registration: { body: 'NMC', number: '12A3456E', expires: '2027-09-30' },
};

describe('who recorded a check without a file', () => {
  it('stamps every check a new record holds, and nothing a record without dates', () => {
    expect(stampRecordedChecks(undefined, created, MON)).toEqual({
      registration: MON,
      dbs: MON,
      'training-bls': MON,
      'right-to-work': MON,
    });
    expect(stampRecordedChecks(undefined, { compliance: { rightToWork: false } }, MON)).toBeUndefined();
  });

  it('gives a changed check to whoever changed it, keeps the others, and drops one no longer recorded', () => {
    const before: Recorded = { ...created, complianceRecorded: stampRecordedChecks(undefined, created, MON) };
    const after: Recorded = {
      compliance: { dbsCheckedOn: '2026-10-01', trainingExpires: '2029-03-01', rightToWork: false },
      registration: { body: 'NMC', number: '99Z9999Z', expires: '2027-09-30' },
    };
    expect(stampRecordedChecks(before, after, TUE)).toEqual({ dbs: MON, 'training-bls': TUE, registration: TUE });
  });

  it('leaves unattributed a check recorded before stamps were kept, until someone changes it', () => {
    expect(stampRecordedChecks(created, created, TUE)).toBeUndefined();
    const moved = { ...created, compliance: { ...created.compliance, dbsCheckedOn: '2026-11-01' } };
    expect(stampRecordedChecks(created, moved, TUE)).toEqual({ dbs: TUE });
  });

  it('names in the pack who typed in a date and when, and counts nothing an applicant gave as they joined', () => {
    const names = (id: string) => (id === 'u-first' ? 'Ana Admin (admin, ana@bank.example)' : id);
    const lines = checkLines(
      {
        roles: ['practice-nurse'],
        ...created,
        complianceRecorded: { dbs: MON, registration: { at: MON.at, byClinician: true } },
      },
      [],
      '2026-12-10',
      names,
    );
    expect(lines.find((l) => l.type === 'dbs')).toMatchObject({
      evidence: 'Recorded by the bank (no file)',
      verifiedBy: 'Ana Admin (admin, ana@bank.example)',
      verifiedAt: MON.at,
    });
    const registration = lines.find((l) => l.type === 'registration');
    expect(registration).toEqual({
      type: 'registration',
      state: 'missing',
      evidence: 'Given by the clinician as they joined, not yet checked',
    });
    // Unstamped: as before, the bank's with no name.
    const bls = lines.find((l) => l.type === 'training-bls');
    expect(bls).toMatchObject({ evidence: 'Recorded by the bank (no file)' });
    expect(bls?.verifiedBy).toBeUndefined();
  });
});
