import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Real event shapes, shared by tests and by local invocation: each call returns a fresh copy to change at will. */
export function loadEvent<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, `${name}.json`), 'utf8')) as T;
}
