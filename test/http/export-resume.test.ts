import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../lib/logger';
import { TableUserDirectory } from '../../lib/users/table-directory';
import { type Runtime, startRuntime, TABLE_NAME } from '../../local/runtime';

/**
 * In AWS, Lambda retries an export run whose invocation died. Locally the run
 * dies with the runtime, and the stream has passed the export's record: the
 * runtime hands exports still running over again once a dead run's lease has
 * lapsed. Here a dead process's lease is on the export when it is asked for,
 * so the run the outbox hands it to leaves it; the resume then runs it.
 */
const ORG = 'org-resume';
const dataDir = mkdtempSync(join(tmpdir(), 'rota-export-resume-'));
let runtime: Runtime;

beforeAll(async () => {
  logger.setLogLevel('SILENT');
  // Long enough for the setup below to come first on a busy machine; the lease lapses well before.
  runtime = await startRuntime({ port: 0, dataDir, seed: false, resumeExportsAfterMs: 8_000 });
  await new TableUserDirectory(runtime.deps.db, TABLE_NAME).create({
    id: 'usr-resume-hr',
    email: 'hr@resume.example',
    name: 'Hana',
    role: 'hr',
    orgId: ORG,
  });
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the local runtime', () => {
  it('runs an export whose run died with the last process, once that run’s lease has lapsed', async () => {
    const id = 'exp-left-running';
    expect(await runtime.deps.exports.takeRun(ORG, id, 'the-last-process', Date.now(), 2_000)).toBe(true);
    await runtime.deps.exports.create({
      orgId: ORG,
      id,
      from: '2026-11-01',
      to: '2026-11-30',
      status: 'running',
      rows: 0,
      totalPence: 0,
      createdAt: new Date().toISOString(),
      createdBy: 'usr-resume-hr',
    });
    // The outbox hands it over; that run finds the dead process's lease and leaves the export.
    await runtime.streams.drain();
    await runtime.exportRuns.idle();
    expect(await runtime.deps.exports.get(ORG, id, true)).toMatchObject({ status: 'running' });

    await vi.waitFor(
      async () => expect(await runtime.deps.exports.get(ORG, id, true)).toMatchObject({ status: 'ready', rows: 0 }),
      { timeout: 30_000, interval: 250 },
    );
  }, 60_000);
});
