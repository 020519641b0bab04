import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import * as keys from '../../lib/store/keys';
import { ORG } from '../support/fixtures';
import { freshDeps, type TestDeps } from '../support/table';

/** A bulk post's reply at its largest: 200 shifts, each with 500 characters of notes in a three-byte script. */
function largeReply() {
  const notes = '病院の駐車場は裏です。'.repeat(46).slice(0, 500);
  const shifts = Array.from({ length: 200 }, (_, i) => ({
    id: `shf-${String(i).padStart(4, '0')}`,
    practiceId: 'prc-chard',
    role: 'gp',
    skills: Array.from({ length: 20 }, (_, k) => `skill-${k}-${'x'.repeat(40)}`),
    notes,
    start: '2027-07-05T07:00:00.000Z',
  }));
  return { status: 201, body: { shifts, skipped: [] } };
}

describe('the first reply kept for an Idempotency-Key', () => {
  let deps: TestDeps;
  beforeAll(async () => {
    deps = await freshDeps();
  });

  it('comes back as the same bytes, a 200-shift reply past DynamoDB’s 400 KB as JSON included', async () => {
    const reply = largeReply();
    expect(Buffer.byteLength(JSON.stringify(reply))).toBeGreaterThan(400 * 1024);
    const now = Date.now();
    expect(await deps.idempotency.claim(ORG, 'k-large', 'hash-1', now, 60_000)).toEqual({ outcome: 'claimed' });
    await deps.idempotency.complete(ORG, 'k-large', reply);
    const again = await deps.idempotency.claim(ORG, 'k-large', 'hash-1', now + 1_000, 60_000);
    expect(again.outcome).toBe('done');
    expect(JSON.stringify(again.outcome === 'done' && again.reply)).toBe(JSON.stringify(reply));
    expect(await deps.idempotency.claim(ORG, 'k-large', 'hash-2', now + 2_000, 60_000)).toEqual({
      outcome: 'mismatch',
    });
  });

  it('reads a reply kept by an earlier version, as a JSON string or as a map', async () => {
    const reply = { status: 201, body: { shifts: [{ id: 'shf-1', role: 'gp' }], skipped: [] } };
    for (const [key, kept] of [
      ['k-string', JSON.stringify(reply)],
      ['k-map', reply],
    ] as const) {
      await deps.idempotency.claim(ORG, key, 'hash', Date.now(), 60_000);
      await deps.db.send(
        new UpdateCommand({
          TableName: deps.table,
          Key: keys.idempotency(ORG, key),
          UpdateExpression: 'SET #status = :done, reply = :reply',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':reply': kept },
        }),
      );
      expect(await deps.idempotency.read(ORG, key, 'hash')).toEqual({ outcome: 'done', reply });
    }
  });
});
