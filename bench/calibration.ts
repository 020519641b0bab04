import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { batchPut, type Latency, timeSequential } from './support';

export interface Calibration {
  conditionalUpdate: Latency;
  transaction3: Latency;
  getItem: Latency;
  query20: Latency;
  /** The same 3-item transaction with many in flight at once (each on its own items): DynamoDB Local's write rate. */
  transaction3Throughput: { perSecond: number; inFlight: number; total: number };
}

export const PAD = 'x'.repeat(400);

/** The shape of a small booking: a guarded update of an open "shift" and two guarded inserts. */
export function smallBooking(table: string, shiftPk: string, id: string, n: number) {
  return [
    {
      Update: {
        TableName: table,
        Key: { PK: shiftPk, SK: 'S' },
        UpdateExpression: 'SET #s = :open, n = :i',
        ConditionExpression: '#s = :open',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':open': 'open', ':i': n },
      },
    },
    {
      Put: {
        TableName: table,
        Item: { PK: `CAL#BOOKING#${id}`, SK: 'B', pad: PAD },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
    {
      Put: {
        TableName: table,
        Item: { PK: `CAL#AUDIT#${id}`, SK: 'A', pad: PAD },
        ConditionExpression: 'attribute_not_exists(PK)',
      },
    },
  ];
}

/** The calibration's counters, as `calibrate` and the accept bench seed them. */
export function counterItems() {
  return Array.from({ length: 20 }, (_, i) => ({ PK: `CAL#COUNTER#${i}`, SK: 'C', n: 0, pad: PAD }));
}

/** The raw conditional update: bump one of twenty counters if it exists. */
export function conditionalBump(table: string, i: number) {
  return new UpdateCommand({
    TableName: table,
    Key: { PK: `CAL#COUNTER#${Math.abs(i) % 20}`, SK: 'C' },
    UpdateExpression: 'SET n = n + :one',
    ConditionExpression: 'attribute_exists(PK) AND n >= :zero',
    ExpressionAttributeValues: { ':one': 1, ':zero': 0 },
  });
}

/**
 * What DynamoDB Local itself costs on this machine, through the same document
 * client the application uses, one request at a time: the floor every other
 * figure is read against.
 */
export async function calibrate(
  db: DynamoDBDocumentClient,
  table: string,
  opts: {
    iterations: number;
    warmup: number;
    /**
     * Update-and-transaction pairs sent, unmeasured, before anything is timed: DynamoDB Local's JVM is still
     * compiling its write path for the first thousand or so, and a floor taken then is one the rest of the run
     * never sees again (measured: a 3-item transaction at 10-15 ms early on, 6-9 ms a minute later).
     */
    engineWarmup: number;
  },
): Promise<Calibration> {
  const counters = counterItems();
  const rows = Array.from({ length: 20 }, (_, i) => ({
    PK: 'CAL#QUERY',
    SK: `ROW#${String(i).padStart(3, '0')}`,
    pad: PAD,
  }));
  await batchPut(db, table, [...counters, ...rows]);
  await db.send(new PutCommand({ TableName: table, Item: { PK: 'CAL#SHIFT', SK: 'S', status: 'open', pad: PAD } }));

  for (let i = 0; i < opts.engineWarmup; i++) {
    await db.send(conditionalBump(table, i));
    await db.send(new TransactWriteCommand({ TransactItems: smallBooking(table, 'CAL#SHIFT', `warm-${i}`, i) }));
  }

  const conditionalUpdate = await timeSequential(opts.iterations, opts.warmup, (i) =>
    db.send(conditionalBump(table, i)),
  );

  const transaction3 = await timeSequential(opts.iterations, opts.warmup, (i) =>
    db.send(new TransactWriteCommand({ TransactItems: smallBooking(table, 'CAL#SHIFT', `${i}`, i) })),
  );

  const getItem = await timeSequential(opts.iterations, opts.warmup, (i) =>
    db.send(
      new GetCommand({
        TableName: table,
        Key: { PK: `CAL#COUNTER#${Math.abs(i) % 20}`, SK: 'C' },
        ConsistentRead: true,
      }),
    ),
  );

  const query20 = await timeSequential(opts.iterations, opts.warmup, async () => {
    const out = await db.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': 'CAL#QUERY' },
      }),
    );
    if (out.Items?.length !== 20) throw new Error(`the calibration query read ${out.Items?.length} items`);
  });

  const inFlight = 20;
  const total = opts.iterations * 2;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async (_, w) => {
      await db.send(
        new PutCommand({ TableName: table, Item: { PK: `CAL#SHIFT#${w}`, SK: 'S', status: 'open', pad: PAD } }),
      );
      while (next < total) {
        const i = next++;
        await db.send(new TransactWriteCommand({ TransactItems: smallBooking(table, `CAL#SHIFT#${w}`, `T${i}`, i) }));
      }
    }),
  );
  const transaction3Throughput = { perSecond: (total * 1000) / (performance.now() - started), inFlight, total };

  return { conditionalUpdate, transaction3, getItem, query20, transaction3Throughput };
}
