import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { computePay } from '../../lib/domain/pay';
import { ROLES, type Role } from '../../lib/domain/types';
import {
  DEMO_BRANCH_OF,
  DEMO_ORG_ID,
  DEMO_ROLE_SKILLS,
  type DemoData,
  generateDemoData,
  OTHER_ORG_ID,
} from '../../local/demo-data';

const NOW = new Date('2026-06-15T09:30:00.000Z');
const data = generateDemoData(NOW);

const inOrg = (d: DemoData, orgId: string) => ({
  practices: d.practices.filter((p) => p.orgId === orgId),
  clinicians: d.clinicians.filter((c) => c.orgId === orgId),
  users: d.users.filter((u) => u.orgId === orgId),
});
const somerset = inOrg(data, DEMO_ORG_ID);
const quantock = inOrg(data, OTHER_ORG_ID);

const duplicates = (values: readonly string[]) => values.filter((v, i) => values.indexOf(v) !== i);

/**
 * The first London date on which a clinician can no longer be booked, as the
 * compliance rules read it: DBS lasts three years; training, indemnity,
 * registration and time-limited right to work lapse on their dates.
 */
function firstLapse(c: DemoData['clinicians'][number]): string | undefined {
  const dates = [
    c.compliance.dbsCheckedOn && DateTime.fromISO(c.compliance.dbsCheckedOn).plus({ years: 3 }).toISODate()!,
    c.compliance.trainingExpires,
    c.compliance.indemnityExpires,
    c.compliance.rightToWorkExpires,
    c.registration?.expires,
  ].filter((d): d is string => Boolean(d));
  return dates.sort()[0];
}

function complianceFates(d: DemoData, now: Date) {
  const today = DateTime.fromJSDate(now, { zone: 'Europe/London' }).startOf('day');
  const todayIso = today.toISODate()!;
  const inAMonth = today.plus({ days: 30 }).toISODate()!;
  const lapses = d.clinicians.filter((c) => c.orgId === DEMO_ORG_ID).map(firstLapse);
  return {
    expired: lapses.filter((l) => l !== undefined && l <= todayIso).length,
    expiringSoon: lapses.filter((l) => l !== undefined && l > todayIso && l <= inAMonth).length,
  };
}

