import type { Deps, ReadingDeps } from '../deps';
import type { Caller } from '../domain/caller';
import { ForbiddenError } from '../domain/errors';
import { checkLines, evidencePackPdf, type PracticeChecks } from '../domain/evidence-pdf';
import { packDocumentTypes } from '../domain/required-documents';
import { londonDate, londonFormat } from '../domain/time';
import { organisationName } from '../store/organisations';
import type { UserAccount } from '../users/directory';
import { usersWithRole } from '../users/table-directory';
import { found } from './access';

/** The practices the clinician has ever been booked at. */
async function bookedPractices(
  caller: Caller,
  clinicianId: string,
  deps: Pick<Deps, 'bookings'>,
): Promise<Set<string>> {
  const out = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await deps.bookings.list(caller.orgId, { clinicianId }, {}, { limit: 200, cursor });
    for (const b of page.items) out.add(b.practiceId);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** The organisation's admin and HR users by id: whoever may have verified a document. */
async function verifiers(orgId: string, deps: Pick<Deps, 'db' | 'table'>): Promise<Map<string, UserAccount>> {
  const byId = new Map<string, UserAccount>();
  for (const role of ['admin', 'hr'] as const) {
    const items = await usersWithRole(deps.db, deps.table, orgId, role);
    for (const user of items) byId.set(user.id, user);
  }
  return byId;
}

const londonInstant = londonFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
/** "6 Dec 2026, 09:30" in London. */
const london = (iso: string) => londonInstant().format(new Date(iso));

/**
 * A clinician's evidence pack for a CQC inspector: admin and HR for anyone,
 * a manager only for a clinician booked at one of their practices.
 */
export async function evidencePack(
  caller: Caller,
  clinicianId: string,
  deps: Pick<ReadingDeps, 'db' | 'table' | 'clock' | 'practices' | 'clinicians' | 'bookings' | 'documents'>,
): Promise<{ pdf: Uint8Array; fileName: string }> {
  const clinician = found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  if (caller.role === 'clinician') throw new ForbiddenError('The evidence pack is for the bank and its practices');
  // A manager's pack covers only their own practices among those the clinician was booked at.
  const booked = [...(await bookedPractices(caller, clinicianId, deps))].filter(
    (id) => caller.role !== 'manager' || caller.practiceIds.includes(id),
  );
  if (caller.role === 'manager' && !booked.length) {
    throw new ForbiddenError(
      'A manager may have the evidence pack only of a clinician booked at one of their practices',
    );
  }
  const [documents, users, orgName, practices] = await Promise.all([
    deps.documents.ofClinician(caller.orgId, clinicianId),
    verifiers(caller.orgId, deps),
    organisationName(deps.db, deps.table, caller.orgId),
    deps.practices.list(caller.orgId),
  ]);
  const now = deps.clock.now();
  const today = londonDate(now);
  const verifierName = (userId: string) => {
    const user = users.get(userId);
    return user ? `${user.name} (${user.role}, ${user.email})` : `user ${userId}`;
  };
  const lines = checkLines(clinician, documents, today, verifierName, packDocumentTypes(clinician));
  const practiceChecks: PracticeChecks[] = practices
    .filter((p) => booked.includes(p.id) && p.requirements?.length)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => ({
      practiceName: p.name,
      lines: checkLines(clinician, documents, today, verifierName, p.requirements),
    }));
  const pdf = await evidencePackPdf({
    clinician,
    organisationName: orgName ?? 'Rota Bank',
    lines,
    practices: practiceChecks,
    generatedAt: now.toISOString(),
    formatInstant: london,
  });
  const slug =
    clinician.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'clinician';
  return { pdf, fileName: `evidence-pack-${slug}.pdf` };
}
