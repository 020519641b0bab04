import * as z from 'zod';

/**
 * Configuration, read once at cold start and checked then, so a missing
 * variable fails the deployment's first invocation loudly rather than a
 * request later. The CDK construct that grants a resource sets its variable;
 * the local runtime sets them all before it loads a handler.
 */
const schema = z.object({
  TABLE_NAME: z.string().min(1).default('rota-bank'),
  NOTIFICATIONS_TOPIC_ARN: z.string().optional(),
  EXPORTS_BUCKET: z.string().optional(),
  /** Without a bucket (the local runtime), payroll CSVs go in this folder; default `<DATA_DIR or .data>/exports`. */
  EXPORTS_DIR: z.string().optional(),
  DATA_DIR: z.string().optional(),
  USER_POOL_ID: z.string().optional(),
  SCHEDULER_GROUP_NAME: z.string().optional(),
  SCHEDULER_ROLE_ARN: z.string().optional(),
  SCHEDULE_TARGET_ARN: z.string().optional(),
  SMS_ORIGINATION_NUMBER: z.string().optional(),
  /** Set by the local runtime only: DynamoDB Local's address. */
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  AWS_REGION: z.string().default('eu-west-2'),
  /** Body size limit for HTTP requests, in bytes. */
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(64 * 1024),
});

export type Config = z.infer<typeof schema>;

let cached: Config | undefined;

export function config(): Config {
  cached ??= schema.parse(process.env);
  return cached;
}

/** For the local runtime and tests, which set variables after import. */
export function resetConfig(): void {
  cached = undefined;
}
