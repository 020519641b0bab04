/** Evidence a clinician keeps on file; API.md v1.1 "Compliance evidence and joining the bank". Kept apart from the content checks (Node's Buffer) so the web app can read it. */
export const DOCUMENT_TYPES = [
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
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
