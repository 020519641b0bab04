import { A4, createPdf, type Rgb, type StandardFont } from '../pdf/writer';
import type { DocumentType } from './documents';
import { dbsLapses } from './eligibility';
import { type RecordedDates, recordedCheckDates } from './recorded-checks';
import { requiredCount, requiredDocumentTypesFor } from './required-documents';
import type { Clinician } from './types';

/** What the pack needs of a document: the store's record, without where its file is kept. */
export interface PackDocument {
  id: string;
  type: DocumentType;
  status: 'pending' | 'verified' | 'rejected' | 'invalid';
  issuedOn?: string;
  expiresOn?: string;
  fileName: string;
  createdAt: string;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
}

export type CheckState = 'verified' | 'lapsed' | 'pending' | 'missing';

/** One line of the pack: a required check and the evidence for it, if any. */
export interface CheckLine {
  type: DocumentType;
  state: CheckState;
  issuedOn?: string;
  expiresOn?: string;
  /** Who verified it (a name and address where the user is known) and when. */
  verifiedBy?: string;
  verifiedAt?: string;
  /** The file, or that the check was recorded by the bank without one (v1 compliance dates). */
  evidence: string;
}

export const TYPE_LABELS: Readonly<Record<DocumentType, string>> = {
  registration: 'Professional registration',
  'performers-list': 'Performers List entry',
  indemnity: 'Indemnity',
  dbs: 'DBS check',
  'training-bls': 'Basic life support training',
  'training-safeguarding-adults': 'Safeguarding adults training',
  'training-safeguarding-children': 'Safeguarding children training',
  'right-to-work': 'Right to work',
  'photo-id': 'Photo ID',
  reference: 'Reference',
  cv: 'CV',
  'hep-b': 'Hepatitis B immunity',
};

/** The date a check stops counting: its expiry, or a DBS check's third anniversary. */
function lapsesOn(type: DocumentType, doc: { issuedOn?: string; expiresOn?: string }): string | undefined {
  if (doc.expiresOn) return doc.expiresOn;
  if (type === 'dbs' && doc.issuedOn) return dbsLapses(doc.issuedOn);
  return undefined;
}

/** v1's compliance dates, kept as checks recorded without a file, for the types they cover, with who recorded them. */
function recordedChecks(
  c: Pick<Clinician, 'compliance' | 'registration' | 'complianceRecorded'>,
): Partial<Record<DocumentType, PackDocument & { byClinician?: true }>> {
  const out: Partial<Record<DocumentType, PackDocument & { byClinician?: true }>> = {};
  for (const [type, dates] of Object.entries(recordedCheckDates(c)) as [DocumentType, RecordedDates][]) {
    const stamp = c.complianceRecorded?.[type];
    out[type] = {
      id: `recorded-${type}`,
      type,
      status: 'verified',
      ...dates,
      fileName: '',
      createdAt: '',
      ...(stamp?.userId ? { decidedBy: stamp.userId, decidedAt: stamp.at } : {}),
      ...(stamp?.byClinician ? { byClinician: true } : {}),
    };
  }
  return out;
}

/**
 * Every required check of the clinician's roles (or of `types`), as many
 * lines as the type needs (two references): the verified documents, newest
 * decision first, then a pending one, then the bank's recorded check, else
 * missing.
 */
export function checkLines(
  clinician: Pick<Clinician, 'roles' | 'compliance' | 'registration'> &
    Partial<Pick<Clinician, 'skills' | 'complianceRecorded'>>,
  documents: readonly PackDocument[],
  today: string,
  verifierName: (userId: string) => string,
  types: readonly DocumentType[] = requiredDocumentTypesFor(clinician),
): CheckLine[] {
  const recorded = recordedChecks(clinician);
  const lines: CheckLine[] = [];
  for (const type of types) {
    const ofType = documents.filter((d) => d.type === type);
    const verified = ofType
      .filter((d) => d.status === 'verified')
      .sort((a, b) => (b.decidedAt ?? '').localeCompare(a.decidedAt ?? ''));
    const current = verified.filter((d) => (lapsesOn(type, d) ?? '9999-12-31') > today);
    const lapsed = verified.filter((d) => !current.includes(d));
    const pending = ofType.filter((d) => d.status === 'pending');
    // What the clinician gave themselves as they joined is not a check: it is named, never counted.
    const given = recorded[type]?.byClinician ? recorded[type] : undefined;
    const fallback = given ? undefined : recorded[type];
    const candidates = [...current, ...pending, ...(fallback ? [fallback] : []), ...lapsed];
    for (let i = 0; i < requiredCount(type); i++) {
      const doc = candidates[i];
      if (!doc) {
        lines.push({
          type,
          state: 'missing',
          evidence: given ? 'Given by the clinician as they joined, not yet checked' : 'Nothing on file',
        });
        continue;
      }
      const expiresOn = lapsesOn(type, doc);
      const isRecorded = doc.id.startsWith('recorded-');
      const state: CheckState =
        doc.status === 'pending' ? 'pending' : expiresOn && expiresOn <= today ? 'lapsed' : 'verified';
      lines.push({
        type,
        state,
        issuedOn: doc.issuedOn,
        expiresOn,
        ...(doc.decidedBy ? { verifiedBy: verifierName(doc.decidedBy), verifiedAt: doc.decidedAt } : {}),
        evidence: isRecorded ? 'Recorded by the bank (no file)' : doc.fileName,
      });
    }
  }
  return lines;
}