describe('generateDemoData', () => {
  it('gives the same data every time it is asked with the same now', () => {
    expect(generateDemoData(NOW)).toEqual(generateDemoData(new Date(NOW)));
  });

  it('keeps the same people and places whatever the date, moving only the dates', () => {
    const later = generateDemoData(new Date('2031-01-02T23:15:00.000Z'));
    const shape = (d: DemoData) => ({
      practices: d.practices.map((p) => [p.id, p.name, p.odsCode, p.lat, p.lon]),
      clinicians: d.clinicians.map((c) => [c.id, c.name, c.email, c.phone, c.roles, c.skills, c.home]),
      users: d.users,
    });
    expect(shape(later)).toEqual(shape(data));
    expect(later.clinicians[0]!.createdAt).toBe('2031-01-02T23:15:00.000Z');
  });

  it('models the Somerset group as 22 sites of 17 practices in 10 primary care networks', () => {
    expect(somerset.practices).toHaveLength(22);
    expect(new Set(somerset.practices.map((p) => p.pcn)).size).toBe(10);
    const ids = new Set(somerset.practices.map((p) => p.id));
    const branches = Object.keys(DEMO_BRANCH_OF);
    expect(branches).toHaveLength(5);
    for (const [branch, main] of Object.entries(DEMO_BRANCH_OF)) {
      expect(ids.has(branch)).toBe(true);
      expect(ids.has(main)).toBe(true);
      expect(branches).not.toContain(main);
      const mainName = somerset.practices.find((p) => p.id === main)!.name;
      expect(somerset.practices.find((p) => p.id === branch)!.name).toContain(`(branch of ${mainName})`);
    }
    expect(ids.size - branches.length).toBe(17);
  });

  it('fills in every practice field the API promises, in the agreed formats', () => {
    for (const p of data.practices) {
      expect(p.odsCode).toMatch(/^[A-Z]\d{5}$/);
      expect(p.costCentre).toMatch(/^CC-\d{3}$/);
      expect(p.email).toMatch(/^rota\.[a-z-]+@nhs\.example$/);
      expect(p.pcn).toMatch(/\S+ PCN$/);
      expect(p.createdAt).toBe(NOW.toISOString());
    }
    // South, central and east Somerset; Quantock in Taunton and Bridgwater.
    for (const p of somerset.practices) {
      expect(p.lat).toBeGreaterThan(50.85);
      expect(p.lat).toBeLessThan(51.25);
      expect(p.lon).toBeGreaterThan(-3.0);
      expect(p.lon).toBeLessThan(-2.3);
    }
  });

  it('has a bank of about 200 clinicians covering every role', () => {
    expect(somerset.clinicians.length).toBeGreaterThanOrEqual(190);
    expect(somerset.clinicians.length).toBeLessThanOrEqual(210);
    const roles = new Set(somerset.clinicians.flatMap((c) => c.roles));
    expect([...roles].sort()).toEqual([...ROLES].sort());
    const count = (role: Role) => somerset.clinicians.filter((c) => c.roles[0] === role).length;
    expect(count('gp')).toBeGreaterThanOrEqual(30);
    expect(count('anp')).toBeGreaterThanOrEqual(12);
    expect(count('practice-nurse')).toBeGreaterThan(count('gp'));
    expect(count('hca')).toBeGreaterThan(count('gp'));
  });

  it('never repeats an id, email, phone number, payroll id, ODS code or registration number', () => {
    const ids = [...data.organisations, ...data.practices, ...data.clinicians, ...data.users].map((r) => r.id);
    expect(duplicates(ids)).toEqual([]);
    expect(duplicates(data.clinicians.map((c) => c.email))).toEqual([]);
    expect(duplicates(data.users.map((u) => u.email))).toEqual([]);
    expect(duplicates(data.clinicians.map((c) => c.phone))).toEqual([]);
    expect(duplicates(data.clinicians.map((c) => c.payrollId!))).toEqual([]);
    expect(duplicates(data.practices.map((p) => p.odsCode))).toEqual([]);
    const registrations = data.clinicians.flatMap((c) =>
      c.registration ? [`${c.registration.body}:${c.registration.number}`] : [],
    );
    expect(duplicates(registrations)).toEqual([]);
  });

  it('uses only phone numbers and addresses that can reach nobody real', () => {
    for (const c of data.clinicians) {
      expect(c.phone).toMatch(/^\+4477009\d{5}$/);
      // Ofcom's drama range proper: 07700 900000 to 900999.
      expect(c.phone).toMatch(/^\+447700900\d{3}$/);
      expect(c.email).toMatch(/^[a-z-]+\.[a-z-]+@(bank|quantock)\.example$/);
    }
    for (const u of data.users) expect(u.email).toMatch(/\.example$/);
    for (const p of data.practices) expect(p.email).toMatch(/\.example$/);
  });

  it('registers each clinician with the body of their profession, and no one else', () => {
    const formats: Record<Role, [string, RegExp] | undefined> = {
      gp: ['GMC', /^\d{7}$/],
      anp: ['NMC', /^\d{2}[A-L]\d{4}[A-Z]$/],
      'practice-nurse': ['NMC', /^\d{2}[A-L]\d{4}[A-Z]$/],
      paramedic: ['HCPC', /^PA\d{6}$/],
      'msk-practitioner': ['HCPC', /^PH\d{6}$/],
      pharmacist: ['GPhC', /^\d{7}$/],
      hca: undefined,
      'health-coach': undefined,
      phlebotomist: undefined,
    };
    for (const c of data.clinicians) {
      const expected = formats[c.roles[0]!];
      if (!expected) {
        expect(c.registration).toBeUndefined();
        continue;
      }
      expect(c.registration?.body).toBe(expected[0]);
      expect(c.registration?.number).toMatch(expected[1]);
    }
  });

  it('gives clinicians only skills their roles bring, and at least one', () => {
    for (const c of data.clinicians) {
      const allowed = new Set(c.roles.flatMap((r) => DEMO_ROLE_SKILLS[r]));
      expect(c.skills.length).toBeGreaterThan(0);
      for (const s of c.skills) expect(allowed).toContain(s);
    }
    expect(data.clinicians.filter((c) => c.roles.includes('gp')).every((c) => c.name.startsWith('Dr '))).toBe(true);
    expect(data.clinicians.filter((c) => !c.roles.includes('gp')).some((c) => c.name.startsWith('Dr '))).toBe(false);
  });

  it('has some clinicians whose compliance lapses within the month and some already lapsed', () => {
    const { expired, expiringSoon } = complianceFates(data, NOW);
    expect(expiringSoon).toBeGreaterThanOrEqual(15);
    expect(expiringSoon).toBeLessThanOrEqual(25);
    expect(expired).toBeGreaterThanOrEqual(5);
    expect(expired).toBeLessThanOrEqual(12);
    const lapsedDbs = somerset.clinicians.filter(
      (c) => DateTime.fromISO(c.compliance.dbsCheckedOn!).plus({ years: 3 }).toISODate()! <= '2026-06-15',
    );
    expect(lapsedDbs.length).toBeGreaterThan(0);
    expect(somerset.clinicians.filter((c) => c.compliance.trainingExpires! <= '2026-06-15').length).toBeGreaterThan(0);
    expect(data.clinicians.every((c) => c.compliance.rightToWork)).toBe(true);
  });

  it('keeps those compliance stories true whenever the demo is started', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2024-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }), (now) => {
        const { expired, expiringSoon } = complianceFates(generateDemoData(now), now);
        expect(expiringSoon).toBe(complianceFates(data, NOW).expiringSoon);
        expect(expired).toBe(complianceFates(data, NOW).expired);
      }),
      { numRuns: 12 },
    );
  }, 30_000);

  it('lets every clinician reach at least one of their organisation’s sites', () => {
    const km = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
      Math.hypot((a.lat - b.lat) * 111.32, (a.lon - b.lon) * 111.32 * Math.cos((a.lat * Math.PI) / 180));
    for (const c of data.clinicians) {
      expect(c.maxTravelKm).toBeGreaterThanOrEqual(10);
      expect(c.maxTravelKm).toBeLessThanOrEqual(50);
      const own = data.practices.filter((p) => p.orgId === c.orgId);
      expect(own.some((p) => c.home !== undefined && km(c.home, p) <= c.maxTravelKm)).toBe(true);
    }
  });

  it('points preferences and blocks only at the clinician’s own organisation, never both at once', () => {
    for (const c of data.clinicians) {
      const own = new Set(data.practices.filter((p) => p.orgId === c.orgId).map((p) => p.id));
      expect(c.preferredPracticeIds.length).toBeLessThanOrEqual(3);
      for (const id of [...c.preferredPracticeIds, ...c.blockedPracticeIds]) expect(own).toContain(id);
      expect(c.blockedPracticeIds.filter((id) => c.preferredPracticeIds.includes(id))).toEqual([]);
    }
    const blocked = somerset.clinicians.filter((c) => c.blockedPracticeIds.length > 0).length;
    expect(blocked).toBeGreaterThan(0);
    expect(blocked).toBeLessThan(20);
  });

  it('mixes availability, weekly hours and channels the way a real bank would', () => {
    const anyTime = somerset.clinicians.filter((c) => c.availability === undefined).length;
    expect(anyTime / somerset.clinicians.length).toBeGreaterThan(0.35);
    expect(anyTime / somerset.clinicians.length).toBeLessThan(0.65);
    for (const c of data.clinicians) {
      for (const w of c.availability ?? []) {
        expect(w.from).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        expect(w.to > w.from).toBe(true);
      }
      expect(Number.isInteger(c.maxWeeklyHours)).toBe(true);
      expect(c.notify.length).toBeGreaterThan(0);
      expect(c.payrollId).toMatch(/^(SHS|QVP)\d{5}$/);
    }
    expect(somerset.clinicians.filter((c) => c.maxWeeklyHours === 48).length).toBeGreaterThan(100);
    expect(somerset.clinicians.some((c) => c.employment === 'self-employed')).toBe(true);
    expect(somerset.clinicians.filter((c) => c.employment === 'self-employed').every((c) => c.roles[0] === 'gp')).toBe(
      true,
    );
  });

  it('has locum GPs of every kind: pension members with a scheme reference, non-members and limited companies', () => {
    const locums = somerset.clinicians.filter((c) => c.employment !== 'bank');
    expect(locums.every((c) => c.roles[0] === 'gp')).toBe(true);
    const members = locums.filter((c) => c.pension?.member);
    expect(members.length).toBeGreaterThanOrEqual(3);
    for (const c of members) {
      expect(c.employment).toBe('self-employed');
      expect(c.pension?.schemeRef).toMatch(/^SD\d{6}$/);
    }
    expect(locums.some((c) => c.employment === 'self-employed' && c.pension?.member === false)).toBe(true);
    const companies = locums.filter((c) => c.employment === 'limited-company');
    expect(companies.length).toBeGreaterThanOrEqual(1);
    expect(companies.every((c) => c.pension === undefined)).toBe(true);
    expect(somerset.clinicians.filter((c) => c.employment === 'bank').every((c) => c.pension === undefined)).toBe(true);
  });

  it('gives the Somerset group an admin, an HR lead and a manager for every site', () => {
    expect(somerset.users.filter((u) => u.role === 'admin').map((u) => u.email)).toEqual(['admin@somerset.example']);
    expect(somerset.users.filter((u) => u.role === 'hr').map((u) => u.email)).toEqual(['hr@somerset.example']);
    const managers = somerset.users.filter((u) => u.role === 'manager');
    expect(managers.length).toBeGreaterThanOrEqual(6);
    expect(managers.length).toBeLessThanOrEqual(8);
    for (const m of managers) {
      expect(m.practiceIds!.length).toBeGreaterThanOrEqual(2);
      expect(m.practiceIds!.length).toBeLessThanOrEqual(4);
    }
    const managed = new Set(managers.flatMap((m) => m.practiceIds!));
    for (const p of somerset.practices) expect(managed).toContain(p.id);
  });

  it('gives every clinician a sign-in of their own', () => {
    const clinicianUsers = data.users.filter((u) => u.role === 'clinician');
    expect(clinicianUsers).toHaveLength(data.clinicians.length);
    for (const c of data.clinicians) {
      const user = clinicianUsers.find((u) => u.clinicianId === c.id);
      expect(user).toMatchObject({ email: c.email, name: c.name, orgId: c.orgId });
    }
  });

  it('keeps the second organisation small and wholly its own', () => {
    expect(quantock.practices).toHaveLength(2);
    expect(quantock.clinicians.length).toBeGreaterThanOrEqual(6);
    expect(quantock.clinicians.length).toBeLessThanOrEqual(10);
    expect(quantock.users.map((u) => u.role).sort()).toEqual(
      ['admin', 'hr', 'manager', ...quantock.clinicians.map(() => 'clinician')].sort(),
    );
    for (const u of quantock.users) expect(u.email).toMatch(/@quantock\.example$/);

    const somersetIds = [DEMO_ORG_ID, ...somerset.practices.map((p) => p.id), ...somerset.clinicians.map((c) => c.id)];
    const theirs = JSON.stringify(quantock);
    for (const id of somersetIds) expect(theirs).not.toContain(`"${id}"`);
    const ours = JSON.stringify(somerset);
    expect(ours).not.toContain(OTHER_ORG_ID);
    for (const p of quantock.practices) expect(ours).not.toContain(`"${p.id}"`);
  });
});

