import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { SettableClock } from '../../lib/domain/ports';
import type { OutboxMessage } from '../../lib/domain/types';
import type { Publisher } from '../../lib/notify/publisher';
import { publishPolicy, type RelayDeps, relayOutbox, sentMarkerKey } from '../../lib/notify/relay';
import type { OutboxRecord } from '../../lib/store/outbox';
import { backoffMs } from '../../lib/store/retry';

/**
 * Just the marker table the relay uses, with the conditions it writes
 * spelled out; the integration suite runs the real expressions on DynamoDB Local.
 */
class FakeMarkers {
  readonly items = new Map<string, Record<string, unknown>>();
  readonly client = { send: (command: unknown) => this.send(command) } as unknown as DynamoDBDocumentClient;

  async send(command: unknown): Promise<unknown> {
    if (command instanceof PutCommand) {
      const item = command.input.Item!;
      const old = this.items.get(item.PK as string);
      if (command.input.ConditionExpression) {
        const stale = command.input.ExpressionAttributeValues![':stale'] as string;
        const free = !old || (old.state === 'sending' && (old.claimedAt as string) < stale);
        if (!free)
          throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
      }
      this.items.set(item.PK as string, { ...item });
      return {};
    }
    if (command instanceof GetCommand) return { Item: this.items.get(command.input.Key!.PK as string) };
    if (command instanceof DeleteCommand) {
      const pk = command.input.Key!.PK as string;
      const old = this.items.get(pk);
      if (old?.state !== 'sending' || old.token !== command.input.ExpressionAttributeValues![':token']) {
        throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
      }
      this.items.delete(pk);
      return {};
    }
    throw new Error(`unexpected command ${(command as object).constructor.name}`);
  }

  state(orgId: string, messageId: string): unknown {
    return this.items.get(sentMarkerKey(orgId, messageId).PK)?.state;
  }
}

/** Records what it is asked to send; `failures` names, per message id, how many attempts to refuse. */
class RecordingPublisher implements Publisher {
  readonly calls: string[][] = [];
  readonly sent: OutboxMessage[] = [];
  constructor(readonly failures: Record<string, number> = {}) {}
  async publish(messages: readonly OutboxMessage[]) {
    this.calls.push(messages.map((m) => m.id));
    const failed: string[] = [];
    for (const m of messages) {
      if ((this.failures[m.id] ?? 0) > 0) {
        this.failures[m.id]! -= 1;
        failed.push(m.id);
      } else this.sent.push(m);
    }
    return { failed };
  }
}

const message = (id: string, to = '+447700900123'): OutboxMessage => ({
  orgId: 'org1',
  id,
  kind: 'offer',
  channel: 'sms',
  to,
  body: `Offer ${id}`,
  createdAt: '2026-11-22T09:00:00.000Z',
});

const fanOut = (id: string, shiftId = 'shift1'): OutboxRecord => ({
  orgId: 'org1',
  id,
  kind: 'shift-filled',
  createdAt: '2026-11-22T09:00:00.000Z',
  fanOut: { kind: 'shift-filled', shiftId, round: 1, exceptClinicianIds: [] },
});

/** A fan-out record stands for one text to each of three offerees. */
const expand = async (record: OutboxRecord): Promise<OutboxMessage[]> =>
  record.fanOut ? ['c1', 'c2', 'c3'].map((c) => message(`${record.id}:${c}`)) : [record];

function setup(publisher: Publisher = new RecordingPublisher(), overrides: Partial<RelayDeps> = {}) {
  const markers = new FakeMarkers();
  const clock = new SettableClock(new Date('2026-11-22T09:00:00.000Z'));
  const sleeps: number[] = [];
  const deps: RelayDeps = {
    db: markers.client,
    table: 't',
    publisher,
    clock,
    expand,
    random: () => 0.25,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  };
  return { markers, clock, sleeps, deps };
}

