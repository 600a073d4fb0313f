import type { CommitNode } from "../first-parent-chain.js";
import type { Lru } from "../lru.js";
import type { Baseline, BaselineLookup, BaselineSubject } from "../scm.js";
import type { ArtifactInfo, GitHubArtifacts } from "./github-artifacts.js";
import type { GitHubRuns } from "./github-runs.js";
import { selectBaseline } from "./select-baseline.js";

/** A resolved baseline and its artifact, cached by merge base. */
export interface CachedBaseline {
  readonly baseline: Baseline;
  readonly artifact: ArtifactInfo;
}

/** Resolved baselines by repository, base branch, workflow, artifact and merge base. */
export type BaselineCache = Lru<string, CachedBaseline>;

/** How far and how hard a baseline is looked for. */
export interface BaselineOptions {
  readonly cache?: BaselineCache | undefined;
  /** First-parent ancestors of the merge base searched. */
  readonly ancestorDepth?: number | undefined;
  /** Candidate runs whose artifact is tried before giving up. */
  readonly maxTries?: number | undefined;
}

/** A baseline at the merge base stays right; a nearer run may appear for one further back. */
const EXACT_BASELINE_TTL_MS = 24 * 60 * 60 * 1000;
const NEAR_BASELINE_TTL_MS = 10 * 60 * 1000;

/**
 * Finds a pull request's baseline on GitHub by asking `selectBaseline` (the policy, pure) what
 * it needs next, at most: the merge base, one list of recent runs, one commits list, an artifact
 * lookup per candidate. Resolved baselines are cached by merge base.
 */
export class GitHubBaselines {
  readonly #runs: GitHubRuns;
  readonly #artifacts: GitHubArtifacts;
  readonly #options: BaselineOptions;
  readonly #repository: string;
  /** Cache keys by artifact id, to forget a cached baseline whose artifact expired. */
  readonly #keys = new Map<number, string>();

  constructor(
    repository: string,
    runs: GitHubRuns,
    artifacts: GitHubArtifacts,
    options: BaselineOptions,
  ) {
    this.#repository = repository;
    this.#runs = runs;
    this.#artifacts = artifacts;
    this.#options = options;
  }

  /** Drops the cached baseline that used this artifact (it expired). */
  forget(artifact: ArtifactInfo): void {
    const key = this.#keys.get(artifact.id);
    if (key !== undefined) this.#options.cache?.delete(key);
  }

  async find(pr: BaselineSubject, workflow: string, artifactName: string): Promise<BaselineLookup> {
    const { mergeBase, behindBy } = await this.#runs.compare(pr);
    const key = [this.#repository, pr.baseRef, workflow, artifactName, mergeBase].join("\u0000");
    const cached = this.#options.cache?.get(key);
    if (cached) {
      this.#artifacts.remember(cached.artifact);
      this.#keys.set(cached.artifact.id, key);
      // The base branch may have moved on since the lookup was cached: this compare says how far.
      return { ...cached.baseline, behindBy };
    }
    const runs = await this.#runs.successfulPushes(workflow, pr.baseRef);
    const artifacts = new Map<number, ArtifactInfo | null>();
    let ancestors: CommitNode[] | undefined;
    for (;;) {
      const step = selectBaseline({
        repository: this.#repository,
        workflow,
        baseRef: pr.baseRef,
        artifactName,
        mergeBase,
        runs,
        ancestors,
        artifacts,
        maxTries: this.#options.maxTries ?? 3,
      });
      if (step.kind === "missing") return { missing: step.missing, mergeBase };
      if (step.kind === "need-ancestors") {
        ancestors = await this.#runs.ancestors(mergeBase, this.#options.ancestorDepth ?? 100);
      } else if (step.kind === "need-artifact") {
        artifacts.set(step.runId, (await this.#artifacts.of(step.runId, artifactName)) ?? null);
      } else {
        const createdAt = runs.find((r) => r.id === step.baseline.runId)?.createdAt;
        const baseline = { ...step.baseline, behindBy, createdAt };
        const artifact = artifacts.get(step.baseline.runId);
        if (artifact) {
          this.#keys.set(artifact.id, key);
          this.#options.cache?.set(
            key,
            { baseline, artifact },
            step.baseline.distance === 0 ? EXACT_BASELINE_TTL_MS : NEAR_BASELINE_TTL_MS,
          );
        }
        return baseline;
      }
    }
  }
}
