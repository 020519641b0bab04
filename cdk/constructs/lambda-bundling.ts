/**
 * esbuild settings every Lambda bundle shares. RotaFunction hands them to
 * NodejsFunction and bench/bundles.ts builds with them, so the bench measures
 * the bundles that deploy. No CDK imports here: the bench loads this module.
 */

import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { openApiDocument } from '../../lib/routes/openapi';

// esbuild's ESM output has no `require`; some CommonJS dependencies still call it.
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** The handler that serves the OpenAPI document, which its bundle carries ready-made (see {@link bundleDefines}). */
export const OPENAPI_HANDLER = 'http/get-openapi';

let packedDocument: string | undefined;

/**
 * The OpenAPI document generated from the route table now, at bundling: JSON,
 * brotli-compressed (about 15 KB of 207 KB), base64. One esbuild argument
 * (`--define`), well under Linux's 128 KB limit on one.
 */
function packedOpenApiDocument(): string {
  packedDocument ??= brotliCompressSync(Buffer.from(JSON.stringify(openApiDocument())), {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 },
  }).toString('base64');
  return packedDocument;
}

/**
 * What esbuild's `define` replaces when it bundles a handler (`functions/<handler>.ts`):
 * for GET /openapi.json, `ROTA_OPENAPI_DOCUMENT` by the document itself
 * (lib/routes/openapi-built.ts), so that function loads 20 KB of document
 * instead of every route, schema and the generator. Nothing for the others.
 */
export function bundleDefines(handler: string): Record<string, string> {
  return handler === OPENAPI_HANDLER ? { ROTA_OPENAPI_DOCUMENT: JSON.stringify(packedOpenApiDocument()) } : {};
}

/** The handler (`http/get-health`) of an entry module's path (`./functions/http/get-health.ts`). */
export function handlerOfEntry(entry: string): string {
  return entry
    .replaceAll('\\', '/')
    .replace(/^.*?functions\//, '')
    .replace(/\.ts$/, '');
}

/**
 * Relative to the repository root, the directory esbuild runs in (CDK bundles
 * locally there; the bench sets it as the working directory).
 */
export const CREDENTIAL_PROVIDER_STAND_IN = './cdk/lambda/unusable-credential-providers.ts';

/**
 * The AWS SDK credential providers a Lambda can never use (see the stand-in),
 * each resolved to the stand-in instead of the real package.
 */
export const CREDENTIAL_PROVIDER_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  ['sso', 'ini', 'process', 'web-identity'].map((p) => [
    `@aws-sdk/credential-provider-${p}`,
    CREDENTIAL_PROVIDER_STAND_IN,
  ]),
);

/** Relative to the repository root, as the credential stand-in: the SDK's event streams, which no function uses. */
export const EVENT_STREAMS_STAND_IN = './cdk/lambda/no-event-streams.ts';

/** Relative to the repository root: the LRU under the SDK's endpoint cache, over a Map. */
export const LRU_CACHE_STAND_IN = './cdk/lambda/map-lru-cache.ts';

/** Every module a Lambda bundle resolves to a stand-in instead (esbuild's `alias`). */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  ...CREDENTIAL_PROVIDER_ALIASES,
  '@smithy/core/event-streams': EVENT_STREAMS_STAND_IN,
  'mnemonist/lru-cache': LRU_CACHE_STAND_IN,
};

/**
 * Node's flags on every function (its NODE_OPTIONS), and on every import the
 * bench times: none. Not `--enable-source-maps`: with it Node reads and parses
 * the bundle's whole source map as the bundle loads, 35-55 ms of CPU on each
 * cold start of a 350-490 KB handler (issue 17 point 6). The map still ships
 * beside the bundle, and the logger reads it when it logs an error
 * (lib/source-stack.ts), so stacks in the logs still name our files and lines.
 */
export const LAMBDA_NODE_FLAGS: readonly string[] = [];

/**
 * The esbuild call NodejsFunction makes from RotaFunction's bundling options
 * (run from the repository root), for the bench and the bundle tests to build
 * exactly what deploys.
 */
export function lambdaBuildOptions(entry: string, outfile: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node' as const,
    target: 'node22',
    format: 'esm' as const,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    define: bundleDefines(handlerOfEntry(entry)),
    alias: { ...BUNDLE_ALIASES },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    outfile,
    logLevel: 'error' as const,
    metafile: true as const,
  };
}

/**
 * The AWS SDK packages a handler may use, each with the export that stands
 * for "this client, imported": the floor a handler's import time is judged
 * against (issue 17: at most 1.5x the import of the SDK clients it uses alone).
 */
export const SDK_CLIENT_EXPORTS: Readonly<Record<string, string>> = {
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/lib-dynamodb': 'DynamoDBDocumentClient',
  '@aws-sdk/client-s3': 'S3Client',
  '@aws-sdk/s3-request-presigner': 'S3RequestPresigner',
  '@aws-sdk/client-sns': 'SNSClient',
  '@aws-sdk/client-ses': 'SESClient',
  '@aws-sdk/client-scheduler': 'SchedulerClient',
  '@aws-sdk/client-cognito-identity-provider': 'CognitoIdentityProviderClient',
};

/** The packages (`zod`, `@aws-sdk/client-s3`, ...) whose code is in an esbuild output, by its metafile inputs. */
export function packagesIn(inputs: Readonly<Record<string, unknown>>): Set<string> {
  const found = new Set<string>();
  for (const path of Object.keys(inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (m) found.add(m[1]!);
  }
  return found;
}

/** An entry module importing only the SDK clients given, kept alive so esbuild bundles them whole. */
export function sdkFloorEntry(packages: Iterable<string>): string {
  const used = [...packages].filter((p) => p in SDK_CLIENT_EXPORTS).sort();
  return [
    ...used.map((p, i) => `import { ${SDK_CLIENT_EXPORTS[p]} as c${i} } from '${p}';`),
    `export const handler = async () => [${used.map((_, i) => `c${i}`).join(', ')}].length;`,
  ].join('\n');
}
