/**
 * esbuild settings every Lambda bundle shares. RotaFunction hands them to
 * NodejsFunction and bench/bundles.ts builds with them, so the bench measures
 * the bundles that deploy. No CDK imports here: the bench loads this module.
 */

// esbuild's ESM output has no `require`; some CommonJS dependencies still call it.
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

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
