import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import {
  LAMBDA_NODE_FLAGS,
  lambdaBuildOptions,
  packagesIn,
  SDK_CLIENT_EXPORTS,
  sdkFloorEntry,
} from '../cdk/constructs/lambda-bundling';
import { ROUTES, type Route } from '../lib/routes/index';
import { pool } from './support';

const ROOT = resolve(import.meta.dirname, '..');

export interface BundleFigure {
  handler: string;
  kb: number;
  /** Wall time of the import, median of the runs: the figure the goal is judged on. */
  importMs: number;
  /** importMs over the empty handler's. */
  ratio: number;
  /** CPU time (user + system) of the import, median: far less swayed by other work on the machine. */
  importCpuMs: number;
  /**
   * From the process's start to the handler module loaded, median: what a cold
   * start waits for before the first event, Node's own start-up included.
   */
  readyMs: number;
  /** The AWS SDK clients in the bundle (lib-dynamodb counted as one): what its floor imports. */
  sdkClients: string[];
  /** A bundle importing those clients alone, and its import time (median, measured the same way). */
  sdkKb: number;
  sdkImportMs: number;
  /** importMs over sdkImportMs: issue 17 wants at most 1.5. */
  sdkRatio: number;
  /** The floor's import CPU time and importCpuMs over it: the same ratio, far less swayed by other work on the machine. */
  sdkImportCpuMs: number;
  sdkCpuRatio: number;
}

export interface BundlesBench {
  emptyKb: number;
  emptyImportMs: number;
  emptyImportCpuMs: number;
  emptyReadyMs: number;
  bundles: BundleFigure[];
  /** Of the largest bundle: what its bytes are made of. */
  largest: { handler: string; inputs: { path: string; kb: number }[]; packages: { name: string; kb: number }[] };
  runs: number;
}

/** Every deployed handler module: the route table's (bar local-only routes) and the event functions. */
export function deployedHandlers(): string[] {
  const http = (ROUTES as readonly Route[]).filter((r) => !r.localOnly).map((r) => r.handler);
  const events = readdirSync(join(ROOT, 'functions'))
    .filter((f) => /^(on|run)-.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''));
  return [...new Set([...http, ...events])].filter((h) => existsSync(join(ROOT, 'functions', `${h}.ts`)));
}

/** The options RotaFunction gives NodejsFunction, as the esbuild call CDK makes from them (from the repository root). */
async function bundle(entry: string, outdir: string): Promise<{ file: string; metafile: Metafile }> {
  const file = join(outdir, 'index.mjs');
  const result = await build({ absWorkingDir: ROOT, ...lambdaBuildOptions(entry, file) });
  return { file, metafile: result.metafile };
}

