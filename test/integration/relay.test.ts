import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../lib/deps';
import type { SettableClock } from '../../lib/domain/ports';
import type { OutboxMessage } from '../../lib/domain/types';
import type { Publisher } from '../../lib/notify/publisher';
import { type RelayDeps, relayOutbox, sentMarkerKey } from '../../lib/notify/relay';
import { freshDeps } from '../support/table';

class RecordingPublisher implements Publisher {
  readonly sent: string[] = [];
  refuse = new Set<string>();
  async publish(messages: readonly OutboxMessage[]) {
    const failed = messages.filter((m) => this.refuse.has(m.id)).map((m) => m.id);
    this.sent.push(...messages.filter((m) => !this.refuse.has(m.id)).map((m) => m.id));
    return { failed };
  }
}

let deps: Deps & { clock: SettableClock };
beforeAll(async () => {
  deps = await freshDeps();
});

let n = 0;
const message = (): OutboxMessage => ({
  orgId: 'org1',
  id: `msg${++n}-${Date.now()}`,
  kind: 'booking-confirmed',
  channel: 'sms',
  to: '+447700900123',
  body: 'Booked: Wincanton, Tue 3 Dec 08:30-18:00.',
  createdAt: '2026-11-22T09:00:00.000Z',
});

const relayDeps = (publisher: Publisher): RelayDeps => ({
  db: deps.db,
  table: deps.table,
  publisher,
  clock: deps.clock,
  expand: async (record) => (record.fanOut ? [] : [record]),
  sleep: async () => {},
});

const marker = async (m: OutboxMessage) =>
  (
    await deps.db.send(
      new GetCommand({ TableName: deps.table, Key: sentMarkerKey(m.orgId, m.id), ConsistentRead: true }),
    )
  ).Item;

describe('relayOutbox on DynamoDB Local', () => {
  it('sends a message once however often its record is relayed, and leaves it marked sent for a week', async () => {
    const publisher = new RecordingPublisher();
    const m = message();
    for (let i = 0; i < 3; i++) expect(await relayOutbox([m], relayDeps(publisher))).toEqual({ failed: [] });
    expect(publisher.sent).toEqual([m.id]);
    const item = await marker(m);
    expect(item?.state).toBe('sent');
    expect(item?.ttl).toBe(Math.floor(deps.clock.now().getTime() / 1000) + 7 * 24 * 3600);
  });

  it('releases the claim of a message that could not be sent, so the next relay sends it', async () => {
    const publisher = new RecordingPublisher();
    const m = message();
    publisher.refuse.add(m.id);
    expect(await relayOutbox([m], relayDeps(publisher))).toEqual({ failed: [m.id] });
    expect(await marker(m)).toBeUndefined();

    publisher.refuse.clear();
    expect(await relayOutbox([m], relayDeps(publisher))).toEqual({ failed: [] });
    expect(publisher.sent).toEqual([m.id]);
  });

  it('holds back from a message another invocation claimed moments ago, and takes it over once the claim is stale', async () => {
    const publisher = new RecordingPublisher();
    const m = message();
    const now = deps.clock.now().getTime();
    await deps.db.send(
      new PutCommand({
        TableName: deps.table,
        Item: {
          ...sentMarkerKey(m.orgId, m.id),
          state: 'sending',
          claimedAt: new Date(now - 10_000).toISOString(),
          token: 'other',
        },
      }),
    );
    expect(await relayOutbox([m], relayDeps(publisher))).toEqual({ failed: [m.id] });
    expect(publisher.sent).toEqual([]);
    expect((await marker(m))?.token).toBe('other');

    deps.clock.advance(60_000);
    expect(await relayOutbox([m], relayDeps(publisher))).toEqual({ failed: [] });
    expect(publisher.sent).toEqual([m.id]);
    expect((await marker(m))?.state).toBe('sent');
  });

  it('lets two invocations racing over the same records send each message once between them', async () => {
    const publisher = new RecordingPublisher();
    const batch = Array.from({ length: 15 }, message);
    const results = await Promise.all([
      relayOutbox(batch, relayDeps(publisher)),
      relayOutbox(batch, relayDeps(publisher)),
    ]);
    expect(publisher.sent.sort()).toEqual(batch.map((m) => m.id).sort());
    // Whatever one held while the other looked is retried, and the retry finds it sent.
    const retry = [...new Set(results.flatMap((r) => r.failed))];
    const again = batch.filter((m) => retry.includes(m.id));
    expect(await relayOutbox(again, relayDeps(publisher))).toEqual({ failed: [] });
    expect(publisher.sent).toHaveLength(15);
  });

  it('marks each message sent as its own publish returns: a relay that dies mid-wave leaves one message to send again', async () => {
    const wave = Array.from({ length: 12 }, message);
    const publishedByDead: string[] = [];
    const dying: Publisher = {
      async publish(messages) {
        publishedByDead.push(...messages.map((m) => m.id));
        // Killed while the fifth is being published: that call never returns.
        if (publishedByDead.length >= 5) return new Promise(() => {});
        return { failed: [] };
      },
    };
    void relayOutbox(wave, relayDeps(dying));
    for (let i = 0; i < 100 && publishedByDead.length < 5; i++) await new Promise((r) => setTimeout(r, 20));
    const states = await Promise.all(wave.map(async (m) => (await marker(m))?.state));
    expect(states).toEqual([...Array(4).fill('sent'), ...Array(8).fill('sending')]);

    deps.clock.advance(16_000);
    const next = new RecordingPublisher();
    expect(await relayOutbox(wave, relayDeps(next))).toEqual({ failed: [] });
    expect(next.sent).toEqual(wave.slice(4).map((m) => m.id));
    expect(next.sent.filter((id) => publishedByDead.includes(id))).toEqual([wave[4]!.id]);
  });
});
