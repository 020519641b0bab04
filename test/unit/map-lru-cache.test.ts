import LRUCache from 'mnemonist/lru-cache';
import { describe, expect, it } from 'vitest';
import MapLruCache from '../../cdk/lambda/map-lru-cache';

/** The stand-in must answer as mnemonist's LRU does, for the methods the SDK's endpoint cache calls. */
describe('MapLruCache, the stand-in for mnemonist/lru-cache in the bundles', () => {
  it('answers every step of the same script of reads and writes as mnemonist does', () => {
    const real = new LRUCache<string, number>(3);
    const ours = new MapLruCache<string, number>(3);
    const script: [op: 'set' | 'get' | 'peek' | 'has', key: string, value?: number][] = [
      ['set', 'a', 1],
      ['set', 'b', 2],
      ['set', 'c', 3],
      ['get', 'a'], // a is now the most recent: b is the least
      ['set', 'd', 4], // evicts b
      ['has', 'b'],
      ['peek', 'c'], // a peek does not refresh c
      ['set', 'e', 5], // evicts c
      ['has', 'c'],
      ['get', 'a'],
      ['set', 'a', 10], // overwrites, no eviction
      ['get', 'd'],
      ['get', 'e'],
      ['get', 'missing'],
    ];
    for (const [op, key, value] of script) {
      if (op === 'set') {
        real.set(key, value!);
        ours.set(key, value!);
        expect(ours.size, `set ${key}`).toBe(real.size);
      } else {
        expect(ours[op](key), `${op} ${key}`).toEqual(real[op](key));
      }
    }
    real.clear();
    ours.clear();
    expect([ours.size, ours.has('a')]).toEqual([real.size, real.has('a')]);
  });
});
