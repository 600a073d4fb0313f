import { type HistoryRecordStore, HistoryRecords } from "../history/history-records.js";
import { MemoryRecordStore } from "../history/memory-record-store.js";
import type { CheckLedger, CheckMemo } from "../review/check-ledger.js";
import { ArtifactCache } from "../scm/artifact-cache.js";
import type { BaselineCache, CachedBaseline } from "../scm/github/octokit-scm.js";
import { Lru } from "../scm/lru.js";
import type { KeyedLock } from "./keyed-lock.js";
import { KeyedMutex } from "./keyed-mutex.js";

/** In-process state shared by every delivery: caches, dedupe, and per-pull-request ordering. */
export interface AppState {
  /** Delivery ids seen (in flight or done), so a redelivered event publishes once. */
  readonly deliveries: Lru<string, true>;
  /** One pull request at a time: in-process by default, shared by replicas with Redis. */
  readonly locks: KeyedLock;
  /** Check runs by `owner/repo@sha`: in memory, or in a store replicas share. */
  readonly checks: CheckLedger;
  /** Downloaded artifacts by id; baselines shared by many pull requests are fetched once. */
  readonly artifacts: ArtifactCache;
  readonly baselines: BaselineCache;
  /** The base branches' recorded runs (trends, history gates). */
  readonly history: HistoryRecords;
}

/** Sizes of the in-process caches. */
export interface AppStateOptions {
  readonly maxArtifacts?: number | undefined;
  readonly onCacheError?: ((error: unknown) => void) | undefined;
  /** The per-pull-request lock (default: in-process). */
  readonly locks?: KeyedLock | undefined;
  /** Where check runs are remembered (default: an in-process LRU). */
  readonly checks?: CheckLedger | undefined;
  /** Where the history lives (the service's durable store); this process's memory by default. */
  readonly records?: HistoryRecordStore | undefined;
}

/** Fresh state: what a process has after a restart. */
export function createAppState(options: AppStateOptions = {}): AppState {
  return {
    deliveries: new Lru<string, true>(10_000, { ttlMs: 24 * 60 * 60 * 1000 }),
    locks: options.locks ?? new KeyedMutex(),
    checks:
      options.checks ?? new Lru<string, CheckMemo>(10_000, { ttlMs: 7 * 24 * 60 * 60 * 1000 }),
    artifacts: new ArtifactCache(
      options.maxArtifacts ?? 16,
      // A temporary file that cannot be removed is worth a line in the log, not a failed review.
      options.onCacheError ??
        ((error) => console.warn("mlgate: could not release an artifact:", error)),
    ),
    baselines: new Lru<string, CachedBaseline>(1_000),
    history: new HistoryRecords(options.records ?? new MemoryRecordStore()),
  };
}
