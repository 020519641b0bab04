import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEvent } from '../../events';
import { resetConfig } from '../../lib/config';
import { resetDeps } from '../../lib/deps';
import type { Clinician } from '../../lib/domain/types';
import { type DocumentFiles, folderDocumentFiles } from '../../lib/store/document-files';
import type { EvidenceDocument } from '../../lib/store/documents';
import { checkUploadedFile, declareDocument, documentFile, verifyDocument } from '../../lib/use-cases/documents';
import { asClinician, clinician, ORG, seed } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

/**
 * In AWS a browser PUTs an evidence file straight to the bucket; S3 reports
 * it to `on-document-upload`, which checks the bytes before anyone can
 * download them. Driven here through the real handler (an S3 event as S3
 * sends it) on DynamoDB Local, with the local folder as the file store.
 */

const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0', 'latin1'),
  Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
]);
const polyglot = Buffer.concat([png.subarray(0, 33), Buffer.from('%PDF-1.4 hidden'), png.subarray(33)]);
const hr = { userId: 'usr-hr', email: 'hr@bank.example', role: 'hr' as const, orgId: ORG, practiceIds: [] };

/** The file store S3 is: every PUT a new version of the key, reads and deletes of the latest or of one version. */
function versionedFiles(): DocumentFiles & { versions: (key: string) => string[] } {
  const store = new Map<string, { version: string; bytes: Buffer }[]>();
  let next = 0;
  const latest = (key: string) => store.get(key)?.at(-1);
  return {
    versions: (key) => (store.get(key) ?? []).map((v) => v.version),
    async uploadUrl(key) {
      return { url: `https://bucket.example/${key}`, headers: {} };
    },
    async read(key, version) {
      const list = store.get(key) ?? [];
      return (version === undefined ? latest(key) : list.find((v) => v.version === version))?.bytes;
    },
    async write(key, bytes) {
      store.set(key, [...(store.get(key) ?? []), { version: `v${++next}`, bytes }]);
    },
    async delete(key, version) {
      store.set(key, version === undefined ? [] : (store.get(key) ?? []).filter((v) => v.version !== version));
    },
    // The bytes of the version asked for, so a test sees which version a reader is given.
    async download(key, file) {
      const list = store.get(key) ?? [];
      const bytes = (file.version === undefined ? latest(key) : list.find((v) => v.version === file.version))?.bytes;
      return bytes ? { bytes } : undefined;
    },
  };
}

describe('the check of a file S3 reports', () => {
  let deps: TestDeps;
  let files: DocumentFiles;
  let dir: string;
  let me: Clinician;
  let handler: (event: S3Event) => Promise<string[]>;
  const saved = { ...process.env };

  beforeAll(async () => {
    deps = await freshDeps();
    me = clinician();
    await seed(deps, [], [me]);
    dir = mkdtempSync(join(tmpdir(), 'rota-documents-'));
    files = folderDocumentFiles(dir);
    // The handler builds its own dependencies from the environment, as in Lambda.
    Object.assign(process.env, { TABLE_NAME: deps.table, DYNAMODB_ENDPOINT: deps.endpoint, DOCUMENTS_DIR: dir });
    delete process.env.DOCUMENTS_BUCKET;
    resetConfig();
    resetDeps();
    ({ handler } = await import('../../functions/on-document-upload'));
  });
  afterAll(() => {
    process.env = saved;
    resetConfig();
    resetDeps();
  });

  const declared = async (bytes: Buffer, contentType: 'application/pdf' | 'image/png', store = files) =>
    (
      await declareDocument(
        asClinician(me),
        me.id,
        { type: 'dbs', issuedOn: '2026-01-12', fileName: 'evidence', contentType, bytes: bytes.length },
        deps,
        store,
      )
    ).document;
  const reported = (doc: EvidenceDocument) => {
    const event = loadEvent<S3Event>('s3-document-uploaded');
    event.Records[0]!.s3.object.key = encodeURIComponent(doc.fileKey).replaceAll('%2F', '/');
    delete (event.Records[0]!.s3.object as { versionId?: string }).versionId;
    return event;
  };
  const now = (doc: EvidenceDocument) => deps.documents.get(doc.orgId, doc.id);

  it('keeps a file whose bytes are what was declared, and serves it only once it has passed', async () => {
    const doc = await declared(pdf, 'application/pdf');
    await files.write(doc.fileKey, pdf, 'application/pdf');
    // Stored by S3, not yet checked: nobody downloads it.
    await expect(documentFile(hr, doc.id, deps, files)).rejects.toMatchObject({ status: 409, code: 'INVALID_STATE' });

    expect(await handler(reported(doc))).toEqual(['kept']);
    expect(await now(doc)).toMatchObject({ status: 'pending', uploadedAt: expect.any(String) });
    expect(await documentFile(hr, doc.id, deps, files)).toMatchObject({ bytes: pdf, contentType: 'application/pdf' });
    // S3 reports it again: nothing changes, the file stays.
    expect(await handler(reported(doc))).toEqual(['already kept']);
    expect(await verifyDocument(hr, doc.id, deps, files)).toMatchObject({ status: 'verified' });
  });

  it('deletes a polyglot and a mislabelled file, and marks each document invalid with the reason', async () => {
    for (const [bytes, contentType] of [
      [polyglot, 'image/png'],
      [png, 'application/pdf'],
    ] as const) {
      const doc = await declared(bytes, contentType);
      await files.write(doc.fileKey, bytes, contentType);
      expect(await handler(reported(doc))).toEqual(['refused']);
      expect(existsSync(join(dir, doc.fileKey))).toBe(false);
      expect(await now(doc)).toMatchObject({
        status: 'invalid',
        decidedBy: 'content-check',
        reason: expect.any(String),
      });
      await expect(documentFile(hr, doc.id, deps, files)).rejects.toMatchObject({ status: 409 });
    }
  });

  it('deletes a file at an address no declaration made', async () => {
    const key = `${ORG}/${me.id}/doc-never-declared`;
    await files.write(key, pdf, 'application/pdf');
    expect(await handler(reported({ fileKey: key } as EvidenceDocument))).toEqual(['refused']);
    expect(existsSync(join(dir, key))).toBe(false);
  });

  it('in a versioned bucket keeps the first file that passes, and deletes a second one PUT to the same address', async () => {
    const bucket = versionedFiles();
    const doc = await declared(pdf, 'application/pdf', bucket);
    await bucket.write(doc.fileKey, pdf, 'application/pdf');
    const [first] = bucket.versions(doc.fileKey);
    expect(await checkUploadedFile(doc.fileKey, first, deps, bucket)).toBe('kept');
    expect(await now(doc)).toMatchObject({ fileVersion: first });

    // The address lives 15 minutes: another file of the same length arrives after the first passed.
    const other = Buffer.from(pdf.toString('latin1').replace('1 0 obj', '2 0 obj'), 'latin1');
    await bucket.write(doc.fileKey, other, 'application/pdf');
    const second = bucket.versions(doc.fileKey)[1]!;
    expect(await checkUploadedFile(doc.fileKey, second, deps, bucket)).toBe('refused');
    expect(bucket.versions(doc.fileKey)).toEqual([first]);
    // A late second report of the first file changes nothing; HR verifies and reads the first file's bytes.
    expect(await checkUploadedFile(doc.fileKey, first, deps, bucket)).toBe('already kept');
    expect(await documentFile(hr, doc.id, deps, bucket)).toMatchObject({ bytes: pdf });
    expect(await verifyDocument(hr, doc.id, deps, bucket)).toMatchObject({ status: 'verified' });
  });
});
