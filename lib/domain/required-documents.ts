import type { DocumentType } from './document-types';
import { ROLE_REQUIREMENTS, requiredCount } from './requirements';
import type { Role } from './types';

/** DOMAIN.md "Required documents by role": one table, kept in `requirements.ts`. */
export const ROLE_DOCUMENTS = ROLE_REQUIREMENTS;
export { requiredCount };

/** Every type any of the roles requires, in the order of the GP's list (the longest). */
export function requiredDocumentTypes(roles: readonly Role[]): DocumentType[] {
  const wanted = new Set(roles.flatMap((r) => ROLE_REQUIREMENTS[r] ?? []));
  return ROLE_REQUIREMENTS.gp.filter((t) => wanted.has(t));
}