describe('relayOutbox', () => {
  it('publishes each message once and marks it sent, so a replay of the same records sends nothing', async () => {
    const publisher = new RecordingPublisher();
    const { markers, deps } = setup(publisher);
    const records = [message('r1'), message('r2')];

    expect(await relayOutbox(records, deps)).toEqual({ failed: [] });
    expect(await relayOutbox(records, deps)).toEqual({ failed: [] });

    expect(publisher.sent.map((m) => m.id)).toEqual(['r1', 'r2']);
    // One message per publish, so each is marked sent before the next goes.
    expect(publisher.calls).toEqual([['r1'], ['r2']]);
    expect(markers.state('org1', 'r1')).toBe('sent');
    expect(markers.items.get(sentMarkerKey('org1', 'r1').PK)?.ttl).toBe(
      Date.parse('2026-11-22T09:00:00Z') / 1000 + 7 * 24 * 3600,
    );
  });

  it('sends a message once when the same record comes twice in one batch', async () => {
    const publisher = new RecordingPublisher();
    const { deps } = setup(publisher);
    expect(await relayOutbox([message('r1'), message('r1')], deps)).toEqual({ failed: [] });
    expect(publisher.sent.map((m) => m.id)).toEqual(['r1']);
  });

  it('works out several records of a batch at once, each once, and still sends their messages in the batch order', async () => {
    const publisher = new RecordingPublisher();
    let inFlight = 0;
    let most = 0;
    const asked: string[] = [];
    const { deps } = setup(publisher, {
      expand: async (record) => {
        asked.push(record.id);
        most = Math.max(most, ++inFlight);
        // The later records finish first.
        await new Promise((resolve) => setTimeout(resolve, 40 - 5 * asked.length));
        inFlight--;
        return expand(record);
      },
    });
    const records = [
      fanOut('f1', 's1'),
      fanOut('f2', 's2'),
      fanOut('f1', 's1'),
      fanOut('f3', 's3'),
      fanOut('f4', 's4'),
    ];
    expect(await relayOutbox(records, deps)).toEqual({ failed: [] });
    expect(most).toBeGreaterThan(1);
    expect(asked.sort()).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(publisher.sent.map((m) => m.id)).toEqual(
      ['f1', 'f2', 'f3', 'f4'].flatMap((f) => ['c1', 'c2', 'c3'].map((c) => `${f}:${c}`)),
    );
  });

  it('retries what the publisher refused, with growing jittered pauses, and reports success once it is delivered', async () => {
    const publisher = new RecordingPublisher({ r2: 2 });
    const { sleeps, deps } = setup(publisher);
    expect(await relayOutbox([message('r1'), message('r2')], deps)).toEqual({ failed: [] });
    expect(publisher.calls).toEqual([['r1'], ['r2'], ['r2'], ['r2']]);
    expect(publisher.sent.map((m) => m.id)).toEqual(['r1', 'r2']);
    // The injected random source draws 0.25 each time: three quarters of 150 ms, then of 300.
    expect(sleeps).toEqual([112.5, 225]);
  });

  it('after four refusals reports the record failed and releases the claim, so the stream retry sends it', async () => {
    const publisher = new RecordingPublisher({ r2: 4 });
    const { markers, sleeps, deps } = setup(publisher);

    expect(await relayOutbox([message('r1'), message('r2')], deps)).toEqual({ failed: ['r2'] });
    // r1 once, r2 four times.
    expect(publisher.calls).toHaveLength(5);
    expect(sleeps).toHaveLength(3);
    expect(markers.state('org1', 'r1')).toBe('sent');
    expect(markers.state('org1', 'r2')).toBeUndefined();

    // The stream delivers the batch again: only the undelivered message goes.
    expect(await relayOutbox([message('r1'), message('r2')], deps)).toEqual({ failed: [] });
    expect(publisher.sent.map((m) => m.id)).toEqual(['r1', 'r2']);
  });

  it('treats a publisher that throws as refusing the message it was given', async () => {
    let calls = 0;
    const sent: string[] = [];
    const flaky: Publisher = {
      async publish(messages) {
        calls += 1;
        if (calls === 1) throw new Error('socket hang up');
        sent.push(...messages.map((m) => m.id));
        return { failed: [] };
      },
    };
    const { deps } = setup(flaky);
    expect(await relayOutbox([message('r1'), message('r2')], deps)).toEqual({ failed: [] });
    // r1's refusal holds up nothing: r2 goes, then r1 on the retry.
    expect(sent).toEqual(['r2', 'r1']);
  });

  it('fails a fan-out record when any of its messages fails, and its retry sends only the one that failed', async () => {
    const publisher = new RecordingPublisher({ 'f1:c2': 4 });
    const { deps } = setup(publisher);

    expect(await relayOutbox([fanOut('f1'), message('r1')], deps)).toEqual({ failed: ['f1'] });
    expect(await relayOutbox([fanOut('f1')], deps)).toEqual({ failed: [] });

    expect(publisher.sent.map((m) => m.id).sort()).toEqual(['f1:c1', 'f1:c2', 'f1:c3', 'r1']);
  });

  it('fails only the record it could not expand', async () => {
    const publisher = new RecordingPublisher();
    const { deps } = setup(publisher, {
      expand: async (record) => {
        if (record.id === 'bad') throw new Error('shift not found');
        return expand(record);
      },
    });
    expect(await relayOutbox([message('r1'), fanOut('bad'), message('r2')], deps)).toEqual({ failed: ['bad'] });
    expect(publisher.sent.map((m) => m.id)).toEqual(['r1', 'r2']);
  });

  it('leaves a message another invocation is still sending to it, and retries the record rather than calling it delivered', async () => {
    const publisher = new RecordingPublisher();
    const { markers, deps } = setup(publisher);
    markers.items.set(sentMarkerKey('org1', 'r1').PK, {
      ...sentMarkerKey('org1', 'r1'),
      state: 'sending',
      claimedAt: '2026-11-22T08:59:50.000Z',
      token: 'someone-else',
    });

    expect(await relayOutbox([message('r1'), message('r2')], deps)).toEqual({ failed: ['r1'] });
    expect(publisher.sent.map((m) => m.id)).toEqual(['r2']);
    // Not ours: the other invocation's claim stands.
    expect(markers.items.get(sentMarkerKey('org1', 'r1').PK)?.token).toBe('someone-else');
  });

  it('takes over a claim left more than 15 seconds ago by an invocation that died mid-send', async () => {
    const publisher = new RecordingPublisher();
    const { markers, deps } = setup(publisher);
    markers.items.set(sentMarkerKey('org1', 'r1').PK, {
      ...sentMarkerKey('org1', 'r1'),
      state: 'sending',
      claimedAt: '2026-11-22T08:59:44.000Z',
      token: 'dead',
    });

    expect(await relayOutbox([message('r1')], deps)).toEqual({ failed: [] });
    expect(publisher.sent.map((m) => m.id)).toEqual(['r1']);
    expect(markers.state('org1', 'r1')).toBe('sent');
  });

  it("waits within the invocation for a dead sender's claim to go stale, then sends the message itself", async () => {
    const publisher = new RecordingPublisher();
    const { markers, clock, sleeps, deps } = setup(publisher);
    // Time passes as the relay waits, as it does in Lambda.
    deps.sleep = async (ms) => {
      sleeps.push(ms);
      clock.set(new Date(clock.now().getTime() + ms));
    };
    markers.items.set(sentMarkerKey('org1', 'r1').PK, {
      ...sentMarkerKey('org1', 'r1'),
      state: 'sending',
      claimedAt: '2026-11-22T08:59:59.000Z',
      token: 'dead',
    });

    expect(await relayOutbox([message('r1'), message('r2')], deps)).toEqual({ failed: [] });
    expect(publisher.sent.map((m) => m.id)).toEqual(['r2', 'r1']);
    expect(markers.state('org1', 'r1')).toBe('sent');
    // It looked again until the claim, made a second before, was 15 s old, and no longer.
    const waited = sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(14_000);
    expect(waited).toBeLessThanOrEqual(15_750);
  });

  it('stops waiting as soon as the other invocation marks the message sent, and does not send it again', async () => {
    const publisher = new RecordingPublisher();
    const { markers, sleeps, deps } = setup(publisher);
    const key = sentMarkerKey('org1', 'r1');
    markers.items.set(key.PK, { ...key, state: 'sending', claimedAt: '2026-11-22T08:59:59.000Z', token: 'alive' });
    deps.sleep = async (ms) => {
      sleeps.push(ms);
      markers.items.set(key.PK, { ...key, state: 'sent', sentAt: '2026-11-22T09:00:00.200Z' });
    };

    expect(await relayOutbox([message('r1')], deps)).toEqual({ failed: [] });
    expect(publisher.sent).toEqual([]);
    expect(sleeps).toEqual([250]);
  });

  it("keeps a long fan-out's claims fresh batch by batch, so a second relay of the record half-way sends nothing twice", async () => {
    // 120 texts at 150 ms each: 18 s of sending, past the 15 s after which a claim looks abandoned.
    const texts = Array.from({ length: 120 }, (_, i) => message(`big:c${i}`));
    const big = fanOut('big');
    const { markers, clock, deps } = setup(undefined, { expand: async () => texts });
    const started = clock.now().getTime();
    const second = new RecordingPublisher();
    let firstDone!: () => void;
    const firstFinished = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    let secondRun: Promise<{ failed: string[] }> | undefined;
    const sentByFirst: string[] = [];
    const first: Publisher = {
      async publish(messages) {
        for (const m of messages) {
          clock.set(new Date(clock.now().getTime() + 150));
          sentByFirst.push(m.id);
          // The stream hands the same record to another invocation (say, after a timeout) 15.6 s in; its pauses
          // last as long as the first invocation takes to finish.
          if (!secondRun && clock.now().getTime() - started > 15_500) {
            secondRun = relayOutbox([big], { ...deps, publisher: second, sleep: () => firstFinished });
          }
        }
        return { failed: [] };
      },
    };

    expect(await relayOutbox([big], { ...deps, publisher: first })).toEqual({ failed: [] });
    firstDone();
    expect(await secondRun).toEqual({ failed: [] });
    expect(sentByFirst).toHaveLength(120);
    expect(second.sent).toEqual([]);
    expect(texts.every((t) => markers.state('org1', t.id) === 'sent')).toBe(true);
  });

  it('marks each message sent as soon as its own publish returns, so a relay killed mid-send leaves one message to send twice', async () => {
    const texts = Array.from({ length: 42 }, (_, i) => message(`wave:c${i}`));
    const wave = fanOut('wave');
    const { markers, clock, deps } = setup(undefined, { expand: async () => texts });
    const markedBefore: number[] = [];
    const publishedByDead: string[] = [];
    // The process dies while the 8th text is being published: it has gone, and nothing after it ever runs.
    const dying: Publisher = {
      async publish(messages) {
        markedBefore.push(texts.filter((t) => markers.state('org1', t.id) === 'sent').length);
        publishedByDead.push(...messages.map((m) => m.id));
        if (publishedByDead.length >= 8) return new Promise(() => {});
        return { failed: [] };
      },
    };
    void relayOutbox([wave], { ...deps, publisher: dying });
    await new Promise((r) => setTimeout(r, 50));
    // Every earlier text was marked before the next was handed over.
    expect(markedBefore).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);

    // The stream delivers the record again once the dead relay's claims are stale.
    clock.set(new Date(clock.now().getTime() + 16_000));
    const next = new RecordingPublisher();
    expect(await relayOutbox([wave], { ...deps, publisher: next })).toEqual({ failed: [] });
    const twice = next.sent.map((m) => m.id).filter((id) => publishedByDead.includes(id));
    expect(twice).toEqual(['wave:c7']);
    expect(publishedByDead.length + next.sent.length).toBe(43);
    expect(texts.every((t) => markers.state('org1', t.id) === 'sent')).toBe(true);
  });

  it('keeps the same message id apart in two organisations', async () => {
    const publisher = new RecordingPublisher();
    const { deps } = setup(publisher);
    await relayOutbox([message('r1'), { ...message('r1'), orgId: 'org2' }], deps);
    expect(publisher.sent.map((m) => m.orgId)).toEqual(['org1', 'org2']);
  });
});

describe('publishPolicy', () => {
  it('waits about 150, 300 and 600 ms before the three retries, spread by the random source', () => {
    expect(
      [1, 2, 3].map((n) =>
        backoffMs(
          publishPolicy(() => 0),
          n,
        ),
      ),
    ).toEqual([75, 150, 300]);
    expect(
      [1, 2, 3].map((n) =>
        backoffMs(
          publishPolicy(() => 0.5),
          n,
        ),
      ),
    ).toEqual([150, 300, 600]);
    expect(publishPolicy(Math.random).attempts).toBe(4);
  });
});
