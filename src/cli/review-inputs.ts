import { stat } from "node:fs/promises";
import { relative, resolve } from "node:path";
import { simpleGit } from "simple-git";
import { InputError, UsageError } from "../core/errors.js";
import type { BaselineInfo, HeadInfo } from "../core/types.js";
import type { FileSource } from "../evidence/file-source.js";
import { gitSource, mergeBase } from "../evidence/git-source.js";
import { openInput } from "../evidence/open-input.js";
import { subdirSource } from "../evidence/subdir-source.js";

export interface ReviewInputs {
  readonly head: { source: FileSource; info: HeadInfo };
  readonly base?: { source: FileSource; info: BaselineInfo } | undefined;
  readonly baselineMissing?: string | undefined;
}

/**
 * Opens the head and the baseline the CLI was pointed at: a folder or zip each, or, with
 * `baseRef`, the files committed at the merge base of HEAD and that revision.
 */
export async function openReviewInputs(
  cwd: string,
  headPath: string,
  basePath: string | undefined,
  baseRef: string | undefined,
): Promise<ReviewInputs> {
  if (basePath !== undefined && baseRef !== undefined) {
    throw new UsageError("give either --base or --base-ref, not both");
  }
  const headAbs = resolve(cwd, headPath);
  const head = { source: await openInput(headAbs), info: { source: headPath } satisfies HeadInfo };
  if (basePath !== undefined) {
    const source = await openInput(resolve(cwd, basePath));
    return { head, base: { source, info: { sha: "", source: basePath } } };
  }
  if (baseRef === undefined) {
    return { head, baselineMissing: "no --base or --base-ref was given" };
  }
  const headInfo = await stat(headAbs);
  if (!headInfo.isDirectory()) {
    throw new UsageError("--base-ref needs --head to be a folder inside a git repository");
  }
  const repo = await simpleGit(headAbs)
    .revparse(["--show-toplevel"])
    .catch(() => {
      throw new InputError("not inside a git repository, so --base-ref cannot be read", {
        where: headPath,
      });
    });
  const top = repo.trim();
  const headSha = (await simpleGit(top).revparse(["HEAD"])).trim();
  const base = await mergeBase(top, "HEAD", baseRef);
  const prefix = relative(top, headAbs).split("\\").join("/");
  const source = subdirSource(await gitSource(top, base), prefix);
  return {
    head: { source: head.source, info: { sha: headSha, source: `${headPath} (working tree)` } },
    base: {
      source,
      info: {
        sha: base,
        source: `${prefix || "."} at the merge base of HEAD and ${baseRef}`,
        mergeBase: base,
        distance: 0,
      },
    },
  };
}
