import type Database from "better-sqlite3";
import type { PutOptions, RecordStore, StoredRecord } from "./record-store.js";

/**
 * Records in the embedded database (the table is created when missing). Every record can be
 * listed, whether put as `listed` or not: the table's primary key is the index.
 */
export class SqliteRecordStore implements RecordStore {
  readonly #now: () => number;
  readonly #sql: ReturnType<typeof statements>;

  constructor(db: Database.Database, now: () => number = Date.now) {
    this.#now = now;
    db.exec(`CREATE TABLE IF NOT EXISTS records (
      namespace TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      expires_at INTEGER,
      PRIMARY KEY (namespace, key)
    ) WITHOUT ROWID`);
    this.#sql = statements(db);
  }

  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    const row = this.#sql.get.get(namespace, key, this.#now()) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async put<T>(namespace: string, key: string, value: T, options: PutOptions = {}): Promise<void> {
    this.#sql.put.run(namespace, key, JSON.stringify(value), this.#expiry(options));
  }

  async putIfAbsent<T>(
    namespace: string,
    key: string,
    value: T,
    options: PutOptions = {},
  ): Promise<boolean> {
    // One statement: an expired record is replaced, a live one kept.
    const result = this.#sql.putIfAbsent.run(
      namespace,
      key,
      JSON.stringify(value),
      this.#expiry(options),
      this.#now(),
    );
    return result.changes > 0;
  }

  async delete(namespace: string, key: string): Promise<void> {
    this.#sql.delete.run(namespace, key);
  }

  async list<T>(
    namespace: string,
    options: { readonly prefix?: string | undefined; readonly limit?: number | undefined } = {},
  ): Promise<StoredRecord<T>[]> {
    const prefix = options.prefix ?? "";
    const rows = this.#sql.list.all(
      namespace,
      prefix.length,
      prefix,
      this.#now(),
      options.limit ?? -1,
    ) as {
      key: string;
      value: string;
    }[];
    return rows.map((row) => ({ key: row.key, value: JSON.parse(row.value) as T }));
  }

  /** Removes expired records (called now and then by the queue's housekeeping). */
  prune(): number {
    return this.#sql.prune.run(this.#now()).changes;
  }

  #expiry(options: PutOptions): number | null {
    return options.ttlMs === undefined ? null : this.#now() + options.ttlMs;
  }
}

// Prepared once: records are read and written on every delivery and every review.
function statements(db: Database.Database) {
  return {
    get: db.prepare(
      "SELECT value FROM records WHERE namespace = ? AND key = ? AND (expires_at IS NULL OR expires_at > ?)",
    ),
    put: db.prepare(
      "INSERT OR REPLACE INTO records (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)",
    ),
    putIfAbsent: db.prepare(
      `INSERT INTO records (namespace, key, value, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (namespace, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
       WHERE records.expires_at IS NOT NULL AND records.expires_at <= ?`,
    ),
    delete: db.prepare("DELETE FROM records WHERE namespace = ? AND key = ?"),
    list: db.prepare(
      `SELECT key, value FROM records
       WHERE namespace = ? AND substr(key, 1, ?) = ? AND (expires_at IS NULL OR expires_at > ?)
       ORDER BY key LIMIT ?`,
    ),
    prune: db.prepare("DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= ?"),
  };
}
