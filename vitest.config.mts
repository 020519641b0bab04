import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * One command runs every project: unit (pure, no network), integration
 * (DynamoDB Local, started once per run), http (the local runtime driven as a
 * client would), infra (CDK assertions and cdk-nag) and e2e (real Chromium).
 */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one on a 2-core CI machine. unit, integration
    // and infra spend much of their time waiting on DynamoDB Local and CDK's synthesis, so two files at a
    // time finish sooner there (a fresh clone: 1,048 s against 1,154-1,186 s). http and e2e keep their
    // own order, one file at a time, whatever this says.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The JSON report lets CI print one plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', DDB_LOCAL_TELEMETRY: '0' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // The property tests run thousands of cases in 1-4 s on a quiet machine, beside another file's work
          // with two workers: a timeout here catches a hang, not slowness (speed lives in the bench).
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          // One runtime serves every file, and some files move its clock: one file at a time.
          fileParallelism: false,
          globalSetup: ['test/support/runtime-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
