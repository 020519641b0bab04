import type { OutboxMessage } from '../domain/types';

/** Delivers outbox messages: SNS in AWS, a recorder locally. Reports the ids it could not deliver. */
export interface Publisher {
  publish(messages: readonly OutboxMessage[]): Promise<{ failed: string[] }>;
}
