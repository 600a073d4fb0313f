/**
 * A small least-recently-used map with an optional time to live. In-process only: a replica
 * that restarts starts cold, which costs GitHub requests, never correctness.
 */
export class Lru<K, V> {
  readonly #entries = new Map<K, { value: V; expires: number }>();
  readonly #max: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #onEvict: ((key: K, value: V) => void) | undefined;

  /**
   * @param max - entries kept; the least recently used goes first
   * @param options.ttlMs - default time to live (Infinity: until evicted)
   * @param options.onEvict - called for entries pushed out, expired, deleted or cleared
   */
  constructor(
    max: number,
    options: { ttlMs?: number; now?: () => number; onEvict?: (key: K, value: V) => void } = {},
  ) {
    this.#max = Math.max(1, max);
    this.#ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
    this.#now = options.now ?? Date.now;
    this.#onEvict = options.onEvict;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.#now()) {
      this.delete(key);
      return undefined;
    }
    // Re-insert so iteration order is recency order.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.value;
  }

  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  set(key: K, value: V, ttlMs = this.#ttlMs): this {
    const previous = this.#entries.get(key);
    this.#entries.delete(key);
    if (previous && previous.value !== value) this.#onEvict?.(key, previous.value);
    this.#entries.set(key, { value, expires: this.#now() + ttlMs });
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return this;
  }

  delete(key: K): boolean {
    const entry = this.#entries.get(key);
    if (!entry) return false;
    this.#entries.delete(key);
    this.#onEvict?.(key, entry.value);
    return true;
  }

  clear(): void {
    for (const key of [...this.#entries.keys()]) this.delete(key);
  }
}
