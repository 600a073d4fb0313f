import { simpleGit } from "simple-git";

/**
 * Makes the base branch of a pull request available in the checkout as `origin/<branch>` and
 * returns that name, or undefined when the workspace is no git checkout or the fetch fails.
 * `actions/checkout` fetches one commit and no branches by default; its persisted credentials
 * let this fetch the base branch. A shallow checkout gets the tip only (enough to read the
 * config); a full one (`fetch-depth: 0`) already has every branch and is never made shallow.
 */
export async function ensureBaseRef(
  repoDir: string,
  branch: string,
  log: (line: string) => void,
): Promise<string | undefined> {
  // A name git would read as an option, or outside refs/heads, is never passed on.
  if (branch === "" || branch.startsWith("-") || /[\s~^:?*[\\]|\.\.|@\{/.test(branch)) {
    return undefined;
  }
  const git = simpleGit(repoDir);
  const local = `refs/remotes/origin/${branch}`;
  const exists = () =>
    git
      .raw(["rev-parse", "--verify", "--quiet", `${local}^{commit}`])
      .then((out) => out.trim() !== "")
      .catch(() => false);
  if (await exists()) return `origin/${branch}`;
  try {
    const shallow = (await git.raw(["rev-parse", "--is-shallow-repository"])).trim() === "true";
    await git.raw([
      "fetch",
      "--no-tags",
      "--no-recurse-submodules",
      ...(shallow ? ["--depth=1"] : []),
      "origin",
      `+refs/heads/${branch}:${local}`,
    ]);
  } catch (error) {
    log(`mlgate: could not fetch ${branch} from origin: ${firstLine(error)}`);
    return undefined;
  }
  return (await exists()) ? `origin/${branch}` : undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.trim().split("\n")[0] ?? "";
}
