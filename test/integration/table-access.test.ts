import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, tableAccessOf } from '../../lib/routes/index';
import { createDocumentClient } from '../../lib/store/client';
import { guardTableAccess, withTableAccess } from '../../local/table-access';
import { freshDeps, type TestDeps } from '../support/table';

/** The local adapter's stand-in for IAM on the table: a read-only route's handler may read and nothing else. */
describe("a route's table access, enforced locally as IAM does in AWS", () => {
  let deps: TestDeps;
  let db: ReturnType<typeof createDocumentClient>;
  const key = { PK: 'ACCESS#test', SK: 'ITEM' };

  beforeAll(async () => {
    deps = await freshDeps();
    db = createDocumentClient({ endpoint: deps.endpoint, region: 'eu-west-2' });
    guardTableAccess(db);
    await db.send(new PutCommand({ TableName: deps.table, Item: { ...key, n: 1 } }));
  });

  it('refuses every kind of write inside a read-only route, and writes nothing', async () => {
    const writes = [
      new PutCommand({ TableName: deps.table, Item: { ...key, n: 2 } }),
      new UpdateCommand({
        TableName: deps.table,
        Key: key,
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': 3 },
      }),
      new TransactWriteCommand({ TransactItems: [{ Put: { TableName: deps.table, Item: { ...key, n: 4 } } }] }),
    ];
    for (const write of writes) {
      await expect(withTableAccess('read', () => db.send(write as never))).rejects.toMatchObject({
        name: 'AccessDeniedException',
      });
    }
    const { Item } = await db.send(new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: true }));
    expect(Item?.n).toBe(1);
  });

  it('lets a read-only route read, a writing route write, and work outside any route (the pumps) do both', async () => {
    await withTableAccess('read', async () => {
      expect((await db.send(new GetCommand({ TableName: deps.table, Key: key }))).Item?.n).toBe(1);
      const page = await db.send(
        new QueryCommand({
          TableName: deps.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': key.PK },
        }),
      );
      expect(page.Items).toHaveLength(1);
    });
    await withTableAccess('readWrite', () =>
      db.send(new PutCommand({ TableName: deps.table, Item: { ...key, n: 5 } })),
    );
    await db.send(
      new UpdateCommand({
        TableName: deps.table,
        Key: key,
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': 6 },
      }),
    );
    expect((await db.send(new GetCommand({ TableName: deps.table, Key: key, ConsistentRead: true }))).Item?.n).toBe(6);
  });

  it('gives GET routes read access unless they declare a write, and every other method read and write', () => {
    const invite = ROUTES.find((r) => r.method === 'GET' && r.path === '/invites/{token}')!;
    expect(tableAccessOf(invite)).toBe('readWrite');
    const reads = ROUTES.filter((r) => tableAccessOf(r) === 'read');
    expect(reads.length).toBeGreaterThan(20);
    expect(reads.every((r) => r.method === 'GET')).toBe(true);
    expect(ROUTES.filter((r) => r.method !== 'GET').every((r) => tableAccessOf(r) === 'readWrite')).toBe(true);
  });
});
