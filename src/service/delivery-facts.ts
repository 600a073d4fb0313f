import { STRANDED_CHECK_EVENT } from "../app/stranded-check-event.js";
import type { Delivery } from "./delivery.js";

/** What a delivery is about, read from its payload without asking GitHub. */
export interface DeliveryFacts {
  /** `owner/name`, when the payload names a repository. */
  readonly repository?: string | undefined;
  readonly pullNumber?: number | undefined;
  readonly headSha?: string | undefined;
  /**
   * Deliveries sharing this key are about the same pull request's head moving: a queued one whose
   * head is not the newest is superseded. Only for events whose job would just open a check.
   */
  readonly supersedeKey?: string | undefined;
}

type Json = Record<string, unknown>;

const obj = (value: unknown): Json | undefined =>
  value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Json)
    : undefined;
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

/** Reads the repository, pull request and head commit a delivery is about (for logs and order). */
export function deliveryFacts(delivery: Delivery): DeliveryFacts {
  const p = delivery.payload;
  const repository = str(obj(p.repository)?.full_name);
  const action = str(p.action);
  switch (delivery.name) {
    case "pull_request": {
      const pr = obj(p.pull_request);
      const pullNumber = num(pr?.number);
      const headSha = str(obj(pr?.head)?.sha);
      const moves = action === "opened" || action === "synchronize" || action === "reopened";
      return {
        repository,
        pullNumber,
        headSha,
        supersedeKey:
          moves && repository && pullNumber !== undefined
            ? `${repository}#${pullNumber}`
            : undefined,
      };
    }
    case "workflow_run": {
      const run = obj(p.workflow_run);
      const prs = Array.isArray(run?.pull_requests) ? run.pull_requests : [];
      return {
        repository,
        pullNumber: prs.length === 1 ? num(obj(prs[0])?.number) : undefined,
        headSha: str(run?.head_sha),
      };
    }
    case "check_run": {
      const check = obj(p.check_run);
      const prs = Array.isArray(check?.pull_requests) ? check.pull_requests : [];
      return {
        repository,
        pullNumber: prs.length === 1 ? num(obj(prs[0])?.number) : undefined,
        headSha: str(check?.head_sha),
      };
    }
    case "check_suite": {
      const suite = obj(p.check_suite);
      const prs = Array.isArray(suite?.pull_requests) ? suite.pull_requests : [];
      return {
        repository,
        pullNumber: prs.length === 1 ? num(obj(prs[0])?.number) : undefined,
        headSha: str(suite?.head_sha),
      };
    }
    case STRANDED_CHECK_EVENT: {
      const check = obj(p.check_run);
      return {
        repository,
        pullNumber: num(obj(p.pull_request)?.number),
        headSha: str(check?.head_sha),
      };
    }
    case "merge_group":
      return { repository, headSha: str(obj(p.merge_group)?.head_sha) };
    default:
      return { repository };
  }
}
