import type { Logger } from "probot";
import type { Scm } from "../scm/scm.js";
import type { AppState } from "./app-state.js";

/** What every flow gets: the repository behind `Scm`, the process's state, a logger. */
export interface FlowContext {
  readonly scm: Scm;
  readonly state: AppState;
  readonly log: Logger;
  /** The clock, for the override's "when". */
  readonly now: () => Date;
  /**
   * Whether a queue will run this work again if it throws a passing GitHub failure (a rate limit,
   * an outage): then such a failure is thrown instead of concluding the check, and the work is
   * retried later. False (the default) on the last attempt and outside a queue.
   */
  readonly canRetry?: (() => boolean) | undefined;
}
