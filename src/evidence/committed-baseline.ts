import { isAbsolute, relative } from "node:path";
import { simpleGit } from "simple-git";
import { InputError } from "../core/errors.js";
import type { BaselineInfo } from "../core/types.js";
import { gitSource, mergeBase } from "./git-source.js";
import type { OpenedBaseline } from "./opened-baseline.js";
import { subdirSource } from "./subdir-source.js";

export interface CommittedBaselineOptions {
  /**
   * The baseline is the merge base of `rev` and this revision (`HEAD`, a pull request's head);
   * without it, the parent commit of `rev` (a push).
   */
  readonly mergeBaseWith?: string | undefined;
  /** A folder of the checkout to find its top from (the workspace); `headDir` when not given. */
  readonly repoDir?: string | undefined;
  /**
   * What the review says of the baseline, given its commit and `headDir`'s path in the
   * repository ("." for the top).
   */
  readonly describe: (folder: string, sha: string) => BaselineInfo;
  /**
   * When true (the Action), `headDir` outside the checkout or nothing committed under it is a
   * reason; otherwise (the CLI) the baseline is whatever is committed there, possibly nothing.
   */
  readonly requireFiles?: boolean | undefined;
  /** Added to the reason when the baseline commit is not in the checkout (how to fetch it). */
  readonly fetchHint?: string | undefined;
}

/** The committed baseline, or why there is none: the reason, and what kind of problem it is. */
export type CommittedBaseline =
  | Extract<OpenedBaseline, { readonly base: object }>
  | {
      readonly missing: string;
      readonly base?: undefined;
      readonly problem: "no-checkout" | "outside" | "no-commit" | "empty";
      /** Why git could not find the baseline commit (`no-commit`). */
      readonly cause?: InputError | undefined;
    };

/**
 * Opens the metric files committed at the baseline commit, at the same path in the repository as
 * `headDir` (`mlgate check --base-ref`, the Action's `baseline: git`). Nothing is checked out:
 * git reads the files. A checkout that cannot give them (no checkout at all, a shallow clone
 * without the commit) is a reason, not an error; the caller decides whether it may go on.
 */
export async function openCommittedBaseline(
  headDir: string,
  rev: string,
  options: CommittedBaselineOptions,
): Promise<CommittedBaseline> {
  const repoDir = options.repoDir ?? headDir;
  const top = await simpleGit(repoDir)
    .revparse(["--show-toplevel"])
    .then((out) => out.trim())
    .catch(() => "");
  if (top === "") {
    return {
      missing: `${repoDir} is not a git checkout, so there is no git baseline`,
      problem: "no-checkout",
    };
  }
  const prefix = relative(top, headDir).split("\\").join("/");
  if (options.requireFiles && (prefix.startsWith("..") || isAbsolute(prefix))) {
    return {
      missing: "the results folder is outside the checkout, so nothing of it is committed",
      problem: "outside",
    };
  }
  const folder = prefix || ".";

  let sha: string;
  try {
    sha =
      options.mergeBaseWith !== undefined
        ? await mergeBase(top, options.mergeBaseWith, rev)
        : await parentOf(top, rev);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const what =
      options.mergeBaseWith !== undefined
        ? `the merge base of ${options.mergeBaseWith.slice(0, 7)} and ${rev} is not in the checkout`
        : `the parent of ${rev.slice(0, 7)} is not in the checkout (or it is the first commit)`;
    return {
      missing: options.fetchHint ? `${what}; ${options.fetchHint}` : what,
      problem: "no-commit",
      cause: error,
    };
  }

  const source = subdirSource(await gitSource(top, sha), prefix);
  if (options.requireFiles && (await source.list()).length === 0) {
    return {
      missing: `nothing is committed under ${folder} at ${sha.slice(0, 7)}`,
      problem: "empty",
    };
  }
  return { base: { source, info: options.describe(folder, sha) } };
}

async function parentOf(repoDir: string, commit: string): Promise<string> {
  // A revision starting with "-" would be read as an option by git.
  if (commit === "" || commit.startsWith("-")) {
    throw new InputError(`${JSON.stringify(commit)} is not a git revision`);
  }
  const sha = await simpleGit(repoDir)
    .raw(["rev-parse", "--verify", "--quiet", `${commit}^1^{commit}`])
    .then((out) => out.trim())
    .catch(() => "");
  if (sha === "") throw new InputError(`no parent of ${commit}`);
  return sha;
}
