import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDeps } from '../lib/all-deps';
import { resetConfig } from '../lib/config';
import { type Deps, overrideEdges, resetDeps, runtimeClock } from '../lib/deps';
import { nextLondonMonthStart, nextLondonTime } from '../lib/domain/time';
import { setHealthProbe } from '../lib/health';
import { LocalScheduler } from '../lib/schedule/local-scheduler';
import { createDocumentClient, documentClient } from '../lib/store/client';
import { matchesTotalsFilter, ReportTotalsStore } from '../lib/store/report-totals';
import { matchesOutboxFilter, OUTBOX_BATCH_SIZE } from '../lib/store/stream-filters';
import { scheduleComplianceReminders } from '../lib/use-cases/compliance';
import { RUN_LEASE_MS } from '../lib/use-cases/payroll';
import { TableUserDirectory } from '../lib/users/table-directory';
import { DEMO_ORG_ID, OTHER_ORG_ID } from './demo-data';
import { devRoutes } from './dev-routes';
import { type DynamoDbLocal, ensureStream, ensureTable, localClient, startDynamoDbLocal } from './dynamodb-local';
import { type LocalExportRuns, localExportRuns, resumeRunningExports } from './export-runs';
import { createLocalJwt } from './jwt';
import { asInvocation } from './local-lambda';
import { RecordedOutbox } from './recorded-outbox';
import { type SchedulePump, startSchedulePump } from './schedule-pump';
import { seedDemoData } from './seed';
import { createLocalServer, ROOT } from './server';
import { type StreamPump, startStreamPump, wakeOnWrites } from './stream-pump';
import { guardTableAccess } from './table-access';

export interface RuntimeOptions {
  port: number;
  /** Where DynamoDB Local, the JWT key and the recorded outbox live; undefined keeps nothing. */
  dataDir?: string;
  seed?: boolean;
  /** With the seed, the demo's eight weeks of history (shifts, bookings, timesheets, a payroll export). @default true */
  history?: boolean;
  host?: string;
  /**
   * Told when DynamoDB Local has died and cannot come back: in memory (its data
   * went with it) or after restarts failed. The runtime cannot serve on.
   */
  onDatabaseGone?: (error: Error) => void;
  /** Progress lines while starting (the seed's); silent when absent. */
  log?: (line: string) => void;
  /** How long after starting exports left running are handed over again. @default RUN_LEASE_MS (45 s) */
  resumeExportsAfterMs?: number;
}

export interface Runtime {
  url: string;
  deps: Deps;
  outbox: RecordedOutbox;
  scheduler: LocalScheduler;
  /** The outbox consumer's stream pump; `drain()` waits until what has been written is relayed. */
  streams: StreamPump;
  /** Payroll export runs the outbox consumer handed over, in this process as Lambda runs them asynchronously. */
  exportRuns: LocalExportRuns;
  schedules: SchedulePump;
  server: Server;
  /** DynamoDB Local, watched and restarted over the same data if it dies. */
  database: DynamoDbLocal;
  stop(): Promise<void>;
}

export const TABLE_NAME = 'rota-bank';

