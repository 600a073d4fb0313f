import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { simpleGit } from "simple-git";
import { InputError, UsageError } from "../core/errors.js";
import type { BaselineInfo, HeadInfo } from "../core/types.js";
import { openCommittedBaseline } from "../evidence/committed-baseline.js";
import type { FileSource } from "../evidence/file-source.js";
import { openInput } from "../evidence/open-input.js";

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
    const source = await openInput(resolve(cwd, basePath)).catch(async (error: unknown) => {
      await head.source.close();
      throw error;
    });
    return { head, base: { source, info: { sha: "", source: basePath } } };
  }
  if (baseRef === undefined) {
    return { head, baselineMissing: "no --base or --base-ref was given" };
  }
  const headInfo = await stat(headAbs);
  if (!headInfo.isDirectory()) {
    throw new UsageError("--base-ref needs --head to be a folder inside a git repository");
  }
  const opened = await openCommittedBaseline(headAbs, baseRef, {
    mergeBaseWith: "HEAD",
    requireFiles: true,
    describe: (folder, sha) => ({
      sha,
      source: `${folder} at the merge base of HEAD and ${baseRef}`,
    }),
  });
  const headSha = (await simpleGit(headAbs).revparse(["HEAD"])).trim();
  const headInfoOf = { sha: headSha, source: `${headPath} (working tree)` };
  if (!opened.base) {
    // The first pull request that adds metrics: nothing to compare with, which is no error.
    if (opened.problem === "empty") {
      return { head: { source: head.source, info: headInfoOf }, baselineMissing: opened.missing };
    }
    if (opened.problem === "no-checkout") {
      throw new InputError("not inside a git repository, so --base-ref cannot be read", {
        where: headPath,
      });
    }
    throw opened.cause ?? new InputError(opened.missing, { where: headPath });
  }
  return { head: { source: head.source, info: headInfoOf }, base: opened.base };
}
