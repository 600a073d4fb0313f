import type { HistoryRecordStore } from "./history-records.js";

/**
 * Records in this process's memory, with the durable store's semantics (JSON values, listings in
 * key order): what an app without a service store remembers until it restarts. Every record is
 * listed, whether put as `listed` or not.
 */
export class MemoryRecordStore implements HistoryRecordStore {
  readonly #data = new Map<string, Map<string, string>>();

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const text = this.#data.get(namespace)?.get(key);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }

  async put<T>(namespace: string, key: string, value: T): Promise<void> {
    let records = this.#data.get(namespace);
    if (!records) {
      records = new Map();
      this.#data.set(namespace, records);
    }
    records.set(key, JSON.stringify(value));
  }

  async list<T>(
    namespace: string,
    options: { readonly prefix?: string | undefined; readonly limit?: number | undefined } = {},
  ): Promise<{ key: string; value: T }[]> {
    const prefix = options.prefix ?? "";
    return [...(this.#data.get(namespace) ?? new Map<string, string>()).entries()]
      .filter(([key]) => key.startsWith(prefix))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, options.limit ?? Number.POSITIVE_INFINITY)
      .map(([key, value]) => ({ key, value: JSON.parse(value) as T }));
  }
}
