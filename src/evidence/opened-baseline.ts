import type { BaselineInfo } from "../core/types.js";
import type { FileSource } from "./file-source.js";

/** A baseline ready to read, or why there is none (shown in the review). */
export type OpenedBaseline =
  | {
      readonly base: { readonly source: FileSource; readonly info: BaselineInfo };
      readonly missing?: undefined;
    }
  | { readonly missing: string; readonly base?: undefined };
