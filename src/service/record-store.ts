/** One stored record: its key within a namespace and its value. */
export interface StoredRecord<T> {
  readonly key: string;
  readonly value: T;
}

/** How a record is written. */
export interface PutOptions {
  /** How long the record lives; forever when not given. */
  readonly ttlMs?: number | undefined;
  /**
   * The record will be read back by {@link RecordStore.list}: keep it in its namespace's index.
   * Off by default, so the many records only ever read by key (delivery dedupe, newest heads)
   * cost one write and leave nothing behind when they expire.
   */
  readonly listed?: boolean | undefined;
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
  /**
   * Live records of a namespace whose key starts with `prefix`, in key order, at most `limit`.
   * Only records put with `listed` are sure to be found: a store may keep no index of the others.
   */
  list<T>(
    namespace: string,
    options?: { readonly prefix?: string | undefined; readonly limit?: number | undefined },
  ): Promise<StoredRecord<T>[]>;
}
