import type { CheckInput, Scm } from "../scm/scm.js";
import { annotationDigest } from "./annotation-digest.js";
import { formatExternalId, parseExternalId } from "./check-external-id.js";
import { type CheckLedger, type CheckMemo, checkKey } from "./check-ledger.js";
import { decideCheckWrite } from "./decide-check-write.js";
import type { ReviewJob } from "./review-job.js";
import type { PlannedCheck } from "./review-plan.js";

/** What happened to the check run. */
export type CheckPublished =
  | { readonly outcome: "created" | "updated"; readonly id: number }
  | { readonly outcome: "skipped"; readonly reason: "older-attempt" | "already-concluded" };

/**
 * Sets the `mlgate` check run of the job's head as planned, by {@link decideCheckWrite}'s rules.
 * The ledger remembers the check run between deliveries; a planned check that may already exist
 * and is not remembered is looked up on GitHub first.
 */
export async function publishCheck(
  scm: Scm,
  job: ReviewJob,
  check: PlannedCheck,
  ledger: CheckLedger | undefined,
): Promise<CheckPublished> {
  const key = checkKey(scm.repository, job.headSha);
  let memo = check.existing === "new" ? undefined : await ledger?.get(key);
  if (!memo && ledger && check.existing === "look-up") {
    const found = await scm.findCheck(job.headSha);
    if (found) {
      const bookkeeping = parseExternalId(found.externalId);
      memo = {
        id: found.id,
        run:
          bookkeeping?.runId !== undefined
            ? { id: bookkeeping.runId, attempt: bookkeeping.attempt ?? 1 }
            : undefined,
        completed: found.status === "completed",
        annotations: (found.annotationsCount ?? 0) === 0 ? "" : undefined,
      };
      await ledger.set(key, memo);
    }
  }
  const digest = annotationDigest(check.annotations);
  const write = decideCheckWrite(memo, {
    completed: check.status === "completed",
    run: check.run,
    annotations: digest,
  });
  if (write.kind === "skip") return { outcome: "skipped", reason: write.reason };

  const input: Omit<CheckInput, "headSha"> = {
    status: check.status,
    conclusion: check.conclusion,
    title: check.title,
    summary: check.summary,
    text: check.text,
    annotations: write.kind === "update" && !write.annotations ? [] : check.annotations,
    detailsUrl: check.detailsUrl,
    externalId:
      job.pullNumber === undefined && !job.mergeGroup
        ? undefined
        : formatExternalId({
            pullNumber: job.pullNumber,
            runId: check.run?.id,
            attempt: check.run?.attempt,
          }),
  };
  const result =
    write.kind === "update"
      ? await scm.updateCheck(write.id, input)
      : await scm.createCheck({ ...input, headSha: job.headSha });
  const next: CheckMemo = {
    id: result.id,
    run: check.run,
    completed: check.status === "completed",
    // An update either sends these annotations or finds them already there.
    annotations: digest,
  };
  await ledger?.set(key, next);
  return { outcome: write.kind === "update" ? "updated" : "created", id: result.id };
}
