import type { JobQueue } from "./job-queue.js";
import type { RecordStore } from "./record-store.js";
import { reportRedisErrors } from "./report-redis-errors.js";
import type { ServiceConfig } from "./service-config.js";
import { warmUpPrefix } from "./sweep-warm-up-keys.js";

/** The intake's own connection to the service's store: enough to queue a delivery. */
export interface IntakeStore {
  readonly queue: Pick<JobQueue, "enqueue">;
  readonly records: RecordStore;
  close(): Promise<void>;
}

/**
 * Opens a second connection to the store the workers use (the SQLite file under the data
 * folder, or Redis), for the intake thread: its writes never wait behind the workers' event
 * loop. The process that owns the store has opened it first (created the tables, resumed the
 * interrupted jobs); this connection only adds.
 */
export async function openIntakeStore(
  config: Pick<ServiceConfig, "dataDir" | "redisUrl" | "redisPrefix">,
  warn: (message: string) => void = () => {},
): Promise<IntakeStore> {
  if (config.redisUrl) {
    const { store } = await openRedisIntakeStore(config.redisUrl, config.redisPrefix, warn);
    return store;
  }
  const [{ openEmbeddedDatabase }, { SqliteJobQueue }, { SqliteRecordStore }] = await Promise.all([
    import("./open-embedded-database.js"),
    import("./sqlite-job-queue.js"),
    import("./sqlite-record-store.js"),
  ]);
  const db = openEmbeddedDatabase(config.dataDir);
  return {
    queue: new SqliteJobQueue(db, { resume: false }),
    records: new SqliteRecordStore(db),
    async close() {
      db.close();
    },
  };
}

/** A throwaway store for the intake's warm-up. */
export interface ScratchIntakeStore extends IntakeStore {
  /**
   * On Redis, the key prefix of its writes. They outlive `close()`: `sweepWarmUpKeys` deletes
   * them once the intake listens, since finding them means a SCAN over the whole keyspace.
   */
  readonly prefix?: string | undefined;
  /** Drops the connection at once, failing whatever waits on it: for a warm-up past its deadline. */
  destroy(): void;
}

/**
 * A throwaway store of the same kind as the service's, for the intake's warm-up: SQLite in memory;
 * on Redis, keys under a prefix of their own (`warmUpPrefix`) on the same server.
 */
export async function openScratchIntakeStore(
  config: Pick<ServiceConfig, "redisUrl" | "redisPrefix">,
): Promise<ScratchIntakeStore> {
  if (config.redisUrl) {
    const prefix = warmUpPrefix(config.redisPrefix);
    // Its failures reach the warm-up through its commands.
    const { store, redis } = await openRedisIntakeStore(config.redisUrl, prefix, () => {});
    return { ...store, prefix, destroy: () => redis.disconnect() };
  }
  const [{ default: Database }, { SqliteJobQueue }, { SqliteRecordStore }] = await Promise.all([
    import("better-sqlite3"),
    import("./sqlite-job-queue.js"),
    import("./sqlite-record-store.js"),
  ]);
  const db = new Database(":memory:");
  const close = () => {
    if (db.open) db.close();
  };
  return {
    queue: new SqliteJobQueue(db, { resume: false }),
    records: new SqliteRecordStore(db),
    async close() {
      close();
    },
    destroy: close,
  };
}

async function openRedisIntakeStore(url: string, prefix: string, warn: (message: string) => void) {
  const [{ Redis }, { RedisJobQueue }, { RedisRecordStore }] = await Promise.all([
    import("ioredis"),
    import("./redis-job-queue.js"),
    import("./redis-record-store.js"),
  ]);
  // As the workers' connection: a command waits for a reconnect rather than failing.
  const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true });
  reportRedisErrors(redis, warn);
  try {
    await redis.connect();
  } catch (error) {
    // Else the client keeps reconnecting for good, in a thread that has moved on without it.
    redis.disconnect();
    throw error;
  }
  const records = new RedisRecordStore(redis, prefix);
  const queue = new RedisJobQueue(redis, records, { prefix });
  const store: IntakeStore = {
    queue,
    records,
    async close() {
      await queue.stop(0);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
  return { store, redis };
}
