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
  const runtime = await spawnRuntime({ args: ['--memory'] });
  project.provide('baseUrl', runtime.baseUrl);
  return () => runtime.stop();
}
