/**
 * The name of the job the service queues for a check run of this app found still open at
 * start-up. Not a GitHub event: the webhook intake never takes it from outside.
 */
export const STRANDED_CHECK_EVENT = "mlgate_stranded_check";

/** What every {@link StrandedCheckPayload} carries: what a delivery would, and the check. */
interface StrandedCheckCommon {
  readonly installation: { readonly id: number };
  readonly repository: {
    readonly full_name: string;
    readonly name: string;
    readonly owner: { readonly login: string };
  };
  readonly check_run: {
    readonly id: number;
    readonly head_sha: string;
    readonly status: string;
    readonly started_at: string | null;
  };
}

/** The merge queue entry whose head a stranded check is on, as the scan found its branch. */
export interface StrandedMergeGroup {
  readonly head_sha: string;
  /** The queue's branch without `refs/heads/`: `gh-readonly-queue/<base>/pr-<n>-<sha>`. */
  readonly head_ref: string;
  /** The branch the group merges into, without `refs/heads/` (it may hold slashes). */
  readonly base_ref: string;
  /** The pull request the group was made for, as its branch names it. */
  readonly pull_number: number;
}

/**
 * The payload of a {@link STRANDED_CHECK_EVENT} job: a check on an open pull request's head, or
 * on a merge queue group's head (which no pull request has).
 */
export type StrandedCheckPayload =
  | (StrandedCheckCommon & {
      readonly pull_request: { readonly number: number };
      readonly merge_group?: undefined;
    })
  | (StrandedCheckCommon & {
      readonly merge_group: StrandedMergeGroup;
      readonly pull_request?: undefined;
    });

/** Reads a stranded-check payload, or undefined when it is not one. */
export function strandedCheckFrom(payload: unknown): StrandedCheckPayload | undefined {
  const p = payload as
    | (Partial<StrandedCheckCommon> & {
        pull_request?: { number?: unknown } | null;
        merge_group?: Partial<Record<keyof StrandedMergeGroup, unknown>> | null;
      })
    | null;
  if (
    typeof p?.installation?.id !== "number" ||
    typeof p.repository?.full_name !== "string" ||
    typeof p.check_run?.id !== "number" ||
    typeof p.check_run.head_sha !== "string"
  ) {
    return undefined;
  }
  const group = p.merge_group;
  if (group) {
    // Exactly one of the two: a payload naming both is not one the scan wrote.
    if (p.pull_request !== undefined) return undefined;
    if (
      group.head_sha !== p.check_run.head_sha ||
      typeof group.head_ref !== "string" ||
      typeof group.base_ref !== "string" ||
      typeof group.pull_number !== "number"
    ) {
      return undefined;
    }
    return p as StrandedCheckPayload;
  }
  if (typeof p.pull_request?.number !== "number") return undefined;
  return p as StrandedCheckPayload;
}
