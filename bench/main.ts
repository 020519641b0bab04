/**
 * `npm run bench` (add `-- --quick` for a small smoke run, `-- --only=matching,accept` for some sections).
 * The quiet settings go in before anything imports the logger or the AWS SDK.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.DDB_LOCAL_TELEMETRY ??= '0';
// As the local runtime does: use cases run in process would otherwise print a metrics line per accept and text.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
// The race signs in a thousand clinicians from one address; /dev/login allows 600 a minute unless told otherwise.
process.env.LOGIN_RATE_PER_MINUTE ??= '100000';

await import('./run');

export {};
