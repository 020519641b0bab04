import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Stack traces in the source's terms, read from the bundle's source map only
 * when an error is logged.
 *
 * A Lambda bundle ships its source map beside it (`index.mjs.map`), but the
 * functions do not start Node with `--enable-source-maps`: that flag makes
 * Node read and parse the whole map as the bundle loads, which cost every cold
 * start 35-55 ms of CPU on a 350-490 KB handler (bench/results.md, issue 17
 * point 6). An error is rare; it pays instead, once per bundle file, when the
 * logger formats it.
 */

/** A frame's location in a bundled file: `file:///var/task/index.mjs:1:2345` or `/var/task/index.mjs:1:2345`. */
const BUNDLED_FRAME = /((?:file:\/\/)?\/[^\s():]+?\.m?js):(\d+):(\d+)/g;

const maps = new Map<string, SourceMap | undefined>();

function mapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      const path = file.startsWith('file:') ? fileURLToPath(file) : file;
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      // No map beside the file (or not one we can read): its frames stay as they are.
      map = undefined;
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/**
 * A source's path as the repository names it (`lib/use-cases/shifts.ts`,
 * `node_modules/zod/...`), not relative to wherever the bundle was built
 * (`../../../work/main/lib/use-cases/shifts.ts`).
 */
function repositoryPath(source: string): string {
  const path = source.replace(/^(?:\.\.?\/)+/, '');
  const from = /(?:^|\/)(node_modules\/.+)$/.exec(path) ?? /(?:^|\/)((?:lib|functions|cdk|test|bench)\/.+)$/.exec(path);
  return from ? from[1]! : path;
}

/**
 * `stack` with every frame in a bundled file that has a source map beside it
 * pointing at the source instead (`lib/store/shifts.ts:120:11`). Frames
 * without a map, and stacks Node has already mapped, come back unchanged.
 */
export function sourceStack(stack: string): string {
  if (process.sourceMapsEnabled) return stack;
  return stack.replace(BUNDLED_FRAME, (frame, file: string, line: string, column: string) => {
    const origin = mapOf(file)?.findOrigin(Number(line), Number(column));
    if (!origin || !('fileName' in origin) || !origin.fileName) return frame;
    return `${repositoryPath(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}`;
  });
}
