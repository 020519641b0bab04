import * as z from 'zod/mini';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_TYPES } from '../domain/document-types';
import { DateSchema, Id, plainText } from './common';
import { declared } from './declared';
import { withMeta } from './meta';

export const DocumentTypeSchema = /* @__PURE__ */ declared(() =>
  withMeta(z.enum(DOCUMENT_TYPES), { description: 'What the document evidences' }),
);

export const DeclareDocumentBody = /* @__PURE__ */ declared(() =>
  withMeta(
    z.strictObject({
      type: DocumentTypeSchema,
      issuedOn: z.optional(DateSchema),
      expiresOn: z.optional(DateSchema),
      fileName: plainText(z.string().check(z.trim(), z.minLength(1), z.maxLength(200))),
      contentType: withMeta(z.enum(DOCUMENT_CONTENT_TYPES), { description: 'Must be what the bytes are' }),
      bytes: withMeta(z.number().check(z.int(), z.positive()), {
        description: 'The file size; over 10 MB answers 413',
      }),
    }),
    {
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
    },
  ),
);

export const DocumentRecord = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      id: Id,
      clinicianId: Id,
      type: DocumentTypeSchema,
      status: withMeta(z.enum(['pending', 'verified', 'rejected', 'invalid']), {
        description: 'pending until HR decides; invalid: the file was refused by its content and not kept',
      }),
      issuedOn: z.optional(z.string()),
      expiresOn: z.optional(z.string()),
      fileName: z.string(),
      contentType: z.string(),
      bytes: z.number().check(z.int()),
      uploaded: withMeta(z.boolean(), {
        description: 'Whether the file has arrived (locally; in AWS, checked at verify)',
      }),
      createdAt: z.string(),
      verifiedBy: z.optional(z.string()),
      verifiedAt: z.optional(z.string()),
      rejectedBy: z.optional(z.string()),
      rejectedAt: z.optional(z.string()),
      reason: z.optional(z.string()),
    }),
    { id: 'Document' },
  ),
);
export type DocumentRecord = z.output<typeof DocumentRecord>;

export const DocumentUpload = /* @__PURE__ */ declared(() =>
  withMeta(
    z.object({
      url: withMeta(z.string(), {
        description: "Where to PUT the file: a presigned S3 URL in AWS, the local runtime's own upload address locally",
      }),
      method: z.literal('PUT'),
      headers: z.record(z.string(), z.string()),
    }),
    { id: 'DocumentUpload' },
  ),
);
