import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../../local/dynamodb-local';

const ROOT = resolve(import.meta.dirname, '../..');

export interface SpawnedRuntime {
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `local/main.ts` in a child process, as `npm start` would, and waits for /health. */
export async function spawnRuntime(
  options: { args?: string[]; env?: Record<string, string>; startTimeoutMs?: number } = {},
): Promise<SpawnedRuntime> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/main.ts', '--port', String(port), ...(options.args ?? [])],
    {
      cwd: ROOT,
      env: { ...process.env, POWERTOOLS_LOG_LEVEL: process.env.RUNTIME_LOG_LEVEL ?? 'WARN', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  // A machine shared with other work may need longer: RUNTIME_START_TIMEOUT_MS raises the default.
  const startTimeoutMs = options.startTimeoutMs ?? (Number(process.env.RUNTIME_START_TIMEOUT_MS) || 200_000);
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The local runtime exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The local runtime did not start within ${startTimeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    child,
    output: () => output,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          r();
        });
        child.kill(signal);
      }),
  };
}
