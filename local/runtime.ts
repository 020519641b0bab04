import type { Server } from 'node:http';
import { join } from 'node:path';
import { resetConfig } from '../lib/config';
import { createDeps, type Deps, resetDeps, runtimeClock } from '../lib/deps';
import { createDocumentClient } from '../lib/store/client';
import { TableUserDirectory } from '../lib/users/table-directory';
import { devRoutes } from './dev-routes';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local';
import { createLocalJwt } from './jwt';
import { RecordedOutbox } from './recorded-outbox';
import { seedDemoData } from './seed';
import { createLocalServer, ROOT } from './server';

export interface RuntimeOptions {
  port: number;
  /** Where DynamoDB Local, the JWT key and the recorded outbox live; undefined keeps nothing. */
  dataDir?: string;
  seed?: boolean;
  host?: string;
}

export interface Runtime {
  url: string;
  deps: Deps;
  outbox: RecordedOutbox;
  server: Server;
  stop(): Promise<void>;
}

export const TABLE_NAME = 'rota-bank';

/**
 * The local runtime: DynamoDB Local with the one table, the handlers behind
 * the HTTP adapter, a local JWT issuer, the recorded outbox and demo data.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const ddb = await startDynamoDbLocal({ dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined });
  try {
    process.env.DYNAMODB_ENDPOINT = ddb.endpoint;
    process.env.TABLE_NAME = TABLE_NAME;
    process.env.AWS_REGION = 'eu-west-2';
    resetConfig();
    resetDeps();
    await ensureTable(ddb.endpoint, TABLE_NAME);

    const db = createDocumentClient({ endpoint: ddb.endpoint });
    const deps = createDeps(db, TABLE_NAME);
    const outbox = new RecordedOutbox(options.dataDir, () => runtimeClock.now());
    const users = new TableUserDirectory(db, TABLE_NAME);
    const jwt = await createLocalJwt(options.dataDir);

    if (options.seed !== false) {
      const started = Date.now();
      const result = await seedDemoData(deps, runtimeClock.now());
      if (result.seeded) console.log(`Seeded demo data in ${Date.now() - started} ms:`, result.counts);
    }

    const server = createLocalServer({
      jwt,
      devRoutes: devRoutes({ users, jwt, clock: runtimeClock, outbox }),
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
      server,
      async stop() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        db.destroy();
        ddb.stop();
      },
    };
  } catch (error) {
    ddb.stop();
    throw error;
  }
}