describe('the demo history', () => {
  const h = data.history;
  const nowMs = NOW.getTime();
  const day = 86_400_000;

  it('has timesheets in every state a person leaves them in, and four weeks approved for the export to take', () => {
    const states = new Set(h.timesheets.map((t) => t.status));
    for (const s of ['submitted', 'queried', 'approved', 'rejected'] as const) expect(states).toContain(s);
    const { from, to } = h.payrollExport;
    expect(from < to).toBe(true);
    const inPeriod = h.timesheets.filter(
      (t) => t.status === 'approved' && DateTime.fromISO(t.shiftStart!, { zone: 'Europe/London' }).toISODate()! <= to,
    );
    // What the seeded export claims (exported) and writes to its CSV.
    expect(inPeriod.length).toBeGreaterThan(50);
    expect(DateTime.fromISO(from).weekday).toBe(1);
    expect(h.payrollExport.createdBy).toBe('usr-hr-somerset');
  });

  it('spans the last eight weeks and leaves open gaps in the next two', () => {
    const starts = h.shifts.map((s) => Date.parse(s.start));
    expect(Math.min(...starts)).toBeLessThan(nowMs - 7 * 7 * day);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(nowMs - 9 * 7 * day);
    expect(Math.max(...starts)).toBeLessThanOrEqual(nowMs + 14 * day);
    const gaps = h.shifts.filter((s) => s.status === 'open' && Date.parse(s.start) > nowMs);
    expect(gaps.length).toBeGreaterThanOrEqual(10);
    expect(h.shifts.some((s) => s.status === 'cancelled' && s.cancelReason)).toBe(true);
    expect(h.shifts.some((s) => s.status === 'filled' && Date.parse(s.start) > nowMs)).toBe(true);
    const past = h.shifts.filter((s) => Date.parse(s.start) < nowMs);
    expect(past.filter((s) => s.status === 'filled').length / past.length).toBeGreaterThan(0.6);
    expect(new Set(h.shifts.map((s) => s.practiceId)).size).toBeGreaterThan(15);
    for (const s of h.shifts) {
      expect(Date.parse(s.postedAt)).toBeLessThan(nowMs);
      expect(s.templateId).toBeDefined();
      expect(somerset.practices.map((p) => p.id)).toContain(s.practiceId);
    }
  });

  it('books each filled shift to one clinician of its role, never twice at once, and keeps the diary of those near now', () => {
    const bookings = new Map(h.bookings.map((b) => [b.id, b]));
    const clinicians = new Map(data.clinicians.map((c) => [c.id, c]));
    for (const s of h.shifts) {
      if (s.status !== 'filled') {
        expect(s.booking).toBeUndefined();
        continue;
      }
      const b = bookings.get(s.booking!.id)!;
      expect(b).toMatchObject({ shiftId: s.id, clinicianId: s.booking!.clinicianId, start: s.start, end: s.end });
      expect(b.practiceId).toBe(s.practiceId);
      expect(clinicians.get(b.clinicianId)!.roles).toContain(s.role);
      expect(b.bookedAt <= s.start && b.bookedAt >= s.postedAt).toBe(true);
    }
    const byClinician = new Map<string, typeof h.bookings>();
    for (const b of h.bookings) byClinician.set(b.clinicianId, [...(byClinician.get(b.clinicianId) ?? []), b]);
    for (const list of byClinician.values()) {
      const sorted = [...list].sort((a, b) => a.start.localeCompare(b.start));
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.start >= sorted[i - 1]!.end).toBe(true);
    }
    const diaried = new Set(h.diaries.flatMap((d) => d.bookings.map((b) => b.bookingId)));
    for (const b of h.bookings) {
      expect(diaried.has(b.id)).toBe(Date.parse(b.end) > nowMs - 8 * day);
    }
  });

  it('prices each timesheet as a submission would, and submits none before its shift ended or long enough ago to be approved on trust', () => {
    const bookings = new Map(h.bookings.map((b) => [b.id, b]));
    for (const t of h.timesheets) {
      const b = bookings.get(t.bookingId)!;
      expect(b.timesheetId).toBe(t.id);
      expect(t.booked).toEqual({ start: b.start, end: b.end, breakMinutes: 0 });
      expect(Date.parse(t.end)).toBeLessThanOrEqual(Date.parse(t.submittedAt));
      expect(Date.parse(t.submittedAt)).toBeLessThan(nowMs);
      const pay = computePay({ ...t, bankHolidayUplift: 1.5, bookedStart: b.start });
      expect(t.grossPence).toBe(pay.grossPence);
      expect(t.totalPence).toBe(t.grossPence + (t.mileagePence ?? 0));
      if (t.status === 'submitted') expect(nowMs - Date.parse(t.submittedAt)).toBeLessThan(72 * 3_600_000);
      if (t.status === 'queried') expect(t.queryNote && t.queriedBy).toBeTruthy();
      if (t.status === 'rejected') expect(t.rejectReason && t.decidedBy).toBeTruthy();
      if (t.status === 'approved') expect(t.decidedBy).toMatch(/^usr-mgr-/);
    }
  });

  it('posts each template session of a day once', () => {
    const sessions = h.templateSessions.map((s) => `${s.templateId}|${s.date}|${s.session}`);
    expect(duplicates(sessions)).toEqual([]);
    expect(sessions).toHaveLength(h.shifts.length);
  });

  it('keeps that history true whenever the demo is started', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2025-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }), (now) => {
        const later = generateDemoData(now).history;
        const at = now.getTime();
        expect(later.timesheets.every((t) => Date.parse(t.submittedAt) < at)).toBe(true);
        expect(new Set(later.timesheets.map((t) => t.status)).size).toBe(4);
        expect(later.shifts.filter((s) => s.status === 'open' && Date.parse(s.start) > at).length).toBeGreaterThan(5);
      }),
      { numRuns: 4 },
    );
  }, 60_000);
});

describe('demo IR35 determinations', () => {
  it('gives the limited-company GP a determination for their nearest practice only, and nobody else any', () => {
    const limited = data.clinicians.filter((c) => c.employment === 'limited-company');
    expect(limited.length).toBeGreaterThan(0);
    const first = limited[0]!;
    expect(Object.keys(first.ir35 ?? {})).toHaveLength(1);
    const [decided] = Object.keys(first.ir35 ?? {});
    expect(data.practices.find((p) => p.id === decided)?.orgId).toBe(first.orgId);
    for (const c of data.clinicians) if (c.employment !== 'limited-company') expect(c.ir35).toBeUndefined();
  });
});
