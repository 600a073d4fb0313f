import { mkdir, readFile, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { simpleGit } from "simple-git";
import { ArtifactError, InputError } from "../core/errors.js";
import type { FileSource } from "../evidence/file-source.js";
import { mergeBase } from "../evidence/git-source.js";
import { withReviewMarkers } from "./review-comment-markers.js";
import type {
  BaselineLookup,
  BaselineSubject,
  CheckInput,
  CheckRun,
  CommentResult,
  LabelEvent,
  Permission,
  PullRequest,
  PullRequestRef,
  PushRun,
  Scm,
  WorkflowRun,
} from "./scm.js";

export interface LocalScmOptions {
  /** A folder inside the repository's working tree. */
  readonly repoDir: string;
  /** `owner/name` for messages; the folder's name when not given. */
  readonly repository?: string | undefined;
  /** The config file, relative to the top of the repository. */
  readonly configPath?: string | undefined;
  /**
   * Read the config as committed at this revision (`origin/main`) instead of from the working
   * tree, so that a change under review cannot loosen its own gates.
   */
  readonly configRef?: string | undefined;
  /** Where the comment (`comment-<n>.md`) and check runs (`check-<sha>.json`) are written. */
  readonly outDir: string;
  /** Told one line per write (stdout in the CLI, the step log in the Action). */
  readonly log?: ((line: string) => void) | undefined;
  /** The pull request under review, when there is one (the event payload's). */
  readonly pullRequest?: PullRequest | undefined;
}

/** A check run as a dry run writes it: the fields of GitHub's create request. */
export interface LocalCheckFile {
  readonly id: number;
  readonly name: "mlgate";
  readonly head_sha: string;
  readonly status: CheckInput["status"];
  readonly conclusion: CheckInput["conclusion"] | null;
  readonly details_url: string | null;
  readonly external_id: string | null;
  readonly output: {
    readonly title: string;
    readonly summary: string;
    readonly text: string | null;
    readonly annotations: CheckInput["annotations"];
  };
}

/**
 * `Scm` without GitHub: the repository is a local git checkout, the config a file in it (or
 * committed at a revision), and what would be published — the review comment and the check
 * run — is written to files in `outDir` instead. For dry runs of the Action and for the CLI.
 * There are no workflow runs or artifacts offline: baselines come from git, by the caller.
 */
export class LocalScm implements Scm {
  readonly repository: string;
  readonly #options: LocalScmOptions;
  readonly #checks = new Map<number, LocalCheckFile>();

  constructor(options: LocalScmOptions) {
    this.#options = options;
    this.repository = options.repository ?? `local/${basename(resolve(options.repoDir))}`;
  }

  async readConfig(): Promise<string | undefined> {
    const path = this.#options.configPath ?? ".github/mlgate.yml";
    const ref = this.#options.configRef;
    if (ref === undefined) {
      const top = await this.#top().catch(() => resolve(this.#options.repoDir));
      return readFile(join(top, path), "utf8").catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return undefined;
        throw new InputError(`cannot read it (${error.code ?? error.message})`, { where: path });
      });
    }
    if (ref.startsWith("-")) throw new InputError(`${JSON.stringify(ref)} is not a git revision`);
    const git = simpleGit(this.#options.repoDir);
    const sha = await git
      .raw(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])
      .then((out) => out.trim())
      .catch(() => "");
    if (sha === "") throw new InputError(`no commit ${JSON.stringify(ref)} in the repository`);
    // `ls-tree` tells a missing file (no config: defaults) from a git failure (an error).
    const listed = await git.raw(["ls-tree", "--full-tree", "--name-only", sha, "--", path]);
    if (listed.trim() === "") return undefined;
    return git.show([`${sha}:${path}`]);
  }

  async getPullRequest(number: number): Promise<PullRequest> {
    const pr = this.#options.pullRequest;
    if (pr?.number !== number) {
      throw new InputError(`pull request #${number} is not known offline`);
    }
    return pr;
  }

  async findPullRequestsForRun(run: WorkflowRun): Promise<readonly PullRequestRef[]> {
    return run.pullRequests;
  }

  async findRunForCommit(): Promise<WorkflowRun | undefined> {
    return undefined;
  }

  /** A local checkout has no training runs. */
  async getRun(): Promise<WorkflowRun | undefined> {
    return undefined;
  }

  async changedFiles(pullNumber: number): Promise<readonly string[]> {
    const pr = await this.getPullRequest(pullNumber);
    const base = await this.#mergeBaseOf(pr);
    if (base === undefined) {
      throw new InputError(`the merge base of #${pullNumber} is not in the local repository`);
    }
    const out = await simpleGit(this.#options.repoDir).raw([
      "diff",
      "--name-only",
      "--no-renames",
      "-z",
      base,
      pr.headSha,
    ]);
    return out.split("\0").filter((p) => p !== "");
  }

  async findBaseline(pr: BaselineSubject, workflow: string): Promise<BaselineLookup> {
    const base = await this.#mergeBaseOf(pr);
    return {
      missing: `a local run downloads no artifacts, so there is no ${workflow} run to compare with (use the git baseline)`,
      ...(base ? { mergeBase: base } : {}),
    };
  }

  async openArtifact(runId: number, artifactName: string): Promise<FileSource> {
    throw new ArtifactError(
      `artifact "${artifactName}" of run ${runId} cannot be downloaded in a local run`,
    );
  }

  async listPushRuns(): Promise<readonly PushRun[]> {
    // A local run sees no workflow runs; its history comes from git.
    return [];
  }

  async permissionOf(): Promise<Permission> {
    // Nobody can be asked offline: overrides are never honoured in a local run.
    return "none";
  }

  async findLabelEvent(): Promise<LabelEvent | undefined> {
    return undefined;
  }

  async upsertReviewComment(
    pullNumber: number,
    body: string,
    headSha: string,
  ): Promise<CommentResult> {
    const file = join(this.#options.outDir, `comment-${pullNumber}.md`);
    const full = withReviewMarkers(body, headSha);
    const before = await readFile(file, "utf8").catch(() => undefined);
    const url = pathToFileURL(file).href;
    if (before === full) return { outcome: "unchanged", url };
    await mkdir(this.#options.outDir, { recursive: true });
    await writeFile(file, full, "utf8");
    this.#options.log?.(`mlgate: the comment for #${pullNumber} was written to ${file}`);
    return { outcome: before === undefined ? "created" : "updated", url };
  }

  async findCheck(headSha: string): Promise<CheckRun | undefined> {
    const newest = [...this.#checks.values()].filter((c) => c.head_sha === headSha).at(-1);
    return newest ? this.#runOf(newest) : undefined;
  }

  async createCheck(check: CheckInput): Promise<CheckRun> {
    return this.#save(this.#checks.size + 1, check.headSha, check);
  }

  async updateCheck(id: number, check: Omit<CheckInput, "headSha">): Promise<CheckRun> {
    const known = this.#checks.get(id);
    if (!known) throw new InputError(`no check run ${id} in this local run`);
    return this.#save(id, known.head_sha, check);
  }

  async #save(id: number, headSha: string, check: Omit<CheckInput, "headSha">): Promise<CheckRun> {
    const data: LocalCheckFile = {
      id,
      name: "mlgate",
      head_sha: headSha,
      status: check.status,
      conclusion: check.status === "completed" ? (check.conclusion ?? "neutral") : null,
      details_url: check.detailsUrl ?? null,
      external_id: check.externalId ?? null,
      output: {
        title: check.title,
        summary: check.summary,
        text: check.text ?? null,
        annotations: check.annotations ?? [],
      },
    };
    this.#checks.set(id, data);
    await mkdir(this.#options.outDir, { recursive: true });
    const file = this.#checkFile(headSha);
    await writeFile(file, `${JSON.stringify(data, null, 2)}\n`, "utf8");
    this.#options.log?.(
      `mlgate: the check run for ${headSha.slice(0, 7)} (${data.conclusion ?? data.status}) was written to ${file}`,
    );
    return this.#runOf(data);
  }

  #runOf(data: LocalCheckFile): CheckRun {
    return {
      id: data.id,
      headSha: data.head_sha,
      status: data.status,
      conclusion: data.conclusion ?? undefined,
      externalId: data.external_id ?? undefined,
      url: pathToFileURL(this.#checkFile(data.head_sha)).href,
    };
  }

  #checkFile(headSha: string): string {
    return join(this.#options.outDir, `check-${headSha.slice(0, 12) || "local"}.json`);
  }

  async #top(): Promise<string> {
    return (await simpleGit(this.#options.repoDir).revparse(["--show-toplevel"])).trim();
  }

  /** The merge base with the base branch (its remote-tracking ref first); undefined offline. */
  async #mergeBaseOf(pr: BaselineSubject): Promise<string | undefined> {
    for (const base of [`origin/${pr.baseRef}`, pr.baseRef]) {
      try {
        return await mergeBase(this.#options.repoDir, pr.headSha, base);
      } catch {
        // Try the next name; a shallow or partial clone may have neither.
      }
    }
    return undefined;
  }
}
