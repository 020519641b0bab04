import type { DocumentType } from './document-types';
import { type EvidenceHolder, ROLE_REQUIREMENTS, requiredCount, requiredTypes } from './requirements';
import type { Role } from './types';

/** DOMAIN.md "Required documents by role": one table, kept in `requirements.ts`. */
export const ROLE_DOCUMENTS = ROLE_REQUIREMENTS;
export { requiredCount };

/** Every type any of the roles requires, in the order of the GP's list (the longest). */
export function requiredDocumentTypes(roles: readonly Role[]): DocumentType[] {
  const wanted = new Set(roles.flatMap((r) => ROLE_REQUIREMENTS[r] ?? []));
  return ROLE_REQUIREMENTS.gp.filter((t) => wanted.has(t));
}

/**
 * What a clinician who joins by invite must hold, in the same order: their
 * roles' sets, and hepatitis B for a professional who takes blood or does
 * procedures (the same rule derived compliance applies).
 */
export function requiredDocumentTypesFor(c: { roles: readonly Role[]; skills?: readonly string[] }): DocumentType[] {
  const wanted = new Set(
    requiredTypes({
      roles: [...c.roles],
      skills: [...(c.skills ?? [])],
      joinedByInvite: true,
      compliance: { rightToWork: false },
    }),
  );
  return ROLE_REQUIREMENTS.gp.filter((t) => wanted.has(t));
}

/**
 * The checks an evidence pack lists: every check of the clinician's roles
 * (DOMAIN.md's list, which CQC expects of every locum), and any other the
 * clinician is judged on (v1's rule counts an indemnity once recorded, of
 * any role), so the pack shows whatever keeps them from being booked.
 */
export function packDocumentTypes(c: EvidenceHolder & { roles: readonly Role[] }): DocumentType[] {
  const wanted = new Set([...requiredDocumentTypesFor(c), ...requiredTypes({ ...c, roles: [...c.roles] })]);
  return ROLE_REQUIREMENTS.gp.filter((t) => wanted.has(t));
}
