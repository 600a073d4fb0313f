import type { KeyedLock } from "../app/keyed-lock.js";
import type { JobQueue } from "./job-queue.js";
import type { RecordStore } from "./record-store.js";

/** The store behind the service: the job queue, the records, the per-pull-request lock. */
export interface ServiceBackend {
  readonly kind: "embedded" | "redis";
  readonly queue: JobQueue;
  readonly records: RecordStore;
  /** Undefined: the app's in-process lock is enough (one process owns the store). */
  readonly locks?: KeyedLock | undefined;
  /** Jobs an earlier process left running, resumed now (embedded store only). */
  readonly resumed: number;
  close(): Promise<void>;
}
