import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where evidence files live: the documents bucket in AWS, a folder under DATA_DIR locally. */
export interface DocumentFiles {
  /** An address the browser PUTs the file to, and the headers it must send. */
  uploadUrl(
    key: string,
    file: { contentType: string; bytes: number; uploadPath: string },
  ): Promise<{ url: string; headers: Record<string, string> }>;
  /** The file, or one version of it where the store keeps versions (the bucket; the folder keeps one). */
  read(key: string, version?: string): Promise<Buffer | undefined>;
  write(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** Deletes the file, or only the one version named (then an earlier one, if any, is the file again). */
  delete(key: string, version?: string): Promise<void>;
  /**
   * How a reader gets the file: a short-lived address to download it from (the
   * bucket), or its bytes for the API to serve (the folder); undefined if the
   * folder has no such file.
   */
  download(
    key: string,
    file: { fileName: string; contentType: string; version?: string },
  ): Promise<{ url: string } | { bytes: Buffer } | undefined>;
}

/** The local runtime's: files under `dir`, uploaded through its own `PUT /dev/uploads/...`. */
export function folderDocumentFiles(dir: string): DocumentFiles {
  const root = resolve(dir);
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(root + sep)) throw new Error('A document key must stay inside the documents folder');
    return path;
  };
  const read = async (key: string) => {
    try {
      return await readFile(pathOf(key));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
  return {
    async uploadUrl(_key, file) {
      return { url: file.uploadPath, headers: { 'content-type': file.contentType } };
    },
    read,
    async write(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes, { flag: 'wx' });
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
    // The API serves the bytes itself: the folder has no address of its own to hand out.
    async download(key) {
      const bytes = await read(key);
      return bytes ? { bytes } : undefined;
    },
  };
}

export const localDocumentsDir = (c: { DATA_DIR?: string; DOCUMENTS_DIR?: string }) =>
  c.DOCUMENTS_DIR ?? join(c.DATA_DIR ?? '.data', 'documents');
