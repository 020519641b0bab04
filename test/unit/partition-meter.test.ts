import { PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { PartitionMeter } from '../../bench/partition-meter';
import { createDocumentClient } from '../../lib/store/client';

/** A client whose requests never leave the process: the meter runs, then this answers in place of DynamoDB. */
function offlineClient(meter: PartitionMeter, output: Record<string, unknown> = {}) {
  const db = createDocumentClient({ endpoint: 'http://127.0.0.1:9', region: 'eu-west-2' });
  meter.attach(db);
  db.middlewareStack.add(() => async () => ({ output: { $metadata: {}, ...output }, response: {} }) as never, {
    step: 'initialize',
    name: 'offline',
    priority: 'low',
  });
  return db;
}

const at = Date.parse('2026-12-07T09:00:00.000Z');

describe('the partition meter', () => {
  it('attributes a PutItem to its table partition and to each index partition its GSI keys name', async () => {
    const meter = new PartitionMeter(() => at);
    const db = offlineClient(meter);
    await db.send(
      new PutCommand({
        TableName: 't',
        Item: {
          PK: 'ORG#o#BOOKING#b1',
          SK: 'BOOKING',
          GSI1PK: 'ORG#o#CLIN#c1#BOOKINGS',
          GSI1SK: '2026-12-08#b1',
          GSI3PK: 'ORG#o#BOOKINGS',
          GSI3SK: '2026-12-08#b1',
          // GSI2PK without its sort key: the item is not in GSI2.
          GSI2PK: 'ORG#o#PRACTICE#p#BOOKINGS',
          pad: 'x'.repeat(1500),
        },
      }),
    );
    const second = Math.floor(at / 1000);
    const one = (target: string) => meter.hottest(target, 'writeUnits', second, second + 1);
    expect(one('table')).toMatchObject([{ key: 'ORG#o#BOOKING#b1', peak: 2, total: { writes: 1 } }]);
    expect(one('GSI1')).toMatchObject([{ key: 'ORG#o#CLIN#c1#BOOKINGS', peak: 2 }]);
    expect(one('GSI2')).toEqual([]);
    expect(one('GSI3')).toMatchObject([{ key: 'ORG#o#BOOKINGS', peak: 2 }]);
    expect(meter.requests.get('Put')).toBe(1);
  });

  it('counts a TransactWriteItems item by item, at twice the units, and follows index keys an update moves', async () => {
    let now = at;
    const meter = new PartitionMeter(() => now);
    const db = offlineClient(meter);
    meter.counting = false;
    // Seeded unseen: an open shift in the org's open partition.
    await db.send(
      new PutCommand({
        TableName: 't',
        Item: { PK: 'ORG#o#SHIFT#s1', SK: 'SHIFT', GSI3PK: 'ORG#o#OPEN', GSI3SK: '2026-12-08#s1' },
      }),
    );
    meter.counting = true;
    now = at + 5_000;
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: 't',
              Key: { PK: 'ORG#o#SHIFT#s1', SK: 'SHIFT' },
              UpdateExpression: 'SET #status = :filled, bookedAt = if_not_exists(bookedAt, :now) REMOVE GSI3PK, GSI3SK',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':filled': 'filled', ':now': 'x' },
            },
          },
          {
            Put: {
              TableName: 't',
              Item: { PK: 'ORG#o#BOOKING#b1', SK: 'BOOKING', GSI3PK: 'ORG#o#BOOKINGS', GSI3SK: '2026-12-08#b1' },
            },
          },
          {
            Put: {
              TableName: 't',
              Item: { PK: 'ORG#o#BOOKING#b2', SK: 'BOOKING', GSI3PK: 'ORG#o#BOOKINGS', GSI3SK: '2026-12-08#b2' },
            },
          },
          { ConditionCheck: { TableName: 't', Key: { PK: 'ORG#o#CLIN#c1', SK: 'PROFILE' }, ConditionExpression: 'x' } },
        ],
      }),
    );
    const second = Math.floor(now / 1000);
    const table = meter.hottest('table', 'writeUnits', second, second + 1, 10);
    expect(new Map(table.map((t) => [t.key, t.peak]))).toEqual(
      new Map([
        ['ORG#o#SHIFT#s1', 2],
        ['ORG#o#BOOKING#b1', 2],
        ['ORG#o#BOOKING#b2', 2],
        ['ORG#o#CLIN#c1', 2],
      ]),
    );
    // Two bookings into one index partition; the filled shift leaves the open partition.
    const gsi3 = meter.hottest('GSI3', 'writeUnits', second, second + 1, 10);
    expect(gsi3).toMatchObject([
      { key: 'ORG#o#BOOKINGS', peak: 4, total: { writes: 2 } },
      { key: 'ORG#o#OPEN', peak: 2, total: { writes: 1 } },
    ]);
    // Nothing was counted while seeding.
    expect(meter.hottest('GSI3', 'writeUnits', Math.floor(at / 1000), Math.floor(at / 1000) + 1)).toEqual([]);

    // A later update that moves nothing still rewrites the item's entry where it now is (none for GSI3).
    now += 1_000;
    await db.send(
      new UpdateCommand({
        TableName: 't',
        Key: { PK: 'ORG#o#SHIFT#s1', SK: 'SHIFT' },
        UpdateExpression: 'SET note = :n',
        ExpressionAttributeValues: { ':n': 'y' },
      }),
    );
    const later = Math.floor(now / 1000);
    expect(meter.hottest('GSI3', 'writeUnits', later, later + 1)).toEqual([]);
    expect(meter.hottest('table', 'writeUnits', later, later + 1)).toMatchObject([{ key: 'ORG#o#SHIFT#s1', peak: 1 }]);
  });

  it('attributes a Query to the index partition its key condition names, half the units when eventually consistent', async () => {
    const meter = new PartitionMeter(() => at);
    // 30 items of about 500 bytes: 15,000 bytes, 4 units read consistently, 2 eventually.
    const items = Array.from({ length: 30 }, (_, i) => ({
      PK: `ORG#o#SHIFT#s${i}`,
      SK: 'SHIFT',
      pad: 'x'.repeat(480),
    }));
    const db = offlineClient(meter, { Items: items });
    await db.send(
      new QueryCommand({
        TableName: 't',
        IndexName: 'GSI3',
        KeyConditionExpression: '#pk = :pk AND GSI3SK BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': 'GSI3PK' },
        ExpressionAttributeValues: { ':pk': 'ORG#o#OPEN', ':from': '2026-12-08', ':to': '2026-12-09' },
      }),
    );
    const second = Math.floor(at / 1000);
    expect(meter.hottest('GSI3', 'readUnits', second, second + 1)).toMatchObject([
      { key: 'ORG#o#OPEN', peak: 2, total: { reads: 30 } },
    ]);
    expect(meter.hottest('table', 'readUnits', second, second + 1)).toEqual([]);
  });
});
