import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps';
import type { Caller } from '../domain/caller';
import {
  checkDocumentContent,
  type DocumentContentType,
  type DocumentType,
  MAX_DOCUMENT_BYTES,
} from '../domain/documents';
import { ConflictError, ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from '../domain/errors';
import type { VerifiedEvidence } from '../domain/requirements';
import type { DocumentFiles } from '../store/document-files';
import type { EvidenceDocument } from '../store/documents';
import * as keys from '../store/keys';
import type { Page, PageRequest } from '../store/page';
import { AGAIN, type Again, type RetryPolicy, retry } from '../store/retry';
import { found } from './access';

export interface DeclareDocumentBody {
  type: DocumentType;
  issuedOn?: string;
  expiresOn?: string;
  fileName: string;
  contentType: DocumentContentType;
  bytes: number;
}

/** Verifications of one clinician's documents racing each other: each retry reads the profile again. */
const verifyRetry = (random: () => number): RetryPolicy => ({ attempts: 5, baseMs: 10, capMs: 80, random });

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Admin and HR see everyone's evidence; a clinician only their own; nobody else any. */
function assertMayHandle(caller: Caller, clinicianId: string): void {
  if (caller.role === 'admin' || caller.role === 'hr') return;
  if (caller.role === 'clinician' && caller.clinicianId === clinicianId) return;
  throw new ForbiddenError('Only admin, HR and the clinician may see or add their documents');
}

async function documentFor(caller: Caller, id: string, deps: Pick<Deps, 'documents'>): Promise<EvidenceDocument> {
  const doc = found(await deps.documents.get(caller.orgId, id), caller, 'document', id);
  if (caller.role === 'clinician' && caller.clinicianId !== doc.clinicianId) {
    throw new ForbiddenError('A clinician may see only their own documents');
  }
  return doc;
}

/**
 * Records a document as pending and hands back where to send the file. The
 * size is refused here, before anything is stored; the bytes are checked when
 * they arrive (locally) or before HR can verify them (in AWS).
 */
export async function declareDocument(
  caller: Caller,
  clinicianId: string,
  body: DeclareDocumentBody,
  deps: Pick<Deps, 'clock' | 'newId' | 'clinicians' | 'documents'>,
  files: Pick<DocumentFiles, 'uploadUrl'>,
): Promise<{ document: EvidenceDocument; upload: { url: string; method: 'PUT'; headers: Record<string, string> } }> {
  // Another organisation's clinician answers 404 before any role check says more.
  found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  assertMayHandle(caller, clinicianId);
  if (body.bytes > MAX_DOCUMENT_BYTES) throw new PayloadTooLargeError('A document may be at most 10 MB');
  if (body.issuedOn && body.expiresOn && body.expiresOn < body.issuedOn) {
    throw new ValidationError('The document expires before it was issued', [
      { path: 'body.expiresOn', message: 'must be on or after issuedOn' },
    ]);
  }
  const id = deps.newId();
  const token = randomBytes(32).toString('base64url');
  const document: EvidenceDocument = {
    id,
    orgId: caller.orgId,
    clinicianId,
    type: body.type,
    status: 'pending',
    ...(body.issuedOn ? { issuedOn: body.issuedOn } : {}),
    ...(body.expiresOn ? { expiresOn: body.expiresOn } : {}),
    fileName: body.fileName,
    contentType: body.contentType,
    bytes: body.bytes,
    fileKey: keys.documentFile(caller.orgId, clinicianId, id),
    uploadTokenHash: hash(token),
    createdAt: deps.clock.now().toISOString(),
    createdBy: caller.userId,
  };
  await deps.documents.create(document);
  const upload = await files.uploadUrl(document.fileKey, {
    contentType: body.contentType,
    bytes: body.bytes,
    uploadPath: `/dev/uploads/${encodeURIComponent(caller.orgId)}/${id}?token=${token}`,
  });
  return { document, upload: { url: upload.url, method: 'PUT', headers: upload.headers } };
}

/** A page of the clinician's documents, oldest first. */
export async function listDocuments(
  caller: Caller,
  clinicianId: string,
  page: PageRequest,
  deps: Pick<Deps, 'clinicians' | 'documents'>,
): Promise<Page<EvidenceDocument>> {
  // Another organisation's clinician answers 404 before any role check says more.
  found(await deps.clinicians.get(caller.orgId, clinicianId), caller, 'clinician', clinicianId);
  assertMayHandle(caller, clinicianId);
  return deps.documents.pageOfClinician(caller.orgId, clinicianId, page);
}

/** Why these bytes cannot be the document's file, or undefined when they are what was declared, of a kind taken. */
function refusalOf(doc: EvidenceDocument, bytes: Buffer): string | undefined {
  if (bytes.length !== doc.bytes) return `The file is ${bytes.length} bytes, not the declared ${doc.bytes}`;
  const check = checkDocumentContent(bytes, doc.contentType);
  return check.ok ? undefined : check.reason;
}

/** Checks the bytes; refused ones are deleted and the document marked invalid, so nothing of them is kept. */
async function refuseUnlessValid(
  doc: EvidenceDocument,
  bytes: Buffer,
  deps: Pick<Deps, 'clock' | 'documents'>,
  files: DocumentFiles,
) {
  const reason = refusalOf(doc, bytes);
  if (!reason) return;
  await files.delete(doc.fileKey, doc.fileVersion);
  await deps.documents.decide(doc, 'invalid', 'content-check', deps.clock.now().toISOString(), reason);
  throw new ValidationError('The file was refused and not kept', [{ path: 'body', message: reason }]);
}

/** The local runtime's upload address: checks the token and the bytes before anything is written. */
export async function receiveUpload(
  orgId: string,
  id: string,
  token: string,
  bytes: Buffer,
  deps: Pick<Deps, 'clock' | 'documents'>,
  files: DocumentFiles,
): Promise<EvidenceDocument> {
  const doc = await deps.documents.get(orgId, id);
  const expected = doc?.uploadTokenHash ? Buffer.from(doc.uploadTokenHash, 'hex') : undefined;
  const given = Buffer.from(hash(token), 'hex');
  if (!doc || !expected || !timingSafeEqual(expected, given)) throw new NotFoundError('No such upload address');
  if (doc.status !== 'pending' || doc.uploadedAt)
    throw new ConflictError('INVALID_STATE', 'This file was already sent');
  if (bytes.length > MAX_DOCUMENT_BYTES) throw new PayloadTooLargeError('A document may be at most 10 MB');
  const reason = refusalOf(doc, bytes);
  if (reason) {
    await deps.documents.decide(doc, 'invalid', 'content-check', deps.clock.now().toISOString(), reason);
    throw new ValidationError('The file was refused and not kept', [{ path: 'body', message: reason }]);
  }
  await files.write(doc.fileKey, bytes, doc.contentType);
  if (!(await deps.documents.markUploaded(doc, deps.clock.now().toISOString()))) {
    await files.delete(doc.fileKey);
    throw new ConflictError('INVALID_STATE', 'This file was already sent');
  }
  return { ...doc, uploadedAt: deps.clock.now().toISOString() };
}

export type UploadOutcome = 'kept' | 'refused' | 'already kept' | 'gone';

/**
 * AWS's counterpart of the local upload address. The browser PUTs the file
 * straight to the bucket (a presigned address, 15 minutes); S3 reports each
 * file it stores, one version of the object, and this checks its bytes as
 * `receiveUpload` does. A refused file is deleted and the document marked
 * invalid; the first file that passes becomes the document's (its version
 * kept, so later reads get those bytes), and any other file PUT to the same
 * address is deleted. Until a file has passed, nobody can download it. S3 may
 * report a file twice: the second report finds it kept and changes nothing.
 */
export async function checkUploadedFile(
  fileKey: string,
  version: string | undefined,
  deps: Pick<Deps, 'clock' | 'documents'>,
  files: DocumentFiles,
): Promise<UploadOutcome> {
  const [orgId = '', , id = ''] = fileKey.split('/');
  const doc = orgId && id ? await deps.documents.get(orgId, id) : undefined;
  const discard = async (): Promise<UploadOutcome> => {
    await files.delete(fileKey, version);
    return 'refused';
  };
  // No declaration made this address, or it has its file already, or was decided without one.
  if (!doc || doc.fileKey !== fileKey) return discard();
  // A store without versions cannot tell a report seen twice from a second file: it keeps what it has.
  if (doc.uploadedAt) return version === undefined || doc.fileVersion === version ? 'already kept' : discard();
  if (doc.status !== 'pending') return discard();
  const bytes = await files.read(fileKey, version);
  if (!bytes) return 'gone';
  const at = deps.clock.now().toISOString();
  const reason = bytes.length > MAX_DOCUMENT_BYTES ? 'A document may be at most 10 MB' : refusalOf(doc, bytes);
  if (reason) {
    await files.delete(fileKey, version);
    await deps.documents.decide(doc, 'invalid', 'content-check', at, reason);
    return 'refused';
  }
  if (await deps.documents.markUploaded(doc, at, version)) return 'kept';
  // Another report got there first: this same file (kept) or another one.
  const now = await deps.documents.get(orgId, id);
  return now?.uploadedAt && now.fileVersion === version ? 'already kept' : discard();
}

export async function documentFile(
  caller: Caller,
  id: string,
  deps: Pick<Deps, 'documents'>,
  files: Pick<DocumentFiles, 'download'>,
): Promise<{ url: string } | { bytes: Buffer; contentType: string; fileName: string }> {
  const doc = await documentFor(caller, id, deps);
  assertMayHandle(caller, doc.clinicianId);
  if (doc.status === 'invalid') throw new ConflictError('INVALID_STATE', 'This document was refused: no file is kept');
  // In AWS a file is in the bucket before its bytes are checked: none is served until they have passed.
  if (!doc.uploadedAt) throw new ConflictError('INVALID_STATE', 'The file has not been uploaded and checked yet');
  const file = await files.download(doc.fileKey, {
    fileName: doc.fileName,
    contentType: doc.contentType,
    ...(doc.fileVersion ? { version: doc.fileVersion } : {}),
  });
  if (!file) throw new ConflictError('INVALID_STATE', 'The file has not been uploaded yet');
  if ('url' in file) return file;
  return { bytes: file.bytes, contentType: doc.contentType, fileName: doc.fileName };
}

function assertHr(caller: Caller): void {
  if (caller.role !== 'admin' && caller.role !== 'hr')
    throw new ForbiddenError('Only admin and HR decide on documents');
}

/** HR's check of a pending document: the file must be there and pass the content check again (in AWS, the first time). */
export async function verifyDocument(
  caller: Caller,
  id: string,
  deps: Pick<Deps, 'clock' | 'clinicians' | 'documents' | 'random'>,
  files: DocumentFiles,
): Promise<EvidenceDocument> {
  assertHr(caller);
  const doc = await documentFor(caller, id, deps);
  if (doc.status !== 'pending') throw new ConflictError('INVALID_STATE', `This document is already ${doc.status}`);
  const bytes = await files.read(doc.fileKey, doc.fileVersion);
  if (!bytes) throw new ConflictError('INVALID_STATE', 'The file has not been uploaded yet');
  await refuseUnlessValid(doc, bytes, deps, files);
  const at = deps.clock.now().toISOString();
  const evidence: VerifiedEvidence = {
    documentId: doc.id,
    type: doc.type,
    ...(doc.issuedOn ? { issuedOn: doc.issuedOn } : {}),
    ...(doc.expiresOn ? { expiresOn: doc.expiresOn } : {}),
    verifiedAt: at,
  };
  // The profile's copy of the document's dates commits with the verification, so compliance never disagrees
  // with the documents; a profile changed meanwhile (another verification) is read again.
  return retry(
    verifyRetry(deps.random),
    async (): Promise<EvidenceDocument | Again> => {
      const clinician = await deps.clinicians.get(caller.orgId, doc.clinicianId);
      if (!clinician) throw new NotFoundError(`No clinician ${doc.clinicianId}`);
      const out = await deps.clinicians.addEvidence(
        clinician,
        evidence,
        deps.documents.verifyItem(doc, caller.userId, at),
      );
      if (out.ok) return { ...doc, status: 'verified', decidedBy: caller.userId, decidedAt: at };
      if (out.why === 'decided') throw new ConflictError('INVALID_STATE', 'This document was decided meanwhile');
      return AGAIN;
    },
    () => new ConflictError('INVALID_STATE', 'The clinician kept changing meanwhile; try again'),
  );
}

export async function rejectDocument(
  caller: Caller,
  id: string,
  reason: string,
  deps: Pick<Deps, 'clock' | 'documents'>,
): Promise<EvidenceDocument> {
  assertHr(caller);
  const doc = await documentFor(caller, id, deps);
  if (doc.status !== 'pending') throw new ConflictError('INVALID_STATE', `This document is already ${doc.status}`);
  const at = deps.clock.now().toISOString();
  if (!(await deps.documents.decide(doc, 'rejected', caller.userId, at, reason))) {
    throw new ConflictError('INVALID_STATE', 'This document was decided meanwhile');
  }
  return { ...doc, status: 'rejected', decidedBy: caller.userId, decidedAt: at, reason };
}
