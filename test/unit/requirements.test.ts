import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_TYPES, type DocumentType } from '../../lib/domain/documents';
import { assessEligibility } from '../../lib/domain/eligibility';
import { smsSegments } from '../../lib/domain/gsm';
import {
  complianceState,
  daysBetween,
  type EvidenceHolder,
  evidenceItems,
  NEVER_BOOKABLE,
  NEVER_LAPSING,
  NO_LAPSE,
  REMINDER_DAYS,
  ROLE_REQUIREMENTS,
  reminderDue,
  requiredTypes,
  type VerifiedEvidence,
} from '../../lib/domain/requirements';
import { addDays } from '../../lib/domain/time';
import type { Clinician, Role } from '../../lib/domain/types';
import { complianceExpiringMessage } from '../../lib/notify/templates';

const FAR = '2030-01-01';

/** A clinician who joined by invite, holding one verified document of each type given (two references). */
function invited(roles: Role[], types: readonly DocumentType[], overrides: Partial<Clinician> = {}): EvidenceHolder {
  const evidence: VerifiedEvidence[] = types.flatMap((type, i) =>
    (type === 'reference' ? [0, 1] : [0]).map((n) => ({
      documentId: `d-${i}-${n}`,
      type,
      ...(type === 'dbs' ? { issuedOn: '2026-06-01' } : { expiresOn: FAR }),
      verifiedAt: '2026-06-02T10:00:00.000Z',
    })),
  );
  return { roles, skills: [], compliance: { rightToWork: false }, joinedByInvite: true, evidence, ...overrides };
}

const v1 = (over: Partial<Clinician['compliance']> = {}): EvidenceHolder => ({
  roles: ['gp'],
  compliance: { dbsCheckedOn: '2025-03-01', trainingExpires: '2027-03-01', rightToWork: true, ...over },
});

describe('required documents by role (DOMAIN.md)', () => {
  it("asks a GP who joined by invite for the GP's list, two references included", () => {
    const gp = invited(['gp'], []);
    expect(requiredTypes(gp).sort()).toEqual([...ROLE_REQUIREMENTS.gp].sort());
    expect(requiredTypes(gp)).toContain('performers-list');
    const nearly = invited(
      ['gp'],
      ROLE_REQUIREMENTS.gp.filter((t) => t !== 'reference'),
      {},
    );
    const oneReference = {
      ...nearly,
      evidence: [
        ...(nearly.evidence ?? []),
        { documentId: 'ref-1', type: 'reference' as const, verifiedAt: '2026-06-02T10:00:00.000Z' },
      ],
    };
    expect(complianceState(oneReference).missing).toEqual(['reference']);
  });

  it('asks a health coach for no registration, BLS or hepatitis B', () => {
    const req = requiredTypes(invited(['health-coach'], []));
    for (const t of ['registration', 'training-bls', 'hep-b', 'cv'] as const) expect(req).not.toContain(t);
    expect(req).toContain('dbs');
  });

  it('asks a nurse for hepatitis B only when they take blood or do procedures', () => {
    expect(requiredTypes(invited(['practice-nurse'], []))).not.toContain('hep-b');
    expect(requiredTypes(invited(['practice-nurse'], [], { skills: ['cervical-screening'] }))).not.toContain('hep-b');
    expect(requiredTypes(invited(['practice-nurse'], [], { skills: ['travel-vaccines'] }))).toContain('hep-b');
    expect(requiredTypes(invited(['hca'], []))).toContain('hep-b');
  });

  it("judges a shift by its own role's list, the clinician's other roles aside", () => {
    const both = invited(['gp', 'hca'], ROLE_REQUIREMENTS.hca);
    expect(complianceState(both, { role: 'hca' }).missing).toEqual([]);
    expect(complianceState(both, { role: 'gp' }).missing.sort()).toEqual(
      ['cv', 'indemnity', 'performers-list', 'registration'].sort(),
    );
  });

  it("adds a practice's own types for everyone, v1 clinicians too", () => {
    expect(complianceState(v1(), { practiceRequirements: ['hep-b'] }).missing).toEqual(['hep-b']);
    expect(complianceState(v1()).missing).toEqual([]);
  });

  it('counts a registration the applicant typed in only once the bank has checked it', () => {
    const others = ROLE_REQUIREMENTS['practice-nurse'].filter((t) => t !== 'registration');
    const registration = { body: 'NMC' as const, number: '12A3456E', expires: '2028-09-30' };
    const given = invited(['practice-nurse'], others, {
      registration,
      complianceRecorded: { registration: { at: '2026-12-01T09:00:00.000Z', byClinician: true } },
    });
    expect(complianceState(given).missing).toEqual(['registration']);
    expect(evidenceItems(given).map((i) => i.type)).not.toContain('registration');
    // Typed in (or changed) by HR, it is the bank's check, as v1's dates are.
    const recorded = {
      ...given,
      complianceRecorded: { registration: { at: '2026-12-02T09:00:00.000Z', userId: 'u-hr' } },
    };
    expect(complianceState(recorded).missing).toEqual([]);
    expect(complianceState(recorded).types.find((t) => t.type === 'registration')?.validUntil).toBe('2028-09-30');
  });

  it('is complete, and bookable until the first lapse, with every type verified', () => {
    for (const role of Object.keys(ROLE_REQUIREMENTS) as Role[]) {
      const state = complianceState(invited([role], ROLE_REQUIREMENTS[role], { skills: ['phlebotomy'] }), { role });
      const skipped = state.missing.filter((t) => t !== 'hep-b');
      expect(skipped, role).toEqual([]);
    }
    const gp = invited(['gp'], ROLE_REQUIREMENTS.gp);
    expect(complianceState(gp).bookableUntil).toBe('2029-06-01'); // the DBS check's third anniversary
  });
});

