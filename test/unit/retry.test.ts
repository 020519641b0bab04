import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { AGAIN, backoffMs, drain, isTransient, retry } from '../../lib/store/retry';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const named = (name: string) => Object.assign(new Error(name), { name });

describe('retry', () => {
  it('backs off exponentially, capped, scaled by the injected random source', () => {
    const at = (r: number) => ({ attempts: 5, baseMs: 10, capMs: 50, random: () => r });
    expect([1, 2, 3, 4].map((n) => backoffMs(at(0.5), n))).toEqual([10, 20, 40, 50]);
    expect(backoffMs(at(0), 2)).toBe(10);
    expect(backoffMs(at(0.999), 1)).toBeCloseTo(14.99);
  });

  it('runs a step again when it asks to, and returns its value', async () => {
    const draws: number[] = [];
    const random = () => {
      draws.push(1);
      return 0;
    };
    let tries = 0;
    const value = await retry({ attempts: 4, baseMs: 1, random }, async (attempt) => {
      tries++;
      expect(attempt).toBe(tries - 1);
      return tries < 3 ? AGAIN : 'done';
    });
    expect(value).toBe('done');
    expect(tries).toBe(3);
    // One draw per pause: the jitter comes from the caller's source, not Math.random.
    expect(draws).toHaveLength(2);
  });

  it('retries throttling and transactions cancelled in passing, but not a failed condition or a bug', async () => {
    expect(isTransient(named('ThrottlingException'))).toBe(true);
    expect(isTransient(named('TransactionConflictException'))).toBe(true);
    expect(isTransient(cancelled('None', 'TransactionConflict'))).toBe(true);
    expect(isTransient(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(isTransient(cancelled('ConditionalCheckFailed'))).toBe(false);
    expect(isTransient(new TypeError('x is undefined'))).toBe(false);

    let tries = 0;
    const value = await retry({ attempts: 3, baseMs: 1, random: () => 0 }, async () => {
      if (++tries < 3) throw named('ProvisionedThroughputExceededException');
      return tries;
    });
    expect(value).toBe(3);

    tries = 0;
    await expect(
      retry({ attempts: 5, baseMs: 1, random: () => 0 }, async () => {
        tries++;
        throw new TypeError('boom');
      }),
    ).rejects.toThrow('boom');
    expect(tries).toBe(1);
  });

  it('throws what the caller says once the tries run out, or the last transient error', async () => {
    let tries = 0;
    await expect(
      retry(
        { attempts: 3, baseMs: 1, random: () => 0 },
        async () => {
          tries++;
          return AGAIN;
        },
        () => new Error('still moving'),
      ),
    ).rejects.toThrow('still moving');
    expect(tries).toBe(3);
    await expect(
      retry({ attempts: 2, baseMs: 1, random: () => 0 }, async () => {
        throw named('ThrottlingException');
      }),
    ).rejects.toThrow('ThrottlingException');
  });

  it('drains a batch until nothing is left unprocessed, and gives up loudly', async () => {
    const sent: number[][] = [];
    await drain({ attempts: 5, baseMs: 1, random: () => 0 }, [1, 2, 3], async (pending) => {
      sent.push(pending);
      return pending.slice(1);
    });
    expect(sent).toEqual([[1, 2, 3], [2, 3], [3]]);
    await expect(drain({ attempts: 2, baseMs: 1, random: () => 0 }, [1], async (pending) => pending)).rejects.toThrow(
      /unprocessed/,
    );
  });
});
