import * as z from 'zod';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_TYPES } from '../domain/document-types';
import { DateSchema, Id, plainText } from './common';
import { declared } from './declared';

export const DocumentTypeSchema = /* @__PURE__ */ declared(() =>
  z.enum(DOCUMENT_TYPES).meta({ description: 'What the document evidences' }),
);

export const DeclareDocumentBody = /* @__PURE__ */ declared(() =>
  z
    .object({
      type: DocumentTypeSchema,
      issuedOn: DateSchema.optional(),
      expiresOn: DateSchema.optional(),
      fileName: plainText(z.string().trim().min(1).max(200)),
      contentType: z.enum(DOCUMENT_CONTENT_TYPES).meta({ description: 'Must be what the bytes are' }),
      bytes: z.number().int().positive().meta({ description: 'The file size; over 10 MB answers 413' }),
    })
    .strict()
    .meta({
      id: 'DeclareDocument',
      examples: [
        {
          type: 'dbs',
          issuedOn: '2026-01-12',
          fileName: 'dbs-certificate.pdf',
          contentType: 'application/pdf',
          bytes: 184_220,
        },
      ],
    }),
);

export const DocumentRecord = /* @__PURE__ */ declared(() =>
  z
    .object({
      id: Id,
      clinicianId: Id,
      type: DocumentTypeSchema,
      status: z.enum(['pending', 'verified', 'rejected', 'invalid']).meta({
        description: 'pending until HR decides; invalid: the file was refused by its content and not kept',
      }),
      issuedOn: z.string().optional(),
      expiresOn: z.string().optional(),
      fileName: z.string(),
      contentType: z.string(),
      bytes: z.number().int(),
      uploaded: z.boolean().meta({ description: 'Whether the file has arrived (locally; in AWS, checked at verify)' }),
      createdAt: z.string(),
      verifiedBy: z.string().optional(),
      verifiedAt: z.string().optional(),
      rejectedBy: z.string().optional(),
      rejectedAt: z.string().optional(),
      reason: z.string().optional(),
    })
    .meta({ id: 'Document' }),
);
export type DocumentRecord = z.output<typeof DocumentRecord>;

export const DocumentUpload = /* @__PURE__ */ declared(() =>
  z
    .object({
      url: z.string().meta({ description: 'Where to PUT the file (relative to the API in the local runtime)' }),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()),
    })
    .meta({ id: 'DocumentUpload' }),
);
