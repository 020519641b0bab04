import type { TestProject } from 'vitest/node';
import { spawnRuntime } from './spawn-runtime';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/**
 * Starts the local runtime exactly as a user would (`npm start -- --memory`,
 * in a child process) and hands its address to the tests, which drive it
 * over HTTP as any client would.
 */
export default async function setup(project: TestProject) {
  // Without the demo's history: these tests count the shifts, timesheets and exports they make.
  // The local runtime's generous limits (local/main.ts) but for texts: test/http/rate-limits.test.ts checks AWS's
  // 20 a number. test/integration/invites.test.ts checks the invitation links' 30 a minute.
  const runtime = await spawnRuntime({
    args: ['--memory', '--no-history'],
    // Pinned, not left to local/main.ts's defaults: a shell that exports a lower limit must not break the matrix.
    env: { INVITE_LINK_RATE_PER_MINUTE: '1000', INBOUND_TEXTS_PER_NUMBER: '20' },
  });
  project.provide('baseUrl', runtime.baseUrl);
  return async () => {
    await runtime.stop();
    // RUNTIME_LOG_FILE: keep what the runtime logged (a 500's cause), which the tests' replies never show.
    if (process.env.RUNTIME_LOG_FILE)
      (await import('node:fs')).writeFileSync(process.env.RUNTIME_LOG_FILE, runtime.output());
  };
}
