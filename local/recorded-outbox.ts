import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboxMessage } from '../lib/domain/types';
import type { Publisher } from '../lib/notify/publisher';

export interface RecordedMessage {
  id: string;
  channel: 'sms' | 'email';
  to: string;
  kind: string;
  subject?: string;
  body: string;
  at: string;
}

/**
 * In place of SNS delivery: every message "sent" is recorded (and appended to
 * a file under the data folder), for `/dev/outbox` and the text simulator.
 */
export class RecordedOutbox implements Publisher {
  readonly messages: RecordedMessage[] = [];
  readonly #file: string | undefined;

  constructor(
    dataDir: string | undefined,
    private readonly now: () => Date,
  ) {
    if (dataDir) {
      mkdirSync(dataDir, { recursive: true });
      this.#file = join(dataDir, 'outbox.jsonl');
      if (existsSync(this.#file)) {
        for (const line of readFileSync(this.#file, 'utf8').split('\n')) {
          if (line.trim()) this.messages.push(JSON.parse(line) as RecordedMessage);
        }
      }
    }
  }

  async publish(messages: readonly OutboxMessage[]): Promise<{ failed: string[] }> {
    for (const m of messages) {
      const recorded: RecordedMessage = {
        id: m.id,
        channel: m.channel,
        to: m.to,
        kind: m.kind,
        ...(m.subject ? { subject: m.subject } : {}),
        body: m.body,
        at: this.now().toISOString(),
      };
      this.messages.push(recorded);
      if (this.#file) appendFileSync(this.#file, `${JSON.stringify(recorded)}\n`);
    }
    return { failed: [] };
  }

  find(filter: { to?: string; kind?: string }): RecordedMessage[] {
    return this.messages.filter((m) => (!filter.to || m.to === filter.to) && (!filter.kind || m.kind === filter.kind));
  }
}
