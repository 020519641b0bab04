import { defaultProvider } from '@aws-sdk/credential-provider-node';

let chain: ReturnType<typeof defaultProvider> | undefined;

/**
 * The SDK's default credential chain (a Lambda's role, from its environment),
 * made once per Lambda instance and shared by every signer that goes without
 * an SDK client (presigned S3 addresses, Scheduler's calls): it keeps what it
 * resolved until it expires.
 */
export function defaultCredentials(): ReturnType<typeof defaultProvider> {
  chain ??= defaultProvider();
  return chain;
}
