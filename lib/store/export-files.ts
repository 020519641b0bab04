import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Where payroll CSVs are kept: S3 in AWS, a folder locally. */
export interface ExportFiles {
  /** Streams `body` to `key`, replacing what was there only once the whole file is written. */
  write(key: string, body: Readable): Promise<{ bytes: number }>;
  read(key: string): Promise<string>;
  /** A short-lived address to download from (15 minutes), or undefined where the store has none (a folder). */
  downloadUrl(key: string, filename: string): Promise<string | undefined>;
}

export const CSV_TYPE = 'text/csv; charset=utf-8';

/** Local runtime: files under a folder. Written to a temporary name, then renamed, so a crash never leaves half a CSV. */
export function folderExportFiles(root: string): ExportFiles {
  const pathOf = (key: string) => {
    const path = resolve(root, key);
    if (!path.startsWith(resolve(root))) throw new Error(`export key escapes its folder: ${key}`);
    return path;
  };
  return {
    async write(key, body) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.${Date.now()}.part`;
      let bytes = 0;
      body.on('data', (chunk: Buffer | string) => {
        bytes += Buffer.byteLength(chunk);
      });
      try {
        await pipeline(body, createWriteStream(temporary));
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return { bytes };
    },
    read: (key) => readFile(pathOf(key), 'utf8'),
    downloadUrl: async () => undefined,
  };
}
