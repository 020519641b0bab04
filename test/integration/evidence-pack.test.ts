import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/domain/caller';
import { ForbiddenError } from '../../lib/domain/errors';
import type { Clinician, Practice } from '../../lib/domain/types';
import { acceptOffer } from '../../lib/use-cases/bookings';
import { setPracticeRequirements } from '../../lib/use-cases/compliance';
import { evidencePack } from '../../lib/use-cases/evidence-pack';
import { postShift } from '../../lib/use-cases/shifts';
import { asClinician, clinician, manager, practice, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

const admin: Caller = { ...manager([]), role: 'admin', userId: 'u-admin' };
const hr: Caller = { ...manager([]), role: 'hr', userId: 'u-hr' };

async function packText(caller: Caller, c: Clinician, deps: TestDeps): Promise<string> {
  const { pdf } = await evidencePack(caller, c.id, deps);
  const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
  return text;
}

describe("the evidence pack and the practices' own requirements", () => {
  let deps: TestDeps;
  let booked: Practice;
  let elsewhere: Practice;
  let locum: Clinician;

  beforeAll(async () => {
    deps = await freshDeps(new Date('2026-11-20T09:00:00Z'));
    booked = practice({ name: 'Hendford Lodge' });
    elsewhere = practice({ name: 'Preston Grove', lat: 50.95, lon: -2.66 });
    locum = clinician({ roles: ['practice-nurse'] });
    await seed(deps, [booked, elsewhere], [locum]);
    const posted = await postShift(
      manager([booked.id]),
      {
        practiceId: booked.id,
        role: 'practice-nurse',
        skills: [],
        start: '2026-12-01T09:00:00.000Z',
        end: '2026-12-01T13:00:00.000Z',
        breakMinutes: 0,
        hourlyRatePence: 3000,
        cascadeMinutes: 0,
      },
      deps,
    );
    const offer = posted.offers.find((o) => o.clinicianId === locum.id);
    if (!offer) throw new Error('the locum was not offered the shift');
    await acceptOffer(asClinician(locum), offer.id, deps);
    // Set after the booking, as a practice adds a check: the pack reads what is required now.
    await setPracticeRequirements(admin, booked.id, ['training-safeguarding-children', 'cv'], deps);
    await setPracticeRequirements(admin, elsewhere.id, ['hep-b'], deps);
  });

  it("lists the booked practice's extras with their state, for HR and for that practice's manager", async () => {
    for (const caller of [hr, manager([booked.id])]) {
      const text = await packText(caller, locum, deps);
      expect(text).toContain('Also required for work at Hendford Lodge');
      expect(text).toContain("2 of 2 of this practice's checks are missing or lapsed.");
      expect(text).toMatch(/Hendford Lodge[\s\S]*Safeguarding children training\s+MISSING[\s\S]*CV\s+MISSING/);
      // Never booked at Preston Grove: its requirements are not this pack's business.
      expect(text).not.toContain('Preston Grove');
    }
  });

  it("shows a manager only their own practices' extras, and refuses one whose practice never booked them", async () => {
    const both = await packText(manager([booked.id, elsewhere.id]), locum, deps);
    expect(both).toContain('Also required for work at Hendford Lodge');
    expect(both).not.toContain('Preston Grove');
    await expect(evidencePack(manager([elsewhere.id]), locum.id, deps)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('has no practice section when the booked practice asks nothing extra', async () => {
    await setPracticeRequirements(admin, booked.id, [], deps);
    const text = await packText(hr, locum, deps);
    expect(text).not.toContain('Also required for work at');
    expect(text).toContain('Evidence pack: ');
  });

  it("shows the check that keeps a clinician from being booked, even one their role's list lacks", async () => {
    // An HCA added by an admin with v1's dates, whose recorded indemnity lapsed on 1 November: matching holds it
    // against them (v1 counts an indemnity once recorded), so the pack shows it, beside the HCA's own list.
    const hca = clinician({
      roles: ['hca'],
      compliance: {
        rightToWork: true,
        dbsCheckedOn: '2025-03-01T00:00:00.000Z',
        trainingExpires: '2027-05-01T00:00:00.000Z',
        indemnityExpires: '2026-11-01T00:00:00.000Z',
      },
    });
    await seed(deps, [], [hca]);
    const text = await packText(hr, hca, deps);
    expect(text).toMatch(/Indemnity\s+LAPSED\s+Lapsed 2026-11-01/);
    expect(text).toMatch(/Hepatitis B immunity\s+MISSING/);
  });
});
