/**
 * Stands in, inside the Lambda bundles only, for `mnemonist/lru-cache`,
 * which the AWS SDK's endpoint cache (@aws-sdk/endpoint-cache) is built on:
 * the DynamoDB client makes one at construction for endpoint discovery,
 * which Rota Bank leaves off, so the cache stays empty. mnemonist's LRU
 * (typed arrays, about 5 KB minified in every bundle) is replaced by the
 * same five methods over a Map, whose insertion order is the recency order:
 * a read moves its key to the end, and a write past capacity drops the first.
 */
export default class MapLruCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value without making it the most recent. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): this {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
    return this;
  }

  clear(): void {
    this.entries.clear();
  }
}
