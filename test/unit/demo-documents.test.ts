import { describe, expect, it } from 'vitest';
import { checkDocumentContent } from '../../lib/domain/documents';
import { complianceState, documentValidUntil } from '../../lib/domain/requirements';
import { addDays, londonDate } from '../../lib/domain/time';
import { generateDemoData } from '../../local/demo-data';
import { demoDocumentPlan, photoPng } from '../../local/demo-documents';

const NOW = new Date('2026-12-06T07:00:00Z');
const TODAY = londonDate(NOW);

describe("the demo's evidence documents", () => {
  const data = generateDemoData(NOW);
  const plan = demoDocumentPlan(data, NOW);
  const verifiedEvidence = (docs: (typeof plan)[number]['docs']) =>
    docs
      .filter((d) => d.verify)
      .map((d, i) => ({
        documentId: `doc-${i}`,
        type: d.type,
        ...(d.issuedOn ? { issuedOn: d.issuedOn } : {}),
        ...(d.expiresOn ? { expiresOn: d.expiresOn } : {}),
        verifiedAt: new Date(d.sentAt.getTime() + 86_400_000).toISOString(),
      }));

  it("leave every clinician's derived compliance as it was, so the demo's booking journeys are unchanged", () => {
    expect(plan.length).toBeGreaterThan(0);
    for (const { c, docs } of plan) {
      const before = complianceState(c);
      const after = complianceState({ ...c, evidence: verifiedEvidence(docs) });
      expect({ id: c.id, missing: after.missing, bookableUntil: after.bookableUntil }).toEqual({
        id: c.id,
        missing: before.missing,
        bookableUntil: before.bookableUntil,
      });
    }
  });

  it('show HR every state: verified, awaiting a check, expiring within 30 days and lapsed', () => {
    const docs = plan.flatMap((p) => p.docs);
    const until = (d: (typeof docs)[number]) =>
      documentValidUntil({ ...d, verifiedAt: d.sentAt.toISOString() }) ?? '9999-12-31';
    expect(docs.some((d) => d.verify && until(d) > addDays(TODAY, 30))).toBe(true);
    expect(docs.some((d) => !d.verify && d.sentAt <= NOW)).toBe(true);
    expect(docs.some((d) => d.verify && until(d) > TODAY && until(d) <= addDays(TODAY, 30))).toBe(true);
    expect(docs.some((d) => d.verify && until(d) <= TODAY)).toBe(true);
    // Everything was sent in the past, as the use cases record it.
    expect(docs.every((d) => d.sentAt.getTime() <= NOW.getTime())).toBe(true);
  });

  it('uses a photo that passes the content check as a PNG', () => {
    expect(checkDocumentContent(photoPng(), 'image/png')).toEqual({ ok: true, contentType: 'image/png' });
  });
});
