import * as z from 'zod/mini';
import { defineRoute } from '../http/route';
import { ReasonBody } from '../schemas/booking';
import { ListQuerySchema } from '../schemas/common';
import { declared } from '../schemas/declared';
import { DeclareDocumentBody, DocumentRecord, DocumentUpload } from '../schemas/documents';
import { page } from './shared';

export const declareDocument = /* @__PURE__ */ declared(() =>
  defineRoute<typeof declareDocumentReplies>()({
    method: 'POST',
    path: '/clinicians/{id}/documents',
    handler: 'http/declare-document',
    access: ['admin', 'hr', 'clinician'],
    needs: ['documents'],
    summary: 'Declare a compliance document and get where to PUT its file (PDF, JPEG or PNG by content, at most 10 MB)',
    tags: ['Documents'],
    body: DeclareDocumentBody,
  }),
);

export const declareDocumentReplies = /* @__PURE__ */ declared(() => ({
  201: z.object({ document: DocumentRecord, upload: DocumentUpload }),
}));

export const listDocuments = /* @__PURE__ */ declared(() =>
  defineRoute<typeof listDocumentsReplies>()({
    method: 'GET',
    path: '/clinicians/{id}/documents',
    handler: 'http/list-documents',
    access: ['admin', 'hr', 'clinician'],
    summary: "A clinician's documents, oldest first",
    tags: ['Documents'],
    query: ListQuerySchema,
  }),
);

export const listDocumentsReplies = /* @__PURE__ */ declared(() => ({ 200: page('documents', DocumentRecord) }));

export const getDocumentFile = /* @__PURE__ */ declared(() =>
  defineRoute<typeof getDocumentFileReplies>()({
    method: 'GET',
    path: '/documents/{id}/file',
    handler: 'http/get-document-file',
    access: ['admin', 'hr', 'clinician'],
    needs: ['documents'],
    summary: "A document's file (409 INVALID_STATE before it arrives or once refused)",
    tags: ['Documents'],
    errors: [409],
  }),
);

export const getDocumentFileReplies = /* @__PURE__ */ declared(() => ({
  200: { type: 'application/octet-stream', description: 'The file, in the local runtime' },
  302: { type: 'redirect', description: 'In AWS: `location` is a 15-minute download address' },
}));

export const verifyDocument = /* @__PURE__ */ declared(() =>
  defineRoute<typeof verifyDocumentReplies>()({
    method: 'POST',
    path: '/documents/{id}/verify',
    handler: 'http/verify-document',
    access: ['admin', 'hr'],
    needs: ['documents'],
    summary:
      'Verify a pending document, recording who and when; its file is checked by content again (400 VALIDATION and deleted if refused)',
    tags: ['Documents'],
    errors: [400, 409],
  }),
);

export const verifyDocumentReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ document: DocumentRecord }) }));

export const rejectDocument = /* @__PURE__ */ declared(() =>
  defineRoute<typeof rejectDocumentReplies>()({
    method: 'POST',
    path: '/documents/{id}/reject',
    handler: 'http/reject-document',
    access: ['admin', 'hr'],
    summary: 'Reject a pending document, saying why',
    tags: ['Documents'],
    body: ReasonBody,
    errors: [409],
  }),
);

export const rejectDocumentReplies = /* @__PURE__ */ declared(() => ({ 200: z.object({ document: DocumentRecord }) }));
