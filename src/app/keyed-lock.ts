/**
 * Runs tasks one at a time per key (a pull request). In one process a `KeyedMutex`; across
 * replicas a lock in the shared store, so two workers never publish one pull request at once.
 */
export interface KeyedLock {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}
