import type { BaselineInfo } from "../core/types.js";
import type { FileSource } from "./file-source.js";

/** A baseline ready to read, or why there is none (shown in the review). */
export type OpenedBaseline =
  | {
      readonly base: { readonly source: FileSource; readonly info: BaselineInfo };
      readonly missing?: undefined;
      /** The baseline's training run, when it came from one (the history ends there). */
      readonly runId?: number | undefined;
    }
  | { readonly missing: string; readonly base?: undefined; readonly runId?: undefined };
