import type { Logger, Probot } from "probot";
import { deliveryFacts } from "./delivery-facts.js";
import type { JobHandler, JobOutcome } from "./job-queue.js";
import { jobScope } from "./job-scope.js";
import type { RecordStore } from "./record-store.js";
import { STRANDED, type StrandedJob } from "./redrive-stranded-jobs.js";
import { MAX_ATTEMPTS, retryDecision } from "./retry-decision.js";
import type { ServiceMetrics } from "./service-metrics.js";
import { HEADS } from "./track-newest-head.js";

/** What a worker needs to run jobs. */
export interface JobHandlerOptions {
  /** The Probot the mlgate app is loaded into: a job is handled as its delivery would be. */
  readonly probot: Probot;
  readonly records: RecordStore;
  readonly metrics: ServiceMetrics;
  readonly log: Logger;
  /** Attempts before a job is given up (default {@link MAX_ATTEMPTS}). */
  readonly maxAttempts?: number | undefined;
}

/**
 * Runs one queued delivery through the app's handlers, inside a scope that gives every log line
 * the delivery, repository, pull request and head SHA. A delivery whose pull request has moved on
 * to a newer head is skipped; a rate limit or GitHub outage asks the queue to run it again later;
 * the last attempt is told so, and then concludes the check with what went wrong.
 */
export function createJobHandler(options: JobHandlerOptions): JobHandler {
  const { probot, records, metrics, log } = options;
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  return async (job) => {
    const { delivery, attempt } = job;
    const facts = deliveryFacts(delivery);
    const scope = {
      delivery: delivery.id,
      event: delivery.name,
      facts,
      attempt,
      canRetry: attempt < maxAttempts,
    };
    return jobScope.run(scope, async (): Promise<JobOutcome> => {
      const stop = metrics.reviewSeconds.startTimer();
      const end = (outcome: JobOutcome, label: string = outcome.kind): JobOutcome => {
        metrics.reviews.inc({ outcome: label });
        const seconds = stop({ outcome: label });
        log.info(`mlgate: job ${label} in ${Math.round(seconds * 1000)} ms`);
        return outcome;
      };
      try {
        // Inside: a store that fails here is retried like one failing during the review.
        if (facts.supersedeKey && facts.headSha) {
          const newest = await records.get<{ sha: string }>(HEADS, facts.supersedeKey);
          if (newest && newest.sha !== facts.headSha) {
            log.info(
              `mlgate: skipped; ${facts.supersedeKey} has moved on to ${newest.sha.slice(0, 7)}`,
            );
            return end({ kind: "done" }, "superseded");
          }
        }
        await probot.receive({
          id: delivery.id,
          name: delivery.name,
          payload: delivery.payload,
        } as unknown as Parameters<Probot["receive"]>[0]);
        return end({ kind: "done" });
      } catch (error) {
        const errors = error instanceof AggregateError ? error.errors : [error];
        const decision = retryDecision(errors, attempt, maxAttempts);
        if (decision.retry) {
          log.warn(
            { err: errors[0] },
            `mlgate: attempt ${attempt} did not finish; trying again in ${Math.round(decision.delayMs / 1000)} s`,
          );
          return end({ kind: "retry", delayMs: decision.delayMs, reason: decision.reason });
        }
        log.error(
          { err: errors[0] },
          `mlgate: gave up after attempt ${attempt}: ${decision.reason}`,
        );
        if (decision.stranded) {
          const previous = /~redrive-(\d+)$/.exec(delivery.id)?.[1];
          const stranded: StrandedJob = {
            delivery,
            at: new Date().toISOString(),
            redrives: previous ? Number(previous) : 0,
          };
          await records
            .put(STRANDED, delivery.id, stranded, {
              ttlMs: 7 * 24 * 60 * 60 * 1000,
              // Found again by `redriveStrandedJobs`, which lists the namespace.
              listed: true,
            })
            .catch((putError: unknown) => {
              log.error(
                { err: putError },
                "mlgate: could not keep the given-up review to run again later; its check may stay open until the next start",
              );
            });
        }
        return end({ kind: "failed", reason: decision.reason });
      }
    });
  };
}
