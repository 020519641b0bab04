import type { DocumentType } from './document-types';
import type { Clinician, RecordedCheck } from './types';

/** What the bank holds for a check without a file: the dates typed into v1's fields, by the check they stand for. */
export type RecordedDates = { issuedOn?: string; expiresOn?: string };

/**
 * The checks v1's fields record, each with its dates: registration from the
 * professional registration, and DBS, basic life support training, indemnity
 * and right to work from the compliance dates.
 */
export function recordedCheckDates(
  c: Pick<Clinician, 'compliance' | 'registration'>,
): Partial<Record<DocumentType, RecordedDates>> {
  const k = c.compliance;
  const out: Partial<Record<DocumentType, RecordedDates>> = {};
  if (c.registration) out.registration = { expiresOn: c.registration.expires };
  if (k.dbsCheckedOn) out.dbs = { issuedOn: k.dbsCheckedOn };
  if (k.trainingExpires) out['training-bls'] = { expiresOn: k.trainingExpires };
  if (k.indemnityExpires) out.indemnity = { expiresOn: k.indemnityExpires };
  if (k.rightToWork) out['right-to-work'] = { expiresOn: k.rightToWorkExpires };
  return out;
}

/** Text that changes whenever what is recorded for the check does (a registration's body or number included). */
function fingerprints(c: Pick<Clinician, 'compliance' | 'registration'>): Map<DocumentType, string> {
  const dates = recordedCheckDates(c);
  const out = new Map<DocumentType, string>();
  for (const [type, d] of Object.entries(dates) as [DocumentType, RecordedDates][]) {
    const extra = type === 'registration' ? [c.registration?.body, c.registration?.number] : [];
    out.set(type, JSON.stringify([d.issuedOn, d.expiresOn, ...extra]));
  }
  return out;
}

/**
 * Who recorded each check, and when: a check recorded or changed now is
 * `stamp`'s, one unchanged keeps its stamp, one no longer recorded loses it.
 * Undefined when nothing is recorded.
 */
export function stampRecordedChecks(
  before: Pick<Clinician, 'compliance' | 'registration' | 'complianceRecorded'> | undefined,
  after: Pick<Clinician, 'compliance' | 'registration'>,
  stamp: RecordedCheck,
): Clinician['complianceRecorded'] {
  const was = before ? fingerprints(before) : new Map<DocumentType, string>();
  const out: Partial<Record<DocumentType, RecordedCheck>> = {};
  for (const [type, print] of fingerprints(after)) {
    const kept = before?.complianceRecorded?.[type];
    // Unchanged and never stamped (recorded before stamps were kept): left unattributed rather than given to now.
    if (was.get(type) !== print) out[type] = stamp;
    else if (kept) out[type] = kept;
  }
  return Object.keys(out).length ? out : undefined;
}
