/** One stored record: its key within a namespace and its value. */
export interface StoredRecord<T> {
  readonly key: string;
  readonly value: T;
}

/** How long a record lives; forever when not given. */
export interface PutOptions {
  readonly ttlMs?: number | undefined;
}

/**
 * A small durable key-value store with namespaces: SQLite in one process, Redis across replicas.
 * Values are JSON. Used for delivery dedupe, the newest head of each pull request, the last
 * webhook delivery seen, and by anything else that must outlive a restart (metric history).
 */
export interface RecordStore {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  put<T>(namespace: string, key: string, value: T, options?: PutOptions): Promise<void>;
  /** Writes only when no live record has the key; true when this call wrote it. */
  putIfAbsent<T>(namespace: string, key: string, value: T, options?: PutOptions): Promise<boolean>;
  delete(namespace: string, key: string): Promise<void>;
  /** Live records of a namespace whose key starts with `prefix`, in key order, at most `limit`. */
  list<T>(
    namespace: string,
    options?: { readonly prefix?: string | undefined; readonly limit?: number | undefined },
  ): Promise<StoredRecord<T>[]>;
}
