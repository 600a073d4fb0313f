/**
 * The name of the job the service queues for a check run of this app found still open at
 * start-up. Not a GitHub event: the webhook intake never takes it from outside.
 */
export const STRANDED_CHECK_EVENT = "mlgate_stranded_check";

/** The payload of a {@link STRANDED_CHECK_EVENT} job: what a delivery would carry, and the check. */
export interface StrandedCheckPayload {
  readonly installation: { readonly id: number };
  readonly repository: {
    readonly full_name: string;
    readonly name: string;
    readonly owner: { readonly login: string };
  };
  readonly pull_request: { readonly number: number };
  readonly check_run: {
    readonly id: number;
    readonly head_sha: string;
    readonly status: string;
    readonly started_at: string | null;
  };
}

/** Reads a stranded-check payload, or undefined when it is not one. */
export function strandedCheckFrom(payload: unknown): StrandedCheckPayload | undefined {
  const p = payload as Partial<StrandedCheckPayload> | null;
  if (
    typeof p?.installation?.id !== "number" ||
    typeof p.repository?.full_name !== "string" ||
    typeof p.pull_request?.number !== "number" ||
    typeof p.check_run?.id !== "number" ||
    typeof p.check_run.head_sha !== "string"
  ) {
    return undefined;
  }
  return p as StrandedCheckPayload;
}
