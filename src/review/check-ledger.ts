import type { RunRef } from "./review-job.js";

/** What mlgate remembers about the check run it created or moved on one commit. */
export interface CheckMemo {
  readonly id: number;
  /** The training run (attempt) the check reports on; undefined when it reports on none. */
  readonly run?: RunRef | undefined;
  readonly completed: boolean;
  /**
   * Which annotations the check run already carries (GitHub appends them on every update):
   * a digest from {@link annotationDigest}, `""` for none, undefined when unknown.
   */
  readonly annotations?: string | undefined;
}

/**
 * Where check runs are remembered between deliveries, keyed by `owner/name@sha`: an in-process
 * LRU for one server, a shared store for replicas (which may answer asynchronously).
 */
export interface CheckLedger {
  get(key: string): CheckMemo | undefined | Promise<CheckMemo | undefined>;
  set(key: string, memo: CheckMemo): unknown;
  delete(key: string): unknown;
}

/** The ledger key of a commit's check run. */
export function checkKey(repository: string, headSha: string): string {
  return `${repository}@${headSha}`;
}
