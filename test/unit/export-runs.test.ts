import { describe, expect, it } from 'vitest';
import type { ExportRunEvent } from '../../lib/schedule/export-runner';
import { localExportRuns } from '../../local/export-runs';

const run: ExportRunEvent = { orgId: 'org1', exportId: 'exp-1' };

describe('the local export runs (Lambda’s asynchronous invocation, in process)', () => {
  it('returns at once and runs the export beside the caller', async () => {
    let ran = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const runs = localExportRuns({
      handler: async (event) => {
        expect(event).toEqual(run);
        await gate;
        ran++;
      },
    });
    await runs.start(run);
    expect(ran).toBe(0);
    release();
    await runs.idle();
    expect(ran).toBe(1);
  });

  it('tries a run that threw again, as Lambda does twice, and then it settles', async () => {
    let attempts = 0;
    const runs = localExportRuns({
      retryDelaysMs: [1, 1],
      handler: async () => {
        if (++attempts < 3) throw new Error('DynamoDB Local went away');
      },
    });
    await runs.start(run);
    await runs.idle();
    expect(attempts).toBe(3);
    expect(runs.deadLetters).toEqual([]);
  });

  it('parks a run that still throws after the retries, with the export it was for', async () => {
    let attempts = 0;
    const runs = localExportRuns({
      retryDelaysMs: [1, 1],
      handler: async () => {
        attempts++;
        throw Object.assign(new Error('no bucket'), { name: 'NoSuchBucket' });
      },
    });
    await runs.start(run);
    await runs.idle();
    expect(attempts).toBe(3);
    expect(runs.deadLetters).toEqual([
      { consumer: 'run-payroll-export', at: expect.any(String), error: 'NoSuchBucket: no bucket', record: run },
    ]);
  });

  it('takes no more once stopped, and stopping waits for the run under way', async () => {
    let finished = false;
    const runs = localExportRuns({
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        finished = true;
      },
    });
    await runs.start(run);
    await runs.stop();
    expect(finished).toBe(true);
    await expect(runs.start(run)).rejects.toThrow(/stopped/);
  });
});
