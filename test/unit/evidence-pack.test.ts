import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { type CheckLine, checkLines, evidencePackPdf, type PackDocument } from '../../lib/domain/evidence-pdf';
import {
  packDocumentTypes,
  requiredDocumentTypes,
  requiredDocumentTypesFor,
} from '../../lib/domain/required-documents';
import { complianceState } from '../../lib/domain/requirements';

const doc = (over: Partial<PackDocument> & Pick<PackDocument, 'type'>): PackDocument => ({
  id: `d-${Math.random().toString(36).slice(2)}`,
  status: 'verified',
  fileName: `${over.type}.pdf`,
  createdAt: '2026-01-01T09:00:00.000Z',
  decidedBy: 'usr-hr',
  decidedAt: '2026-01-02T10:00:00.000Z',
  ...over,
});
const names = (id: string) => (id === 'usr-hr' ? 'Priya Raman (hr)' : id);
const TODAY = '2026-12-06';

describe('the evidence pack', () => {
  it('asks of each role what DOMAIN.md lists: a GP the Performers List, a health coach no registration', () => {
    expect(requiredDocumentTypes(['gp'])).toContain('performers-list');
    expect(requiredDocumentTypes(['health-coach'])).not.toContain('registration');
    expect(requiredDocumentTypes(['hca', 'practice-nurse'])).toEqual(
      expect.arrayContaining(['registration', 'hep-b', 'cv']),
    );
  });

  it('asks hepatitis B of a nurse who takes blood, as derived compliance does, and not of one who does not', () => {
    expect(requiredDocumentTypesFor({ roles: ['practice-nurse'], skills: ['phlebotomy'] })).toContain('hep-b');
    expect(requiredDocumentTypesFor({ roles: ['practice-nurse'], skills: [] })).not.toContain('hep-b');
    const lines = checkLines(
      { roles: ['practice-nurse'], skills: ['phlebotomy'], compliance: { rightToWork: true } },
      [],
      TODAY,
      names,
    );
    expect(lines.find((l) => l.type === 'hep-b')).toMatchObject({ state: 'missing' });
  });

  it('gives each required check a line: verified, lapsed, awaiting a check, or missing, two for references', () => {
    const lines = checkLines(
      { roles: ['health-coach'], compliance: { rightToWork: false } },
      [
        doc({ type: 'dbs', issuedOn: '2023-01-10' }), // third anniversary passed: lapsed
        doc({ type: 'reference' }),
        doc({ type: 'photo-id', status: 'pending', decidedBy: undefined, decidedAt: undefined }),
        doc({ type: 'training-safeguarding-adults', status: 'rejected' }),
      ],
      TODAY,
      names,
    );
    const byType = (t: string) => lines.filter((l) => l.type === t);
    expect(byType('dbs')).toEqual([
      expect.objectContaining({ state: 'lapsed', expiresOn: '2026-01-10', verifiedBy: 'Priya Raman (hr)' }),
    ]);
    expect(byType('reference').map((l) => l.state)).toEqual(['verified', 'missing']);
    expect(byType('photo-id')[0]).toMatchObject({ state: 'pending' });
    expect(byType('training-safeguarding-adults')[0]).toMatchObject({ state: 'missing' });
    expect(lines).toHaveLength(7);
  });

  it("counts v1's compliance dates as checks the bank recorded, without a file", () => {
    const lines = checkLines(
      {
        roles: ['hca'],
        compliance: { rightToWork: true, dbsCheckedOn: '2025-03-01', trainingExpires: '2027-05-01' },
      },
      [],
      TODAY,
      names,
    );
    expect(lines.find((l) => l.type === 'dbs')).toMatchObject({
      state: 'verified',
      issuedOn: '2025-03-01',
      expiresOn: '2028-03-01',
      evidence: 'Recorded by the bank (no file)',
    });
    expect(lines.find((l) => l.type === 'training-bls')).toMatchObject({ state: 'verified', expiresOn: '2027-05-01' });
    expect(lines.find((l) => l.type === 'right-to-work')).toMatchObject({ state: 'verified' });
  });

  it("lists every check the clinician is judged on, beside their roles' own: an HCA's recorded indemnity that lapsed", () => {
    // Created by an admin with v1's dates: an indemnity once recorded counts, and here has lapsed, so they cannot
    // be booked; an HCA's list (DOMAIN.md) has no indemnity, yet the pack must show why.
    const hca = {
      roles: ['hca' as const],
      compliance: {
        rightToWork: true,
        dbsCheckedOn: '2025-03-01',
        trainingExpires: '2027-05-01',
        indemnityExpires: '2026-12-01',
      },
    };
    expect(complianceState(hca).required).toContain('indemnity');
    const types = packDocumentTypes(hca);
    expect(types).toEqual(expect.arrayContaining([...requiredDocumentTypesFor(hca), ...complianceState(hca).required]));
    expect(new Set(types).size).toBe(types.length);
    const lines = checkLines(hca, [], TODAY, names, types);
    expect(lines.find((l) => l.type === 'indemnity')).toMatchObject({ state: 'lapsed', expiresOn: '2026-12-01' });
  });

  it('reads back from the PDF with every line, and names what is missing', async () => {
    const lines: CheckLine[] = [
      {
        type: 'dbs',
        state: 'verified',
        issuedOn: '2026-01-12',
        expiresOn: '2029-01-12',
        verifiedBy: 'Priya Raman (hr)',
        verifiedAt: '2026-01-13T10:00:00.000Z',
        evidence: 'dbs.pdf',
      },
      { type: 'hep-b', state: 'missing', evidence: 'Nothing on file' },
    ];
    const pdf = await evidencePackPdf({
      clinician: { name: 'Zoë Ämbler', email: 'zoe@bank.example', roles: ['hca'], status: 'active' },
      organisationName: 'South Somerset GP Federation',
      lines,
      generatedAt: '2026-12-06T09:00:00.000Z',
      formatInstant: (iso) => iso.slice(0, 16).replace('T', ' '),
    });
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    // Accented letters in Helvetica's WinAnsi set are drawn as they are.
    expect(text).toContain('Evidence pack: Zoë Ämbler');
    expect(text).toContain('1 of 2 required checks are missing or lapsed.');
    expect(text).toMatch(/DBS check\s+Verified/);
    expect(text).toContain('Verified by Priya Raman (hr) on 2026-01-13 10:00');
    expect(text).toMatch(/Hepatitis B immunity\s+MISSING/);
  });

  it("lists a booked practice's own extra checks with their state, in the PDF after the role's", async () => {
    const clinician = { roles: ['hca' as const], compliance: { rightToWork: true } };
    const documents = [doc({ type: 'training-safeguarding-children', expiresOn: '2027-02-01' })];
    const extras = checkLines(clinician, documents, TODAY, names, ['training-safeguarding-children', 'cv']);
    expect(extras.map((l) => [l.type, l.state])).toEqual([
      ['training-safeguarding-children', 'verified'],
      ['cv', 'missing'],
    ]);
    const pdf = await evidencePackPdf({
      clinician: { name: 'Sam Okafor', email: 'sam@bank.example', roles: ['hca'], status: 'active' },
      organisationName: 'South Somerset GP Federation',
      lines: checkLines(clinician, documents, TODAY, names),
      practices: [{ practiceName: 'Hendford Lodge', lines: extras }],
      generatedAt: '2026-12-06T09:00:00.000Z',
      formatInstant: (iso) => iso.slice(0, 16).replace('T', ' '),
    });
    const { text } = await extractText(await getDocumentProxy(pdf), { mergePages: true });
    expect(text).toContain('Also required for work at Hendford Lodge');
    expect(text).toContain("1 of 2 of this practice's checks are missing or lapsed.");
    expect(text).toMatch(/Hendford Lodge[\s\S]*Safeguarding children training\s+Verified[\s\S]*CV\s+MISSING/);
  });
});
