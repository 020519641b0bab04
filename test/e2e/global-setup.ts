import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import startRuntime from '../support/runtime-global-setup';

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds the web app first, so the runtime serves the current bundle from web/dist, then starts the runtime. */
export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ['--import', 'tsx', 'web/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  return startRuntime(project);
}
