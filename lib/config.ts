/**
 * Configuration, read once at cold start and checked then, so a missing
 * variable fails the deployment's first invocation loudly rather than a
 * request later. The CDK construct that grants a resource sets its variable;
 * the local runtime sets them all before it loads a handler.
 *
 * Checked by hand rather than with zod: every handler reads its configuration,
 * and most GET handlers need zod for nothing else, so a schema here would put
 * zod's 90 KB into their bundles and its start-up into their cold starts.
 */
export interface Config {
  TABLE_NAME: string;
  /**
   * The address emails go out from, as `Rota Bank <bank@example.nhs.uk>` or bare, on a domain SES has
   * verified; without it (the local runtime records emails instead) no email can be sent in AWS.
   */
  EMAIL_FROM?: string;
  EXPORTS_BUCKET?: string;
  /** The evidence documents bucket; without it (the local runtime) files go under `<DATA_DIR or .data>/documents`. */
  DOCUMENTS_BUCKET?: string;
  /** Without a bucket, evidence files go in this folder; default `<DATA_DIR or .data>/documents`. */
  DOCUMENTS_DIR?: string;
  /** Without a bucket (the local runtime), payroll CSVs go in this folder; default `<DATA_DIR or .data>/exports`. */
  EXPORTS_DIR?: string;
  DATA_DIR?: string;
  USER_POOL_ID?: string;
  /** The web app's origin, for links in emails (an invitation's); without it, the API's own origin (the local runtime serves both). */
  WEB_ORIGIN?: string;
  SCHEDULER_GROUP_NAME?: string;
  SCHEDULER_ROLE_ARN?: string;
  SCHEDULE_TARGET_ARN?: string;
  /** The queue Scheduler parks a job in when it cannot deliver it to `on-schedule` (its role refused, say). */
  SCHEDULE_DEAD_LETTER_ARN?: string;
  SMS_ORIGINATION_NUMBER?: string;
  /** The function that runs payroll exports, which the outbox relay invokes (not set locally: the runtime runs them itself). */
  EXPORT_FUNCTION_NAME?: string;
  /** Set by the local runtime only: DynamoDB Local's address. */
  DYNAMODB_ENDPOINT?: string;
  AWS_REGION: string;
  /** Body size limit for HTTP requests, in bytes. */
  MAX_BODY_BYTES: number;
  /** Invitation links opened or accepted per source address per minute; unset, the use case's own limit (30). */
  INVITE_LINK_RATE_PER_MINUTE?: number;
  /** Texts answered from one number in ten minutes; unset, the use case's own limit (20). */
  INBOUND_TEXTS_PER_NUMBER?: number;
}

const OPTIONAL = [
  'EMAIL_FROM',
  'EXPORTS_BUCKET',
  'DOCUMENTS_BUCKET',
  'DOCUMENTS_DIR',
  'EXPORTS_DIR',
  'DATA_DIR',
  'USER_POOL_ID',
  'WEB_ORIGIN',
  'SCHEDULER_GROUP_NAME',
  'SCHEDULER_ROLE_ARN',
  'SCHEDULE_TARGET_ARN',
  'SCHEDULE_DEAD_LETTER_ARN',
  'SMS_ORIGINATION_NUMBER',
  'EXPORT_FUNCTION_NAME',
  'DYNAMODB_ENDPOINT',
] as const;

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** `bank@example.nhs.uk`, or with a display name, `Rota Bank <bank@example.nhs.uk>`. */
const ADDRESS = /^[^\s@<>",]+@([^\s@<>",]+\.[^\s@<>",]+)$/;
const NAMED = /^[^<>\r\n",]+ <([^<>]+)>$/;

/**
 * A From address SES is to send from, in parts: the display name if any, the
 * address and its domain (lower case); undefined for anything that is not a
 * single address, optionally with a display name.
 */
export function parseSender(from: string): { name?: string; address: string; domain: string } | undefined {
  const named = NAMED.exec(from.trim());
  const address = named?.[1] ?? from.trim();
  const domain = ADDRESS.exec(address)?.[1]?.toLowerCase();
  if (!domain) return undefined;
  const name = named ? from.trim().slice(0, from.trim().lastIndexOf(' <')).trim() : undefined;
  // A domain has no case; the part before the @ keeps its own.
  const normalised = `${address.slice(0, address.lastIndexOf('@'))}@${domain}`;
  return name ? { name, address: normalised, domain } : { address: normalised, domain };
}

/** The domain of a From address SES is to send from (see parseSender). */
export function senderDomain(from: string): string | undefined {
  return parseSender(from)?.domain;
}

/** The configuration in a set of variables, or an Error naming every variable that is wrong. */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const problems: string[] = [];
  const table = env.TABLE_NAME ?? 'rota-bank';
  if (table === '') problems.push('TABLE_NAME must not be empty');
  const maxBody = env.MAX_BODY_BYTES === undefined ? DEFAULT_MAX_BODY_BYTES : Number(env.MAX_BODY_BYTES);
  if (!Number.isSafeInteger(maxBody) || maxBody <= 0) {
    problems.push(`MAX_BODY_BYTES must be a positive whole number of bytes, not "${env.MAX_BODY_BYTES}"`);
  }
  const endpoint = env.DYNAMODB_ENDPOINT;
  if (endpoint !== undefined && !URL.canParse(endpoint)) {
    problems.push(`DYNAMODB_ENDPOINT must be a URL, not "${endpoint}"`);
  }
  const limits: Partial<Record<'INVITE_LINK_RATE_PER_MINUTE' | 'INBOUND_TEXTS_PER_NUMBER', number>> = {};
  for (const key of ['INVITE_LINK_RATE_PER_MINUTE', 'INBOUND_TEXTS_PER_NUMBER'] as const) {
    const value = env[key];
    if (value === undefined) continue;
    if (Number.isSafeInteger(Number(value)) && Number(value) > 0) limits[key] = Number(value);
    else problems.push(`${key} must be a positive whole number, not "${value}"`);
  }
  const from = env.EMAIL_FROM;
  if (from !== undefined && !senderDomain(from)) {
    problems.push(`EMAIL_FROM must be an address, alone or as "Name <address>", not "${from}"`);
  }
  if (problems.length) throw new Error(`The function's configuration is not valid: ${problems.join('; ')}`);

  const config: Config = {
    TABLE_NAME: table,
    AWS_REGION: env.AWS_REGION ?? 'eu-west-2',
    MAX_BODY_BYTES: maxBody,
    ...limits,
  };
  for (const key of OPTIONAL) {
    const value = env[key];
    if (value !== undefined) config[key] = value;
  }
  return config;
}

let cached: Config | undefined;

export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For the local runtime and tests, which set variables after import. */
export function resetConfig(): void {
  cached = undefined;
}