/** A practice's own extra checks (`PUT /practices/{id}/requirements`) for work there, as the pack lists them. */
export interface PracticeChecks {
  practiceName: string;
  lines: CheckLine[];
}

const STATE_LABELS: Readonly<Record<CheckState, string>> = {
  verified: 'Verified',
  lapsed: 'LAPSED',
  pending: 'Awaiting check',
  missing: 'MISSING',
};

/** What is missing or lapsed. */
const RED: Rgb = [0.7, 0, 0];

/** London date and time of an instant, for the inspector's reading. */
export type FormatInstant = (iso: string) => string;

/**
 * The evidence pack as an A4 PDF: who the clinician is, then one line per
 * required check with its dates, its state, the file, and who verified it when.
 */
export async function evidencePackPdf(input: {
  clinician: Pick<Clinician, 'name' | 'email' | 'roles' | 'registration' | 'status' | 'approvedAt'>;
  organisationName: string;
  lines: readonly CheckLine[];
  /** The extra checks of the practices the clinician is booked at (those the reader may see). */
  practices?: readonly PracticeChecks[];
  generatedAt: string;
  formatInstant: FormatInstant;
}): Promise<Uint8Array> {
  const { clinician, lines, formatInstant } = input;
  const doc = createPdf({
    title: `Evidence pack: ${clinician.name}`,
    creator: 'Rota Bank',
    creationDate: new Date(input.generatedAt),
  });
  const regular: StandardFont = 'Helvetica';
  const bold: StandardFont = 'Helvetica-Bold';
  let page = doc.addPage(A4);
  let y = 800;
  const write = (text: string, x = 50, font: StandardFont = regular, size = 9, red = false) => {
    page.drawText(text, { x, y, size, font, ...(red ? { color: RED } : {}) });
  };
  const newline = (gap = 13) => {
    y -= gap;
    if (y < 60) {
      page = doc.addPage(A4);
      y = 800;
    }
  };

  write(`Evidence pack: ${clinician.name}`, 50, bold, 16);
  newline(22);
  write(`${input.organisationName} - pre-employment and compliance checks (CQC)`, 50, regular, 10);
  newline(18);
  write(`Email: ${clinician.email}`);
  newline();
  write(`Roles: ${clinician.roles.join(', ')}`);
  newline();
  if (clinician.registration) {
    write(
      `Registration: ${clinician.registration.body} ${clinician.registration.number}` +
        (clinician.registration.expires ? ` (expires ${clinician.registration.expires})` : ''),
    );
    newline();
  }
  const standing =
    clinician.status === 'applicant'
      ? 'Applicant, not yet approved into the bank'
      : clinician.status === 'disabled'
        ? 'Left the bank'
        : `In the bank${clinician.approvedAt ? ` (approved ${formatInstant(clinician.approvedAt)})` : ''}`;
  write(`Status: ${standing}`);
  newline();
  write(`Generated: ${formatInstant(input.generatedAt)} (Europe/London)`);
  newline(22);

  const missing = lines.filter((l) => l.state === 'missing' || l.state === 'lapsed').length;
  write(
    missing
      ? `${missing} of ${lines.length} required checks are missing or lapsed.`
      : `All ${lines.length} required checks are on file.`,
    50,
    bold,
    10,
    missing > 0,
  );
  newline(20);

  const writeLine = (line: CheckLine) => {
    write(TYPE_LABELS[line.type], 50, bold, 10);
    write(STATE_LABELS[line.state], 430, bold, 10, line.state === 'missing' || line.state === 'lapsed');
    newline();
    const dates = [
      line.issuedOn ? `Issued ${line.issuedOn}` : undefined,
      line.expiresOn ? `${line.state === 'lapsed' ? 'Lapsed' : 'Valid until'} ${line.expiresOn}` : undefined,
    ].filter(Boolean);
    write(dates.length ? dates.join('   ') : 'No dates', 62);
    newline();
    write(`Evidence: ${line.evidence}`, 62);
    newline();
    if (line.verifiedBy && line.verifiedAt) {
      write(`Verified by ${line.verifiedBy} on ${formatInstant(line.verifiedAt)}`, 62);
      newline();
    }
    newline(6);
  };
  for (const line of lines) writeLine(line);

  for (const practice of input.practices ?? []) {
    newline(10);
    write(`Also required for work at ${practice.practiceName}`, 50, bold, 12);
    newline(16);
    const short = practice.lines.filter((l) => l.state === 'missing' || l.state === 'lapsed').length;
    write(
      short
        ? `${short} of ${practice.lines.length} of this practice's checks are missing or lapsed.`
        : `All ${practice.lines.length} of this practice's checks are on file.`,
      50,
      regular,
      10,
      short > 0,
    );
    newline(18);
    for (const line of practice.lines) writeLine(line);
  }
  return doc.save();
}
