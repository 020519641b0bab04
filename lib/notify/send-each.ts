import type { OutboxMessage } from '../domain/types';

export const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error');

/**
 * Sends messages one call each, `concurrency` at a time; `sendOne` answers
 * whether the service took the message. Answers the ids it did not take.
 */
export async function sendEach(
  messages: readonly OutboxMessage[],
  concurrency: number,
  sendOne: (message: OutboxMessage) => Promise<boolean>,
): Promise<string[]> {
  const failed: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < messages.length) {
      const message = messages[next++]!;
      if (!(await sendOne(message))) failed.push(message.id);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, worker));
  return failed;
}
