import type { OutboxMessage } from '../domain/types';

/** Delivers outbox messages: texts through SNS and emails through SES in AWS, a recorder locally. Reports the ids it could not deliver. */
export interface Publisher {
  publish(messages: readonly OutboxMessage[]): Promise<{ failed: string[] }>;
}
