import { UsageError } from "../core/errors.js";
import type { RunnerIo } from "./runner-io.js";

/** Where the baseline comes from: CI artifacts of push runs, or files committed in git. */
export type BaselineSource = "artifacts" | "git";

/** The Action's inputs, parsed and checked once (`action.yml` at the repository's root documents each). */
export interface ActionInputs {
  /** Path of the config file in the repository. */
  readonly config: string;
  /** This run's results (a folder or zip); "" on `workflow_run`: the triggering run's artifact. */
  readonly results: string;
  readonly token: string;
  readonly baseline: BaselineSource;
  readonly comment: boolean;
  readonly check: boolean;
  readonly failOnGate: boolean;
  readonly dryRun: boolean;
}

/**
 * Reads the Action's inputs from the runner's `INPUT_*` variables. A value that is not one the
 * input takes is a `UsageError` naming the input, never a silent default.
 */
export function readActionInputs(io: RunnerIo): ActionInputs {
  const baseline = io.input("baseline") || "artifacts";
  if (baseline !== "artifacts" && baseline !== "git") {
    throw new UsageError(`input baseline: "${baseline}" is not one of artifacts, git`);
  }
  return {
    config: io.input("config") || ".github/mlgate.yml",
    results: io.input("results"),
    token: io.input("token"),
    baseline,
    comment: booleanInput(io, "comment", true),
    check: booleanInput(io, "check", true),
    failOnGate: booleanInput(io, "fail-on-gate", true),
    dryRun: booleanInput(io, "dry-run", false),
  };
}

/** The YAML 1.2 core booleans, as `@actions/core` reads them. */
function booleanInput(io: RunnerIo, name: string, fallback: boolean): boolean {
  const value = io.input(name);
  if (value === "") return fallback;
  if (["true", "True", "TRUE"].includes(value)) return true;
  if (["false", "False", "FALSE"].includes(value)) return false;
  throw new UsageError(`input ${name}: "${value}" is not true or false`);
}