describe("v1's compliance dates", () => {
  it('count as verified documents without a file for the types they cover', () => {
    const c: EvidenceHolder = {
      ...v1({ indemnityExpires: '2027-01-31', rightToWorkExpires: '2028-01-01' }),
      registration: { body: 'GMC', number: '1234567', expires: '2027-06-30' },
    };
    const state = complianceState(c);
    expect(state.required.sort()).toEqual(['dbs', 'indemnity', 'registration', 'right-to-work', 'training-bls']);
    expect(state.bookableUntil).toBe('2027-01-31');
    expect(state.types.every((t) => t.item && !t.item.documentId)).toBe(true);
  });

  it('is NEVER_BOOKABLE, naming what is missing, without a DBS check, training or the right to work', () => {
    const state = complianceState(v1({ trainingExpires: undefined, rightToWork: false }));
    expect(state.bookableUntil).toBe(NEVER_BOOKABLE);
    expect(state.missing.sort()).toEqual(['right-to-work', 'training-bls']);
  });

  it('is extended by a verified renewal, which counts beside the recorded date', () => {
    const renewed: EvidenceHolder = {
      ...v1({ trainingExpires: '2026-12-10' }),
      evidence: [
        { documentId: 'd1', type: 'training-bls', expiresOn: '2027-12-10', verifiedAt: '2026-12-01T09:00:00.000Z' },
      ],
    };
    expect(complianceState(v1({ trainingExpires: '2026-12-10' })).bookableUntil).toBe('2026-12-10');
    expect(complianceState(renewed).bookableUntil).toBe('2027-12-10');
  });

  it('keeps bookableUntil as v1 defined it: the earliest dated item, DBS at three years (property)', () => {
    const date = fc
      .date({ min: new Date('2020-01-01'), max: new Date('2035-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, date, fc.option(date), fc.option(date), fc.option(date), (dbs, training, ind, rtw, reg) => {
        const c: EvidenceHolder = {
          compliance: {
            dbsCheckedOn: dbs,
            trainingExpires: training,
            rightToWork: true,
            ...(ind ? { indemnityExpires: ind } : {}),
            ...(rtw ? { rightToWorkExpires: rtw } : {}),
          },
          ...(reg ? { registration: { body: 'GMC', number: '1234567', expires: reg } } : {}),
        };
        const third = `${Number(dbs.slice(0, 4)) + 3}${dbs.slice(4) === '-02-29' ? '-02-28' : dbs.slice(4)}`;
        const expected = [third, training, ind, rtw, reg].filter((d): d is string => !!d).sort()[0];
        expect(complianceState(c).bookableUntil).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('COMPLIANCE exclusions', () => {
  const shift = {
    id: 's1',
    role: 'gp' as const,
    skills: [],
    start: '2027-01-10T09:00:00.000Z',
    end: '2027-01-10T17:00:00.000Z',
    practiceId: 'p1',
  };
  const base: Clinician = {
    orgId: 'o',
    id: 'c',
    name: 'Dr A',
    email: 'a@example.org',
    phone: '+447700900001',
    roles: ['gp'],
    skills: [],
    home: { lat: 50.94, lon: -2.63 },
    maxTravelKm: 30,
    compliance: { dbsCheckedOn: '2025-03-01', trainingExpires: '2027-01-10', rightToWork: true },
    employment: 'bank',
    preferredPracticeIds: [],
    blockedPracticeIds: [],
    maxWeeklyHours: 48,
    notify: ['sms'],
    lateCancellations: 0,
    completedShifts: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  const practice = { id: 'p1', lat: 50.94, lon: -2.63 };

  it('name the lapsed types and the missing ones in their details', () => {
    const verdict = assessEligibility({
      clinician: base,
      shift,
      practice: { ...practice, requirements: ['hep-b'] },
      bookings: [],
    });
    expect(verdict.reasons).toEqual(['COMPLIANCE']);
    expect(verdict.compliance).toEqual({ missing: ['hep-b'], lapsed: ['training-bls'] });
  });

  it('carry no details when compliance holds', () => {
    const ok = { ...base, compliance: { ...base.compliance, trainingExpires: '2027-01-11' } };
    const verdict = assessEligibility({ clinician: ok, shift, practice, bookings: [] });
    expect(verdict.eligible).toBe(true);
    expect(verdict.compliance).toBeUndefined();
  });

  it('excludes exactly when some required type is missing or lapsed by the last day (property)', () => {
    fc.assert(
      fc.property(
        fc.subarray([...DOCUMENT_TYPES]),
        fc.integer({ min: -400, max: 400 }),
        fc.subarray(['hep-b', 'cv', 'photo-id'] as DocumentType[]),
        (held, offset, extras) => {
          const c = {
            ...base,
            compliance: { rightToWork: false },
            joinedByInvite: true,
            evidence: held.flatMap((type, i) =>
              (type === 'reference' ? [0, 1] : [0]).map((n) => ({
                documentId: `d${i}${n}`,
                type,
                expiresOn: addDays('2027-01-10', offset),
                verifiedAt: '2026-01-01T00:00:00.000Z',
              })),
            ),
          };
          const verdict = assessEligibility({
            clinician: c,
            shift,
            practice: { ...practice, requirements: extras },
            bookings: [],
          });
          const needed = new Set([...ROLE_REQUIREMENTS.gp, ...extras]);
          const missing = [...needed].filter((t) => !held.includes(t));
          const lapsed = offset <= 0 ? [...needed].filter((t) => held.includes(t) && !NEVER_LAPSING.includes(t)) : [];
          expect(verdict.reasons.includes('COMPLIANCE')).toBe(missing.length + lapsed.length > 0);
          if (verdict.compliance) {
            expect([...verdict.compliance.missing].sort()).toEqual(missing.sort());
            expect([...verdict.compliance.lapsed].sort()).toEqual(lapsed.sort());
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('reminderDue', () => {
  it('is due at 30, 14 and 3 days before the lapse, the nearest threshold reached', () => {
    const lapse = '2027-02-01';
    expect(reminderDue(addDays(lapse, -31), lapse)).toBeUndefined();
    expect(reminderDue(addDays(lapse, -30), lapse)).toBe(30);
    expect(reminderDue(addDays(lapse, -15), lapse)).toBe(30);
    expect(reminderDue(addDays(lapse, -14), lapse)).toBe(14);
    expect(reminderDue(addDays(lapse, -10), lapse)).toBe(14);
    expect(reminderDue(addDays(lapse, -3), lapse)).toBe(3);
    expect(reminderDue(addDays(lapse, -1), lapse)).toBe(3);
    expect(reminderDue(lapse, lapse)).toBeUndefined();
  });

  it('takes each threshold once as the days go by, across the clock changes (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }), (d) => {
        const lapse = d.toISOString().slice(0, 10);
        const seen: number[] = [];
        for (let day = addDays(lapse, -40); day <= addDays(lapse, 5); day = addDays(day, 1)) {
          const due = reminderDue(day, lapse);
          if (due && seen.at(-1) !== due) seen.push(due);
        }
        expect(seen).toEqual([...REMINDER_DAYS]);
        expect(daysBetween(addDays(lapse, -30), lapse)).toBe(30);
      }),
      { numRuns: 100 },
    );
  });

  it('never lapses references, ID or a CV', () => {
    const c = invited(['health-coach'], ROLE_REQUIREMENTS['health-coach']);
    const state = complianceState({
      ...c,
      evidence: (c.evidence ?? []).filter((e) => ['reference', 'photo-id', 'right-to-work'].includes(e.type)),
    });
    expect(state.types.find((t) => t.type === 'reference')?.validUntil).toBeUndefined();
    expect(NO_LAPSE > FAR).toBe(true);
  });
});

describe('the reminder texts', () => {
  it('fit two GSM-7 segments for every document type, however many bookings are at risk', () => {
    for (const type of DOCUMENT_TYPES) {
      for (const bookingsAtRisk of [0, 1, 12]) {
        const { sms } = complianceExpiringMessage({ type, lapsesOn: '2027-09-30', daysLeft: 14, bookingsAtRisk });
        const size = smsSegments(sms);
        expect(size.encoding, sms).toBe('GSM-7');
        expect(size.segments, sms).toBeLessThanOrEqual(2);
      }
    }
  });
});
