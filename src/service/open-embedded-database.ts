import { join } from "node:path";
import Database from "better-sqlite3";

/**
 * A connection to the embedded store, `mlgate.db` in the data folder. WAL: the intake's connection
 * and the workers' read while the other writes, and a writer waits for the other (busy timeout)
 * instead of failing. `synchronous = NORMAL`: a commit is a write to the log without an fsync, so
 * a delivery answered 202 is in the file even if the process is killed right after (only a power
 * loss could undo the last commits).
 */
export function openEmbeddedDatabase(dataDir: string): Database.Database {
  const db = new Database(join(dataDir, "mlgate.db"));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  return db;
}
