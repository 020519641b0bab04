import { appendFileSync, mkdirSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { addLogContext, withLogScope } from '../lib/logger';
import { lambdaContext } from './api-event';
import { ROOT } from './server';

/**
 * What the local pumps share in standing in for Lambda's event sources: the
 * function a path names, run as its own invocation, and the queue a record
 * that kept failing is parked in.
 */

/** The handler a module exports (a path from the repository root, loaded at the first call), or the handler itself. */
export function handlerOf<H>(spec: string | H): () => Promise<H> {
  if (typeof spec !== 'string') return () => Promise.resolve(spec);
  let loaded: Promise<H> | undefined;
  return () =>
    (loaded ??= import(pathToFileURL(isAbsolute(spec) ? spec : join(ROOT, spec)).href).then(
      (m: { handler: H }) => m.handler,
    ));
}

/** Runs `call` as an invocation of the function `name`: its own Lambda context and log scope, never a caller's keys. */
export function asInvocation<T>(
  name: string,
  scope: Record<string, string>,
  call: (context: ReturnType<typeof lambdaContext>) => Promise<T>,
): Promise<T> {
  const context = lambdaContext(name);
  return withLogScope(scope, () => {
    addLogContext(context);
    return call(context);
  });
}

export interface DeadLetter {
  consumer: string;
  at: string;
  error: string;
  record: unknown;
}

/** Parked records, kept in memory and, with a data folder, appended to `<dataDir>/dead-letters.jsonl`. */
export class DeadLetters {
  readonly letters: DeadLetter[] = [];
  private readonly file?: string;

  constructor(dataDir?: string) {
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, 'dead-letters.jsonl');
  }

  add(consumer: string, error: string, record: unknown): void {
    const letter: DeadLetter = { consumer, at: new Date().toISOString(), error, record };
    this.letters.push(letter);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(letter)}\n`);
  }
}
