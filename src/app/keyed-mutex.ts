import type { KeyedLock } from "./keyed-lock.js";

/**
 * Runs tasks one at a time per key (a pull request), in arrival order. Two deliveries for the
 * same pull request — a push and a run finishing, or the same delivery twice — then never race
 * each other to create a second comment or to overwrite a newer review. In-process only: with
 * several replicas the shared job queue keeps one pull request's jobs on one worker.
 */
export class KeyedMutex implements KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}