interface ImportTimes {
  wall: number;
  cpu: number;
  ready: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function importOnce(runner: string, file: string): ImportTimes {
  const out = spawnSync(process.execPath, [...LAMBDA_NODE_FLAGS, runner, file], {
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      PATH: process.env.PATH,
      TABLE_NAME: 'rota-bank',
      AWS_REGION: 'eu-west-2',
      POWERTOOLS_SERVICE_NAME: 'rota-bank',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  const [wall, cpu, ready] = (out.stdout.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
  if (out.status !== 0 || ![wall, cpu, ready].every(Number.isFinite))
    throw new Error(`importing ${file} failed: ${out.stderr.slice(-1000)}`);
  return { wall: wall!, cpu: cpu!, ready: ready! };
}

const medians = (times: ImportTimes[]): ImportTimes => ({
  wall: median(times.map((t) => t.wall)),
  cpu: median(times.map((t) => t.cpu)),
  ready: median(times.map((t) => t.ready)),
});

/** How many handlers are imported between two imports of each SDK floor within a round. */
const FLOOR_EVERY = 10;

/**
 * Import times of several bundles, each in a fresh `node` per run, as a cold
 * start pays them: the functions' Node flags (LAMBDA_NODE_FLAGS) and the
 * handler's variables. The bundles take turns, one import each a round, so
 * a handler and its SDK floor share whatever else the machine was doing in
 * those rounds, and their ratio is not one quiet moment's floor against
 * another's handler. The floors, which every ratio is divided by, are
 * imported again after every FLOOR_EVERY handlers of a round: a median of
 * five imports taken at the rounds' starts once came out slower than the
 * handlers that contain the floor (50.9 ms against 43 ms for get-health).
 */
function importTimes(
  runner: string,
  files: readonly string[],
  runs: number,
  floors: readonly string[] = [],
): Map<string, ImportTimes> {
  const times = new Map<string, ImportTimes[]>([...floors, ...files].map((f) => [f, []]));
  const once = (file: string) => times.get(file)!.push(importOnce(runner, file));
  for (let i = 0; i < runs; i++) {
    for (const [n, file] of files.entries()) {
      if (n % FLOOR_EVERY === 0) floors.forEach(once);
      once(file);
    }
    floors.forEach(once);
  }
  return new Map([...times].map(([file, t]) => [file, medians(t)]));
}

const packageOf = (path: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return m ? m[1]! : path.startsWith('lib/') || path.startsWith('functions/') ? '(our code)' : path;
};

export async function benchBundles(opts: { runs: number; handlers?: string[] }): Promise<BundlesBench> {
  const dir = mkdtempSync(join(tmpdir(), 'rota-bench-bundles-'));
  try {
    const runner = join(dir, 'measure.mjs');
    writeFileSync(
      runner,
      [
        "import { pathToFileURL } from 'node:url';",
        'const started = performance.now();',
        'const cpu = process.cpuUsage();',
        'await import(pathToFileURL(process.argv[2]).href);',
        'const used = process.cpuUsage(cpu);',
        // performance.now() counts from the process's start.
        "process.stdout.write([performance.now() - started, (used.user + used.system) / 1000, performance.now()].join(' '));",
      ].join('\n'),
    );
    const emptyEntry = join(dir, 'empty.ts');
    writeFileSync(emptyEntry, 'export const handler = async () => ({ statusCode: 200, body: "" });\n');
    const empty = await bundle(emptyEntry, join(dir, 'empty'));

    // The floor of each set of SDK clients a handler uses, bundled once a set.
    const floorDir = join(ROOT, 'node_modules', '.cache', 'rota-bench-floors');
    mkdirSync(floorDir, { recursive: true });
    const floors = new Map<string, { kb: number; file: string }>();
    const floorOf = async (clients: string[]) => {
      const key = clients.join(' ') || '(none)';
      if (!floors.has(key)) {
        const entry = join(floorDir, `${key.replace(/\W+/g, '-')}.ts`);
        writeFileSync(entry, `${sdkFloorEntry(clients)}\n`);
        const built = await bundle(entry, join(dir, 'floors', key.replace(/\W+/g, '-')));
        floors.set(key, { kb: statSync(built.file).size / 1024, file: built.file });
      }
      return floors.get(key)!;
    };

    const handlers = opts.handlers ?? deployedHandlers();
    const built = await pool(handlers, 2, async (h) => ({
      handler: h,
      ...(await bundle(join(ROOT, 'functions', `${h}.ts`), join(dir, h.replace(/\W/g, '-')))),
    }));
    const measured = [];
    for (const b of built) {
      const output = Object.values(b.metafile.outputs).find((o) => o.entryPoint)!;
      const sdkClients = [...packagesIn(output.inputs)].filter((p) => p in SDK_CLIENT_EXPORTS).sort();
      measured.push({ ...b, sdkClients, floor: await floorOf(sdkClients) });
    }
    // Every bundle once a round, the empty handler among them, and the floors all through each round: each
    // median comes from the same rounds, a minute or two apart, as the floor it is divided by.
    const times = importTimes(
      runner,
      [empty.file, ...measured.map((b) => b.file)],
      opts.runs,
      [...floors.values()].map((f) => f.file),
    );
    const emptyTimes = times.get(empty.file)!;
    const emptyImportMs = emptyTimes.wall;
    const bundles: BundleFigure[] = measured.map((b) => {
      const t = times.get(b.file)!;
      const floorMs = times.get(b.floor.file)!.wall;
      const floorCpuMs = times.get(b.floor.file)!.cpu;
      return {
        handler: b.handler,
        kb: statSync(b.file).size / 1024,
        importMs: t.wall,
        ratio: t.wall / emptyImportMs,
        importCpuMs: t.cpu,
        readyMs: t.ready,
        sdkClients: b.sdkClients,
        sdkKb: b.floor.kb,
        sdkImportMs: floorMs,
        sdkRatio: t.wall / floorMs,
        sdkImportCpuMs: floorCpuMs,
        sdkCpuRatio: t.cpu / floorCpuMs,
      };
    });
    bundles.sort((a, b) => b.kb - a.kb);

    const largest = built.find((b) => b.handler === bundles[0]!.handler)!;
    const output = Object.values(largest.metafile.outputs).find((o) => o.entryPoint)!;
    const inputs = Object.entries(output.inputs)
      .map(([path, v]) => ({ path, kb: v.bytesInOutput / 1024 }))
      .sort((a, b) => b.kb - a.kb);
    const byPackage = new Map<string, number>();
    for (const i of inputs) byPackage.set(packageOf(i.path), (byPackage.get(packageOf(i.path)) ?? 0) + i.kb);
    return {
      emptyKb: statSync(empty.file).size / 1024,
      emptyImportMs,
      emptyImportCpuMs: emptyTimes.cpu,
      emptyReadyMs: emptyTimes.ready,
      bundles,
      largest: {
        handler: largest.handler,
        inputs: inputs.slice(0, 5),
        packages: [...byPackage.entries()]
          .map(([name, kb]) => ({ name, kb }))
          .sort((a, b) => b.kb - a.kb)
          .slice(0, 8),
      },
      runs: opts.runs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
