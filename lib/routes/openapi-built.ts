import { brotliDecompressSync } from 'node:zlib';
import type { openApiDocument } from './openapi';

export type OpenApiDocument = ReturnType<typeof openApiDocument>;

/**
 * The OpenAPI document as the function serving it was bundled with: JSON,
 * brotli-compressed, base64. esbuild's `define` writes it in when it bundles
 * that one handler (`bundleDefines` in cdk/constructs/lambda-bundling.ts), so
 * the function carries 20 KB of document instead of the route table, every
 * schema and the generator (about 300 KB to load on each cold start).
 * Undefined wherever the code runs unbundled: the local runtime and tests.
 */
declare const ROTA_OPENAPI_DOCUMENT: string | undefined;

let generate: (() => OpenApiDocument) | undefined;

/** Where the document comes from when no bundle carries it: the local runtime hands over the generator itself. */
export function generateOpenApiWith(generator: (() => OpenApiDocument) | undefined): void {
  generate = generator;
}

/** The document this function serves (built once per instance by the caller). */
export function builtOpenApiDocument(): OpenApiDocument {
  if (typeof ROTA_OPENAPI_DOCUMENT === 'string') {
    return JSON.parse(brotliDecompressSync(Buffer.from(ROTA_OPENAPI_DOCUMENT, 'base64')).toString('utf8'));
  }
  if (generate) return generate();
  throw new Error(
    'No OpenAPI document: this bundle was built without bundleDefines, and nothing registered the generator',
  );
}
