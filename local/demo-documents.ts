import { crc32, deflateSync } from 'node:zlib';
import { config } from '../lib/config';
import type { Deps } from '../lib/deps';
import type { Caller } from '../lib/domain/caller';
import type { DocumentContentType, DocumentType } from '../lib/domain/documents';
import { TYPE_LABELS } from '../lib/domain/evidence-pdf';
import { SettableClock } from '../lib/domain/ports';
import { complianceState } from '../lib/domain/requirements';
import { addDays, londonDate } from '../lib/domain/time';
import type { Clinician } from '../lib/domain/types';
import { createPdf } from '../lib/pdf/writer';
import { type DocumentFiles, folderDocumentFiles, localDocumentsDir } from '../lib/store/document-files';
import { declareDocument, receiveUpload, verifyDocument } from '../lib/use-cases/documents';
import { DEMO_ORG_ID, type DemoData } from './demo-data';

/** Somerset's HR, who checks the demo's documents. */
const HR: Caller = {
  userId: 'usr-hr-somerset',
  email: 'hr@somerset.example',
  role: 'hr',
  orgId: DEMO_ORG_ID,
  practiceIds: [],
};

const DAY = 86_400_000;

/** A one-page certificate as a real PDF, so HR's viewer and the content check see what a scan would give them. */
function certificatePdf(name: string, p: Planned): Buffer {
  const doc = createPdf({
    title: `${TYPE_LABELS[p.type]}: ${name}`,
    creator: 'Rota Bank demo',
    creationDate: p.sentAt,
  });
  const page = doc.addPage([420, 297]);
  const font = 'Helvetica';
  page.drawText(TYPE_LABELS[p.type], { x: 30, y: 240, size: 18, font: 'Helvetica-Bold' });
  page.drawText(`Holder: ${name}`, { x: 30, y: 200, size: 12, font });
  if (p.issuedOn) page.drawText(`Issued: ${p.issuedOn}`, { x: 30, y: 180, size: 12, font });
  if (p.expiresOn) page.drawText(`Valid until: ${p.expiresOn}`, { x: 30, y: 160, size: 12, font });
  page.drawText('Demo document: not a real certificate', { x: 30, y: 40, size: 9, font });
  return Buffer.from(doc.save());
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small PNG of a head and shoulders on a pale ground: the demo's photo ID. */
export function photoPng(width = 60, height = 80): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const head = (x - width / 2) ** 2 + (y - height * 0.38) ** 2 < (width * 0.2) ** 2;
      const shoulders = y > height * 0.68 && Math.abs(x - width / 2) < width * 0.42 - (height - y) * 0.3;
      const [r, g, b] = head || shoulders ? [90, 100, 120] : [225, 232, 240];
      row.writeUInt8(r, 1 + x * 3);
      row.writeUInt8(g, 2 + x * 3);
      row.writeUInt8(b, 3 + x * 3);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface Planned {
  type: DocumentType;
  issuedOn?: string;
  expiresOn?: string;
  /** When it was sent (and, if verified, checked a day later): a past instant. */
  sentAt: Date;
  verify: boolean;
}

/**
 * Sends and (for most) verifies one document through the real use cases, as
 * the clinician and HR would, at `sentAt`: the stored record, the file under
 * the documents folder and the profile's evidence are what the app makes.
 */
async function file(deps: Deps, files: DocumentFiles, now: Date, clinician: Clinician, p: Planned): Promise<void> {
  const at = (d: Date) => ({ ...deps, clock: new SettableClock(d) });
  const png = p.type === 'photo-id';
  const bytes = png ? photoPng() : certificatePdf(clinician.name, p);
  const contentType: DocumentContentType = png ? 'image/png' : 'application/pdf';
  const sender: Caller = {
    userId: `usr-${clinician.id}`,
    email: clinician.email,
    role: 'clinician',
    orgId: clinician.orgId,
    practiceIds: [],
    clinicianId: clinician.id,
  };
  const made = await declareDocument(
    sender,
    clinician.id,
    {
      type: p.type,
      ...(p.issuedOn ? { issuedOn: p.issuedOn } : {}),
      ...(p.expiresOn ? { expiresOn: p.expiresOn } : {}),
      fileName: `${p.type}.${png ? 'png' : 'pdf'}`,
      contentType,
      bytes: bytes.length,
    },
    at(p.sentAt),
    files,
  );
  const token = new URL(made.upload.url, 'http://local').searchParams.get('token') ?? '';
  await receiveUpload(clinician.orgId, made.document.id, token, bytes, at(p.sentAt), files);
  // Checked by HR the next day, or at once for what was sent today.
  const checkedAt = new Date(Math.min(p.sentAt.getTime() + DAY, now.getTime()));
  if (p.verify) await verifyDocument(HR, made.document.id, at(checkedAt), files);
}

export interface DemoDocuments {
  c: Clinician;
  docs: Planned[];
}

/** The v1 record behind a type, as the certificate that evidences it would carry its dates. */
function datesOf(c: Clinician, type: DocumentType): { issuedOn?: string; expiresOn?: string } {
  const k = c.compliance;
  if (type === 'dbs') return k.dbsCheckedOn ? { issuedOn: k.dbsCheckedOn.slice(0, 10) } : {};
  if (type === 'training-bls') return k.trainingExpires ? { expiresOn: k.trainingExpires.slice(0, 10) } : {};
  if (type === 'indemnity') return k.indemnityExpires ? { expiresOn: k.indemnityExpires.slice(0, 10) } : {};
  if (type === 'registration') return c.registration?.expires ? { expiresOn: c.registration.expires } : {};
  if (type === 'right-to-work') return k.rightToWorkExpires ? { expiresOn: k.rightToWorkExpires.slice(0, 10) } : {};
  return {};
}

/** An instant some days before `now`, at mid-morning so it reads as office hours. */
const daysAgo = (now: Date, days: number) => new Date(Date.parse(`${londonDate(now)}T10:00:00Z`) - days * DAY);

/** The demo bank's documents: who gets which, in what state. Pure, so a test can see nobody's compliance changes. */
export function demoDocumentPlan(data: DemoData, now: Date): DemoDocuments[] {
  const today = londonDate(now);
  const withSignIn = new Set(data.users.map((u) => u.clinicianId).filter(Boolean));
  const bank = data.clinicians
    .filter((c) => c.orgId === DEMO_ORG_ID)
    .map((c) => ({ c, state: complianceState(c) }))
    // Those who can sign in first, so their own documents page shows the same.
    .sort((a, b) => Number(withSignIn.has(b.c.id)) - Number(withSignIn.has(a.c.id)) || a.c.id.localeCompare(b.c.id));
  const lapsingType = (s: (typeof bank)[number]['state']) =>
    s.types.filter((t) => t.validUntil).sort((a, b) => a.validUntil!.localeCompare(b.validUntil!))[0];
  const valid = bank.filter((x) => x.state.bookableUntil > addDays(today, 90)).slice(0, 2);
  const expiring = bank
    .filter((x) => x.state.bookableUntil > today && x.state.bookableUntil <= addDays(today, 30))
    .slice(0, 2);
  const lapsed = bank
    .filter((x) => x.state.bookableUntil <= today && lapsingType(x.state)?.type === 'training-bls')
    .slice(0, 1);

  const plan: DemoDocuments[] = [];
  for (const [i, { c }] of valid.entries()) {
    const docs: Planned[] = (['dbs', 'training-bls', 'photo-id'] as const).map((type, k) => ({
      type,
      ...datesOf(c, type),
      sentAt: daysAgo(now, 40 - k),
      verify: true,
    }));
    // Sent this week and not yet checked: HR's queue.
    if (i === 0)
      docs.push({
        type: 'training-safeguarding-adults',
        expiresOn: addDays(today, 700),
        sentAt: daysAgo(now, 2),
        verify: false,
      });
    if (i === 1) docs.push({ type: 'reference', sentAt: daysAgo(now, 1), verify: false });
    plan.push({ c, docs });
  }
  for (const [i, { c, state }] of expiring.entries()) {
    const type = lapsingType(state)!.type;
    const docs: Planned[] = [
      { type, ...datesOf(c, type), sentAt: daysAgo(now, 300), verify: true },
      { type: 'photo-id', sentAt: daysAgo(now, 300), verify: true },
    ];
    // The renewal is in, waiting for HR: verifying it takes the clinician off the at-risk list.
    if (i === 0) {
      const renewal = type === 'dbs' ? { issuedOn: addDays(today, -3) } : { expiresOn: addDays(today, 365) };
      docs.push({ type, ...renewal, sentAt: daysAgo(now, 1), verify: false });
    }
    plan.push({ c, docs });
  }
  for (const { c } of lapsed) {
    const { expiresOn } = datesOf(c, 'training-bls');
    plan.push({
      c,
      docs: [
        {
          type: 'training-bls',
          expiresOn,
          sentAt: new Date(Date.parse(`${expiresOn}T10:00:00Z`) - 365 * DAY),
          verify: true,
        },
      ],
    });
  }
  return plan;
}

/**
 * Evidence documents for a few of the bank's clinicians, so HR's documents
 * pages and the at-risk page have something at first start: some fully
 * verified, some awaiting HR, a certificate expiring within the month (one
 * with its renewal waiting to be checked) and a lapsed one. Each document is
 * the certificate behind a date the clinician's record already holds, so
 * nobody's compliance (and so no booking journey of the demo) changes; and
 * the applicant has a part-made file for HR to look at before approving.
 */
export async function seedDocuments(
  deps: Deps,
  data: DemoData,
  now: Date,
  applicantId: string | undefined,
  log: (line: string) => void,
): Promise<number> {
  const files = folderDocumentFiles(localDocumentsDir(config()));
  const today = londonDate(now);
  const plan = demoDocumentPlan(data, now);
  const applicant = applicantId ? await deps.clinicians.get(DEMO_ORG_ID, applicantId) : undefined;
  if (applicant) {
    plan.push({
      c: applicant,
      docs: [
        { type: 'photo-id', sentAt: now, verify: true },
        { type: 'dbs', issuedOn: addDays(today, -60), sentAt: now, verify: true },
        { type: 'training-bls', expiresOn: addDays(today, 300), sentAt: now, verify: false },
        { type: 'reference', sentAt: now, verify: false },
      ],
    });
  }

  // One clinician at a time: each verification rewrites that clinician's profile, so theirs go in order.
  await Promise.all(
    plan.map(async ({ c, docs }) => {
      for (const d of docs) await file(deps, files, now, c, d);
    }),
  );
  const count = plan.reduce((n, p) => n + p.docs.length, 0);
  log(`  documents ${count} for ${plan.length} clinicians: verified, awaiting HR, expiring, lapsed, an applicant's`);
  return count;
}
