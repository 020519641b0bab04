import { isThrottlingError } from '@smithy/core/retry';

/**
 * A refusal from an AWS service: its HTTP status and its error code
 * (`AccessDenied`, `ConflictException`...); `serviceMessage` is the service's
 * own words, as the SDK's exceptions carry them in `message`.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly serviceMessage?: string,
  ) {
    super(message);
    this.name = code;
  }
}

export interface RetryOptions {
  /** Attempts in all. @default 3, the SDK's standard retry mode */
  maxAttempts?: number;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What trying again may mend: a 5xx, a throttle (429, or any code the SDK
 * counts as one: SES and SNS answer `Throttling` with a 400), or no answer at
 * all (the request itself threw).
 */
export const isRetryable = (error: unknown) =>
  !(error instanceof AwsServiceError) ||
  error.status >= 500 ||
  error.status === 429 ||
  isThrottlingError({ name: error.code, message: error.message, $metadata: { httpStatusCode: error.status } });

/**
 * Runs `attempt` as the SDK's standard retry mode would: up to three
 * attempts, the later ones after a full-jitter exponential backoff (anywhere
 * up to 200 ms, then 400 ms...), and only for failures trying again may mend.
 */
export async function withStandardRetry<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 3;
  const wait = options.sleep ?? sleep;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= maxAttempts || !isRetryable(error)) throw error;
      await wait(Math.random() * Math.min(20_000, 100 * 2 ** n));
    }
  }
}
