import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { type TransactItem, transact } from '../../lib/store/transact';
import { freshDeps } from '../support/table';

const key = (id: string) => ({ PK: `TEST#${id}`, SK: 'T' });
const create = (name: string, id: string): TransactItem => ({
  name,
  put: { Item: { ...key(id), n: 1 }, ConditionExpression: 'attribute_not_exists(PK)' },
});

describe('transact', () => {
  it('writes every item, or none and names the items whose condition failed', async () => {
    const deps = await freshDeps();
    expect(await transact(deps.db, deps.table, [create('a', 'a'), create('b', 'b')])).toEqual({ ok: true });

    // 'b' and 'c:2' exist after this; the third item is new, and is not written either.
    await transact(deps.db, deps.table, [create('c', 'c2')]);
    const out = await transact(deps.db, deps.table, [
      create('fresh', 'new'),
      create('b', 'b'),
      create('c:2', 'c2'),
      {
        name: 'a-check',
        check: { Key: key('a'), ConditionExpression: 'n = :one', ExpressionAttributeValues: { ':one': 1 } },
      },
    ]);
    expect(out).toEqual({ ok: false, failed: ['b', 'c:2'] });
    const fresh = await deps.db.send(new GetCommand({ TableName: deps.table, Key: key('new'), ConsistentRead: true }));
    expect(fresh.Item).toBeUndefined();
  });

  it('reports a name once however many of its items failed, and throws what is not a condition', async () => {
    const deps = await freshDeps();
    await transact(deps.db, deps.table, [create('x', 'x1'), create('x', 'x2')]);
    expect(await transact(deps.db, deps.table, [create('x', 'x1'), create('x', 'x2')])).toEqual({
      ok: false,
      failed: ['x'],
    });
    // A malformed expression: DynamoDB's validation error, thrown as it is, never read as a failed condition.
    await expect(
      transact(deps.db, deps.table, [
        create('y', 'y1'),
        { name: 'bad', update: { Key: key('y2'), UpdateExpression: 'SET' } },
      ]),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
