import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MlgateError } from "../core/errors.js";
import { openEmbeddedDatabase } from "./open-embedded-database.js";
import type { ServiceBackend } from "./service-backend.js";
import { SqliteJobQueue, type SqliteJobQueueOptions } from "./sqlite-job-queue.js";
import { SqliteRecordStore } from "./sqlite-record-store.js";

/**
 * Opens the embedded store: `mlgate.db` (SQLite, WAL) in the data folder. One process owns a
 * data folder at a time (`owner.pid`): two would each resume the other's running jobs.
 */
export function openEmbeddedBackend(
  dataDir: string,
  options: SqliteJobQueueOptions = {},
): ServiceBackend {
  mkdirSync(dataDir, { recursive: true });
  const pidFile = join(dataDir, "owner.pid");
  const owner = readOwner(pidFile);
  if (owner !== undefined && owner !== process.pid && alive(owner)) {
    throw new MlgateError(
      `${dataDir} is in use by process ${owner}; give each mlgate process its own MLGATE_DATA_DIR, or set REDIS_URL to share a queue`,
    );
  }
  writeFileSync(pidFile, String(process.pid));
  const db = openEmbeddedDatabase(dataDir);
  const records = new SqliteRecordStore(db);
  const queue = new SqliteJobQueue(db, options);
  return {
    kind: "embedded",
    queue,
    records,
    resumed: queue.resumed,
    async close() {
      records.prune();
      db.close();
      if (readOwner(pidFile) === process.pid) rmSync(pidFile, { force: true });
    },
  };
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