/**
 * The local runtime: DynamoDB Local with the one table, the handlers behind
 * the HTTP adapter, a local JWT issuer, the recorded outbox and demo data.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const began = Date.now();
  const log = (line: string) => options.log?.(`${line} (${((Date.now() - began) / 1000).toFixed(1)} s)`);
  const ddb: DynamoDbLocal = await startDynamoDbLocal({
    dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined,
    // In memory there is nothing to come back to: a fresh, empty database would only pretend all is well.
    restart: options.dataDir !== undefined,
    onDied: (how) =>
      console.error(
        `DynamoDB Local (pid ${ddb.pid}) ${how}; ` +
          (options.dataDir ? 'restarting it over the same data' : 'its data was in memory and is gone'),
      ),
    onRestarted: (pid) => {
      console.error(`DynamoDB Local restarted (pid ${pid}) over the same data`);
      // The table is on disk already; this only makes sure.
      ensureTable(ddb.endpoint, TABLE_NAME).catch((error) =>
        console.error('Could not check the table after the restart:', error),
      );
    },
    onGone: (error) => (options.onDatabaseGone ?? ((e) => console.error(e.message)))(error),
  });
  let streams: StreamPump | undefined;
  let schedules: SchedulePump | undefined;
  let exportRuns: LocalExportRuns | undefined;
  let resumeTimer: NodeJS.Timeout | undefined;
  try {
    process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
    process.env.TABLE_NAME = TABLE_NAME;
    process.env.AWS_REGION = 'eu-west-2';
    // Payroll CSVs: under the data folder, or a throwaway one when nothing is kept.
    process.env.EXPORTS_DIR = options.dataDir
      ? join(options.dataDir, 'exports')
      : mkdtempSync(join(tmpdir(), 'rota-bank-exports-'));
    // Evidence files: under the data folder, <DATA_DIR>/documents/<org>/..., or a throwaway one.
    process.env.DOCUMENTS_DIR = options.dataDir
      ? join(options.dataDir, 'documents')
      : mkdtempSync(join(tmpdir(), 'rota-bank-documents-'));
    resetConfig();
    resetDeps();
    // The handlers' client refuses a read-only route's writes, as IAM does in AWS.
    guardTableAccess(documentClient());
    // The pump backs off while the stream is quiet; every write, by a handler or the runtime itself, wakes it.
    wakeOnWrites(documentClient(), () => streams);
    log('DynamoDB Local is up');
    // A new table's stream is turned on once the demo is written: the pump skips the demo's records anyway, and
    // DynamoDB Local writes three times faster with no stream to keep.
    await ensureTable(ddb.endpoint, TABLE_NAME, { stream: false });
    log('Table ready');

    const db = createDocumentClient({ endpoint: ddb.endpoint });
    wakeOnWrites(db, () => streams);
    setHealthProbe(databaseProbe(ddb));
    const outbox = new RecordedOutbox(options.dataDir, () => runtimeClock.now());
    const scheduler = new LocalScheduler(options.dataDir);
    exportRuns = localExportRuns({ dataDir: options.dataDir });
    // Before any deps are made: handlers publish to the recorded outbox, schedule on the local pump and
    // hand payroll exports to a run in this process.
    overrideEdges({ publisher: outbox, scheduler, exportRunner: exportRuns });
    const deps = createDeps(db, TABLE_NAME);
    const users = new TableUserDirectory(db, TABLE_NAME);
    const jwt = await createLocalJwt(options.dataDir);

    let seeded = false;
    if (options.seed !== false) {
      const started = Date.now();
      const result = await seedDemoData(deps, runtimeClock.now(), {
        history: options.history,
        log: options.log,
        origin: `http://localhost:${options.port || 3000}`,
      });
      seeded = result.seeded;
      if (seeded) options.log?.(`  seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    // Data kept from before the report totals existed gains them once; the stream keeps them after.
    if (await new ReportTotalsStore(db, TABLE_NAME).rebuildAllOnce(runtimeClock.now())) log('Report totals built');

    await ensureStream(ddb.endpoint, TABLE_NAME);
    streams = startStreamPump({
      endpoint: ddb.endpoint,
      tableName: TABLE_NAME,
      dataDir: options.dataDir,
      ready: () => ddb.running,
      // Twenty passes a second only while records come: an idle runtime (a test project's, waiting its turn) rests.
      idlePollMs: 2_000,
      // The demo's bookings and export were written as history: nothing of them is to be relayed or run again.
      skipExisting: seeded,
      consumers: [
        {
          name: 'on-outbox',
          matches: matchesOutboxFilter,
          handler: 'functions/on-outbox.ts',
          // As the event source mapping sends them: a burst of offers relays in fewer, fuller batches.
          batchSize: OUTBOX_BATCH_SIZE,
        },
        {
          name: 'on-report-totals',
          matches: matchesTotalsFilter,
          handler: 'functions/on-report-totals.ts',
          batchSize: 100,
        },
      ],
    });
    // Before anyone can write: what the seed wrote is behind the pump, and what comes next is not.
    await streams.ready;
    if (seeded) {
      // A first record after the skipped ones gives the pump a position to keep, so a restart does not read them.
      await db.send(
        new PutCommand({
          TableName: TABLE_NAME,
          Item: { PK: 'LOCAL#STREAM', SK: 'from', at: new Date().toISOString() },
        }),
      );
    }
    log('Stream pump started');
    // A payroll export whose run died with the last process (stopped mid-export) runs again once that run's
    // lease has lapsed, as Lambda retries a run whose invocation died.
    resumeTimer = setTimeout(() => {
      void (async () => {
        const orgIds = new Set((await users.list()).map((u) => u.orgId));
        const resumed = await resumeRunningExports(orgIds, deps.exports, exportRuns!);
        if (resumed) log(`Payroll exports resumed: ${resumed}`);
      })().catch((error) => console.error('Could not resume payroll exports:', error));
    }, options.resumeExportsAfterMs ?? RUN_LEASE_MS);
    resumeTimer.unref();
    schedules = startSchedulePump({
      scheduler,
      clock: runtimeClock,
      handler: 'functions/on-schedule.ts',
      dataDir: options.dataDir,
      ready: () => ddb.running,
      // As the stack's schedules do in AWS for the organisations it names (schedules.ts): here, the demo's. The
      // pension watchdog daily at 07:00; last month's invoices on the 1st at 06:00.
      recurring: [DEMO_ORG_ID, OTHER_ORG_ID].flatMap((orgId) => [
        { job: { kind: 'pension-watchdog', orgId }, next: (now: Date) => nextLondonTime(now, 7) },
        { job: { kind: 'invoice-run', orgId }, next: (now: Date) => nextLondonMonthStart(now, 6) },
      ]),
    });
    // EventBridge runs each organisation's compliance reminders daily; here each run schedules the next, and
    // moving the clock schedules one from the new time (a run chained far ahead would otherwise wait there).
    const scheduleDaily = async () => {
      const orgIds = new Set((await users.list()).map((u) => u.orgId));
      for (const orgId of orgIds) await scheduleComplianceReminders(orgId, deps);
    };
    await scheduleDaily();

    const server = createLocalServer({
      jwt,
      devRoutes: devRoutes({
        users,
        jwt,
        clock: runtimeClock,
        outbox,
        onClockSet: scheduleDaily,
        deliverInboundSms: async (event) => {
          const { handler } = await import('../functions/on-inbound-sms');
          // Logs as the SNS-triggered function it stands for, not as the dev route that delivered the text.
          return asInvocation('on-inbound-sms', {}, () => handler(event));
        },
      }),
      upload: async (orgId, id, token, bytes) => {
        const { receiveUpload } = await import('../lib/use-cases/documents');
        const { folderDocumentFiles, localDocumentsDir } = await import('../lib/store/document-files');
        const { config } = await import('../lib/config');
        await receiveUpload(orgId, id, token, bytes, deps, folderDocumentFiles(localDocumentsDir(config())));
      },
      webDir: join(ROOT, 'web', 'dist'),
      now: () => runtimeClock.now(),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;

    return {
      url: `http://localhost:${port}`,
      deps,
      outbox,
      scheduler,
      streams,
      exportRuns,
      schedules,
      server,
      database: ddb,
      async stop() {
        setHealthProbe(undefined);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        clearTimeout(resumeTimer);
        await Promise.all([streams?.stop(), schedules?.stop(), exportRuns?.stop()]);
        db.destroy();
        ddb.stop();
      },
    };
  } catch (error) {
    setHealthProbe(undefined);
    clearTimeout(resumeTimer);
    await Promise.all([streams?.stop(), schedules?.stop(), exportRuns?.stop()]);
    ddb.stop();
    throw error;
  }
}

/** Longest a health check waits for DynamoDB Local to answer. */
const HEALTH_TIMEOUT_MS = 2_000;

/** `/health`'s question to DynamoDB Local: is the process up, and does it answer (once, promptly)? */
function databaseProbe(ddb: DynamoDbLocal): () => Promise<string | undefined> {
  return async () => {
    if (!ddb.running) return 'The database is not running; the local runtime is restarting it';
    // One try: the health check reports, it does not wait out a restart.
    const client = localClient(ddb.endpoint, { maxAttempts: 1 });
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
      return undefined;
    } catch {
      return 'The database is not answering';
    } finally {
      client.destroy();
    }
  };
}
