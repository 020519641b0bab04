import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

// Set before the runtime (and the logger inside it) is loaded.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.DDB_LOCAL_TELEMETRY ??= '0';
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
// Metrics are for CloudWatch; locally their JSON would only bury the log lines.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// Every local client is one address (127.0.0.1), and a client's test run texts from a handful of demo numbers: the
// limits that stop one caller in AWS (30 invitation-link requests a minute per address, 20 texts a number in ten
// minutes) would stop the whole machine here. Set these variables lower to watch the 429s.
process.env.INVITE_LINK_RATE_PER_MINUTE ??= '1000';
process.env.INBOUND_TEXTS_PER_NUMBER ??= '500';

const { JavaMissingError } = await import('./dynamodb-local');
const { startRuntime } = await import('./runtime');

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    // Only the organisations, their people and templates: for tests that count every shift and timesheet they make.
    'no-history': { type: 'boolean', default: false },
  },
});

const port = Number(values.port ?? process.env.PORT ?? 3000);
const dataDir = values.memory ? undefined : resolve(process.env.DATA_DIR ?? '.data');

try {
  // From the process's start: loading the modules is part of what a first start waits for.
  const started = Date.now() - process.uptime() * 1000;
  let stopRuntime: (() => Promise<void>) | undefined;
  console.log(`Starting DynamoDB Local (data: ${dataDir ?? 'in memory'})...`);
  const runtime = await startRuntime({
    port,
    dataDir,
    seed: !values['no-seed'],
    history: !values['no-history'],
    log: (line) => console.log(line),
    // Serving on without a database would answer every request with an error: stop, and say why.
    onDatabaseGone: (error) => {
      console.error(`${error.message}\nRota Bank cannot serve without its database: stopping. Run the command again.`);
      // A connection held open must not keep a runtime without its database alive.
      setTimeout(() => process.exit(1), 5_000).unref();
      void (stopRuntime?.() ?? Promise.resolve()).finally(() => process.exit(1));
    },
  });
  stopRuntime = () => runtime.stop();
  console.log(
    `Rota Bank is running at ${runtime.url} (data: ${dataDir ?? 'in memory'}; ` +
      `DynamoDB Local pid ${runtime.database.pid}; ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(
    'Sign in from the web app, or: curl -X POST localhost:' +
      port +
      '/dev/login -d \'{"email":"admin@somerset.example"}\'',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await runtime.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof JavaMissingError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
}
