import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every module-level schema and route is written `/* @__PURE__ *\/ declared(() => ...)`
 * (lib/schemas/declared.ts), so a Lambda bundle keeps only the ones its
 * handler reaches. One written plainly is built in every handler that imports
 * its module, wanted or not: nothing fails, cold starts just grow. This reads
 * the source as esbuild will: a top-level `const` whose value makes a call.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const FOLDERS = ['lib/schemas', 'lib/routes'];
/** The route table and the OpenAPI builder serve GET /openapi.json alone, which needs all of them. */
const EXEMPT = new Set(['lib/schemas/declared.ts', 'lib/routes/index.ts', 'lib/routes/openapi.ts']);

const ARROW = /^(async\s+)?(<[^>]*>\s*)?(\([^)]*\)|[\w$]+)\s*(:[^=]+)?=>/;

/** Top-level `const` statements that call something on load without the pure mark, as `file:line name`. */
function unmarkedDeclarations(file: string, text: string): string[] {
  const lines = text.split('\n');
  const found: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(?:export )?const ([\w$]+)(?::[^=]+)? = (.*)$/.exec(lines[i]!);
    if (!m) continue;
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] !== '' && /^[\s)}\].]/.test(lines[j + 1]!)) j++;
    const value = [m[2]!, ...lines.slice(i + 1, j + 1)].join('\n');
    i = j;
    if (value.startsWith('/* @__PURE__ */ declared(() =>')) continue;
    if (ARROW.test(value)) continue;
    if (/[\w$)\]]\s*\(/.test(value.replace(/\/(?:\\.|[^/\n])+\/[a-z]*/g, '""').replace(/'[^'\n]*'/g, "''"))) {
      found.push(`${file}:${i + 1} ${m[1]}`);
    }
  }
  return found;
}

describe('module-level schemas and routes', () => {
  it('are all declared pure, so a bundle builds only those its handler reaches', () => {
    const unmarked = FOLDERS.flatMap((folder) =>
      readdirSync(join(ROOT, folder))
        .filter((f) => f.endsWith('.ts'))
        .map((f) => `${folder}/${f}`)
        .filter((f) => !EXEMPT.has(f))
        .flatMap((f) => unmarkedDeclarations(f, readFileSync(join(ROOT, f), 'utf8'))),
    );
    expect(unmarked).toEqual([]);
  });

  it('reads a plain schema, a plain route and an object of schemas as unmarked, and functions and constants as fine', () => {
    const text = [
      'export const A = z.object({ a: z.string() });',
      'export const B = defineRoute({',
      "  method: 'GET',",
      '});',
      'const fields = {',
      '  name: z.string(),',
      '};',
      'export const C = /* @__PURE__ */ declared(() => z.string());',
      'const page = <T extends z.ZodType>(name: string, item: T) =>',
      '  z.object({ [name]: z.array(item) });',
      'export const LIMIT = 42;',
      'const ODS = /^\\s*[A-Za-z]\\d{5}\\s*$/;',
      "export const ALL: readonly string[] = ['admin', 'manager'];",
    ].join('\n');
    expect(unmarkedDeclarations('x.ts', text)).toEqual(['x.ts:1 A', 'x.ts:4 B', 'x.ts:7 fields']);
  });
});
