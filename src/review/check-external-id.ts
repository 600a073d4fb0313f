/**
 * What mlgate keeps in a check run's `external_id`: its pull request (none for a merge group's
 * check), and the run it concluded for.
 */
export interface CheckBookkeeping {
  readonly pullNumber?: number | undefined;
  readonly runId?: number | undefined;
  readonly attempt?: number | undefined;
}

/**
 * `mlgate:12:345:1` — pull request 12, run 345, attempt 1; `mlgate:queue:345:1` — a merge
 * group's check.
 */
export function formatExternalId(b: CheckBookkeeping): string {
  const parts = ["mlgate", b.pullNumber === undefined ? "queue" : String(b.pullNumber)];
  if (b.runId !== undefined) parts.push(String(b.runId), String(b.attempt ?? 1));
  return parts.join(":");
}

/** The bookkeeping of a check run, or `undefined` when the id is not mlgate's. */
export function parseExternalId(id: string | undefined): CheckBookkeeping | undefined {
  const match = id?.match(/^mlgate:(\d+|queue)(?::(\d+):(\d+))?$/);
  if (!match) return undefined;
  return {
    pullNumber: match[1] === "queue" ? undefined : Number(match[1]),
    runId: match[2] === undefined ? undefined : Number(match[2]),
    attempt: match[3] === undefined ? undefined : Number(match[3]),
  };
}
