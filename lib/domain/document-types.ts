/* The words of documents, free of Node: the web app's forms read them through the schemas. */
/** Evidence a clinician keeps on file; API.md v1.1 "Compliance evidence and joining the bank". */
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

export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];
