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
}
