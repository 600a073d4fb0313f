import { isAbsolute, relative } from "node:path";
import { simpleGit } from "simple-git";
import { InputError } from "../core/errors.js";
import type { BaselineInfo } from "../core/types.js";
import type { FileSource } from "../evidence/file-source.js";
import { gitSource, mergeBase } from "../evidence/git-source.js";
import { subdirSource } from "../evidence/subdir-source.js";

/** A baseline ready to read, or why there is none (shown in the review). */
export type OpenedBaseline =
  | { readonly base: { source: FileSource; info: BaselineInfo }; readonly missing?: undefined }
  | { readonly missing: string; readonly base?: undefined };

/** Which commit's files are the baseline. */
export type GitBaselineTarget =
  /** A pull request: the merge base of its head and the base branch. */
  | { readonly kind: "merge-base"; readonly head: string; readonly base: string }
  /** A push: the parent commit. */
  | { readonly kind: "parent"; readonly commit: string };

const DEPTH_HINT = "check out with `fetch-depth: 0` for the git baseline";

/**
 * Opens the metric files committed at the baseline commit, at the same path as this run's
 * results folder (as `mlgate check --base-ref` does). Anything that makes it impossible — the
 * results outside the checkout, a shallow clone, nothing committed there — is a reason, not an
 * error: the review then says which change gates it could not evaluate.
 */
export async function openGitBaseline(
  repoDir: string,
  resultsDir: string,
  target: GitBaselineTarget,
): Promise<OpenedBaseline> {
  const top = await simpleGit(repoDir)
    .revparse(["--show-toplevel"])
    .then((out) => out.trim())
    .catch(() => "");
  if (top === "")
    return { missing: `${repoDir} is not a git checkout, so there is no git baseline` };
  const prefix = relative(top, resultsDir).split("\\").join("/");
  if (prefix.startsWith("..") || isAbsolute(prefix)) {
    return { missing: `the results folder is outside the checkout, so nothing of it is committed` };
  }
  const shown = prefix || ".";

  let sha: string;
  let words: string;
  try {
    if (target.kind === "merge-base") {
      sha = await mergeBase(top, target.head, target.base);
      words = `${shown} at the merge base with ${target.base}`;
    } else {
      sha = await parentOf(top, target.commit);
      words = `${shown} at the parent commit`;
    }
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const what =
      target.kind === "merge-base"
        ? `the merge base of ${target.head.slice(0, 7)} and ${target.base} is not in the checkout`
        : `the parent of ${target.commit.slice(0, 7)} is not in the checkout (or it is the first commit)`;
    return { missing: `${what}; ${DEPTH_HINT}` };
  }

  const source = subdirSource(await gitSource(top, sha), prefix);
  if ((await source.list()).length === 0) {
    return { missing: `nothing is committed under ${shown} at ${sha.slice(0, 7)}` };
  }
  return { base: { source, info: { sha, source: words, distance: 0 } } };
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
