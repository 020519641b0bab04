import type { Deps } from '../../lib/deps';
import type { Caller } from '../../lib/domain/caller';
import type { Clinician, Practice, Role } from '../../lib/domain/types';

export const ORG = 'org-test';

let counter = 0;
const next = () => `${++counter}`.padStart(4, '0');

export function practice(overrides: Partial<Practice> = {}): Practice {
  const n = next();
  return {
    orgId: ORG,
    id: `prc-${n}`,
    name: `Test Surgery ${n}`,
    odsCode: `T${n.padStart(5, '0')}`,
    lat: 50.9421,
    lon: -2.6336,
    email: `rota.${n}@surgery.example`,
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export function clinician(overrides: Partial<Clinician> = {}): Clinician {
  const n = next();
  return {
    orgId: ORG,
    id: `cln-${n}`,
    name: `Clinician ${n}`,
    email: `c${n}@bank.example`,
    phone: `+447700900${n.slice(-3)}`,
    roles: ['gp' as Role],
    skills: [],
    home: { lat: 50.95, lon: -2.64 },
    maxTravelKm: 30,
    compliance: {
      dbsCheckedOn: '2025-06-01',
      trainingExpires: '2028-01-01',
      indemnityExpires: '2028-01-01',
      rightToWork: true,
    },
    employment: 'bank',
    preferredPracticeIds: [],
    blockedPracticeIds: [],
    maxWeeklyHours: 48,
    notify: ['sms'],
    lateCancellations: 0,
    completedShifts: 0,
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

export const manager = (practiceIds: string[]): Caller => ({
  userId: 'usr-manager',
  email: 'm@surgery.example',
  role: 'manager',
  orgId: ORG,
  practiceIds,
});

export const asClinician = (c: Pick<Clinician, 'id' | 'orgId'>): Caller => ({
  userId: `usr-${c.id}`,
  email: '',
  role: 'clinician',
  orgId: c.orgId,
  practiceIds: [],
  clinicianId: c.id,
});

export async function seed(deps: Deps, practices: Practice[], clinicians: Clinician[]): Promise<void> {
  for (const p of practices) await deps.practices.create(p);
  await Promise.all(clinicians.map((c) => deps.clinicians.create(c)));
}
