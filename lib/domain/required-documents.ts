import type { DocumentType } from './document-types';
import type { Role } from './types';

const CLINICAL_REGISTERED: readonly DocumentType[] = [
  'registration',
  'indemnity',
  'dbs',
  'training-bls',
  'training-safeguarding-adults',
  'training-safeguarding-children',
  'right-to-work',
  'photo-id',
  'reference',
  'cv',
];
const SUPPORT: readonly DocumentType[] = [
  'dbs',
  'training-bls',
  'training-safeguarding-adults',
  'training-safeguarding-children',
  'right-to-work',
  'photo-id',
  'reference',
  'hep-b',
];

/** DOMAIN.md "Required documents by role": the defaults every organisation starts from. */
export const ROLE_DOCUMENTS: Readonly<Record<Role, readonly DocumentType[]>> = {
  gp: [
    'registration',
    'performers-list',
    'indemnity',
    'dbs',
    'training-bls',
    'training-safeguarding-adults',
    'training-safeguarding-children',
    'right-to-work',
    'photo-id',
    'reference',
    'cv',
    'hep-b',
  ],
  anp: CLINICAL_REGISTERED,
  'practice-nurse': CLINICAL_REGISTERED,
  paramedic: CLINICAL_REGISTERED,
  pharmacist: CLINICAL_REGISTERED,
  'msk-practitioner': CLINICAL_REGISTERED,
  hca: SUPPORT,
  phlebotomist: SUPPORT,
  'health-coach': [
    'dbs',
    'training-safeguarding-adults',
    'training-safeguarding-children',
    'right-to-work',
    'photo-id',
    'reference',
  ],
};

/** How many of a type are required: two references, one of anything else. */
export const requiredCount = (type: DocumentType): number => (type === 'reference' ? 2 : 1);

/** Every type any of the roles requires, in the order of the GP's list (the longest). */
export function requiredDocumentTypes(roles: readonly Role[]): DocumentType[] {
  const wanted = new Set(roles.flatMap((r) => ROLE_DOCUMENTS[r] ?? []));
  const order = [...ROLE_DOCUMENTS.gp];
  return order.filter((t) => wanted.has(t));
}
