/**
 * `npx tsx bench/two-sizes-run.ts [federations]`: the two-size section alone, without the bench's 14-minute
 * limit (the large organisation's seed is what takes the time on a busy machine); prints the section's markdown.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.DDB_LOCAL_TELEMETRY ??= '0';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const { startDynamoDbLocal } = await import('../local/dynamodb-local');
const { benchTwoSizes, twoSizesSection } = await import('./two-sizes');
const { log } = await import('./support');

const ddb = await startDynamoDbLocal();
try {
  const t = await benchTwoSizes({ endpoint: ddb.endpoint, largeFederations: Number(process.argv[2] ?? 50), log });
  console.log(twoSizesSection(t).join('\n'));
} finally {
  ddb.stop();
}
setTimeout(() => process.exit(0), 500).unref();

export {};
