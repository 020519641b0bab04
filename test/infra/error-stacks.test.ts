import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_NODE_FLAGS, lambdaBuildOptions } from '../../cdk/constructs/lambda-bundling';

/**
 * Functions start without `--enable-source-maps` (it parses the whole map at
 * every cold start), so the logger maps an error's stack itself, from the
 * map shipped beside the bundle. Built as a function is built, run as a
 * function runs.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(ROOT, 'test', 'support', 'stack-fixture.ts');
const throwLine =
  readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('throw new Error')) + 1;

let dir: string;
let bundleFile: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rota-error-stacks-'));
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    [
      `import { logger } from ${JSON.stringify(join(ROOT, 'lib', 'logger'))};`,
      `import { callThrough } from ${JSON.stringify(FIXTURE)};`,
      'try {',
      "  callThrough('for the test');",
      '} catch (error) {',
      "  logger.error('the handler failed', error as Error);",
      '}',
    ].join('\n'),
  );
  bundleFile = join(dir, 'out', 'index.mjs');
  await build({ absWorkingDir: ROOT, ...lambdaBuildOptions(entry, bundleFile) });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function loggedError(): { location: string; stack: string; message: string } {
  const run = spawnSync(process.execPath, [...LAMBDA_NODE_FLAGS, bundleFile], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, POWERTOOLS_SERVICE_NAME: 'rota-bank' },
  });
  expect(run.status, run.stderr).toBe(0);
  // Powertools writes error lines to stderr.
  const line = JSON.parse(run.stderr.trim().split('\n').at(-1)!);
  expect(line.message).toBe('the handler failed');
  return line.error;
}

describe('an error logged by a bundled function', () => {
  it('names the source file and line it was thrown from, with Node not reading source maps at start', () => {
    expect(LAMBDA_NODE_FLAGS).not.toContain('--enable-source-maps');
    const error = loggedError();
    expect(error.message).toBe('deep failure: for the test');
    expect(error.location).toBe(`test/support/stack-fixture.ts:${throwLine}`);
    const frames = error.stack.split('\n').slice(1);
    expect(frames[0]).toContain(`test/support/stack-fixture.ts:${throwLine}:`);
    // The caller's frame is mapped too, not only the first.
    expect(frames[1]).toMatch(/test\/support\/stack-fixture\.ts:7:\d+/);
    expect(error.stack).not.toContain('index.mjs');
  });

  it('keeps the bundle’s own positions when no map is beside it', () => {
    rmSync(`${bundleFile}.map`);
    const error = loggedError();
    expect(error.message).toBe('deep failure: for the test');
    expect(error.stack.split('\n')[1]).toMatch(/index\.mjs:\d+:\d+/);
    expect(error.location).toMatch(/index\.mjs:\d+$/);
  });
});
