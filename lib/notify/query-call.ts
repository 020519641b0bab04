/**
 * One action of a query-protocol AWS service (SNS, SES) with its flattened
 * parameters; it throws an AwsServiceError when the service refuses. Made by
 * `signedQuery` (lib/aws/signed-fetch.ts).
 */
export type QueryCall = (action: string, params: Record<string, string>) => Promise<void>;
