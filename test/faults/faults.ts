import { type CallSpec, type Fault, TOO_LONG } from "./fake-github.js";

/** How a fault is classed when deciding what must happen. */
export type FaultClass = "down" | "missing" | "too-long" | "after-write";

/** One fault of the catalogue, with what the reason must say and what a retry waits. */
export interface FaultSpec {
  readonly name: string;
  readonly fault: Fault;
  readonly class: FaultClass;
  /** The wait mlgate must ask for before retrying an API call (ms), when it retries. */
  readonly wait?: number | undefined;
  /** How the one-sentence reason describes it. */
  readonly says: RegExp;
  /** Only for some calls: artifact calls (404/410), comment writes (422), any write. */
  readonly only?: ((call: CallSpec) => boolean) | undefined;
}

const RETRY_AFTER = 7;
const isArtifactCall = (c: CallSpec) => /artifact|signed URL/.test(c.name);
const isCommentWrite = (c: CallSpec) => c.write === true && /comment/.test(c.name);
const isWrite = (c: CallSpec) => c.write === true;

/** Every fault the matrix injects. */
export const FAULTS: readonly FaultSpec[] = [
  {
    name: "500",
    fault: { kind: "status", status: 500, body: { message: "Server Error" } },
    class: "down",
    wait: 1000,
    says: /HTTP 500/,
  },
  {
    name: "502",
    fault: { kind: "status", status: 502, body: "<html><h1>502 Bad Gateway</h1></html>" },
    class: "down",
    wait: 1000,
    says: /HTTP 502/,
  },
  {
    name: "503",
    fault: {
      kind: "status",
      status: 503,
      body: { message: "Service Unavailable" },
      headers: { "content-type": "application/json" },
    },
    class: "down",
    wait: 1000,
    says: /HTTP 503/,
  },
  {
    name: "socket timeout",
    fault: { kind: "socket", code: "ETIMEDOUT" },
    class: "down",
    wait: 1000,
    says: /did not answer|could not be downloaded \(ETIMEDOUT\)/,
  },
  {
    name: "secondary rate limit (403, Retry-After)",
    fault: {
      kind: "status",
      status: 403,
      body: {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
      headers: { "retry-after": String(RETRY_AFTER) },
    },
    class: "down",
    wait: RETRY_AFTER * 1000,
    says: /rate-limited .*retry after 7s|HTTP 403 from the artifact storage/,
  },
  {
    name: "429 (Retry-After)",
    fault: {
      kind: "status",
      status: 429,
      body: { message: "Too Many Requests" },
      headers: { "retry-after": "2" },
    },
    class: "down",
    wait: 2000,
    says: /rate-limited .*retry after 2s|HTTP 429 from the artifact storage/,
  },
  {
    name: "404",
    fault: { kind: "status", status: 404, body: { message: "Not Found" } },
    class: "missing",
    says: /HTTP 404|is gone|no artifact/,
    only: isArtifactCall,
  },
  {
    name: "410",
    fault: { kind: "status", status: 410, body: { message: "Artifact has expired" } },
    class: "missing",
    says: /HTTP 410|has expired|no artifact/,
    only: isArtifactCall,
  },
  {
    name: "422 body too long",
    fault: { kind: "status", status: 422, body: TOO_LONG },
    class: "too-long",
    says: /HTTP 422/,
    only: isCommentWrite,
  },
  {
    name: "502 after the write landed",
    fault: { kind: "after-write", status: 502 },
    class: "after-write",
    wait: 1000,
    says: /HTTP 502/,
    only: isWrite,
  },
];

/** What a delivery or an Action run must end in. */
export type Outcome =
  /** The review is published: the head's newest check concluded with its verdict, the comment names the head. */
  | "published"
  /** Published, and the review says what could not be used (a baseline, the override label). */
  | "published-note"
  /** The newest check concluded as failure, its first sentence naming the call and the fault. */
  | "concluded"
  /** The check carries the verdict and says the comment could not be published. */
  | "comment-note"
  /** Every write of the check failed: the delivery fails (GitHub shows it) and a redelivery publishes. */
  | "redelivered"
  /** The Action could not write the check: the step fails with the reason in its log and summary. */
  | "step-failed";

/** A call of one scenario and what its persistent failure must end in. */
export interface Step {
  readonly call: CallSpec;
  /** The endpoint as the reason names it. */
  readonly what: RegExp;
  /** 5xx, timeouts and rate limits that do not stop. */
  readonly down: Outcome;
  readonly missing?: Outcome | undefined;
  /** A write that lands but is always answered 502 (default: as `down`, or published for comments). */
  readonly afterWrite?: Outcome | undefined;
  /** For a download: the zip redirect asked again for a fresh signed URL. */
  readonly refetch?: CallSpec | undefined;
  /** Whether a transient fault is retried at the API level (sleep) or by a fresh signed URL. */
  readonly retry?: "sleep" | "fresh-url" | undefined;
}

/** The outcome a fault on a step must have. */
export function expected(step: Step, spec: FaultSpec, mode: "once" | "always"): Outcome {
  switch (spec.class) {
    case "down":
      return mode === "once" ? "published" : step.down;
    case "missing":
      return step.missing ?? "concluded";
    case "too-long":
      return mode === "once" ? "published" : "comment-note";
    case "after-write":
      // The write happened: a retry that looks before writing again finds it.
      if (mode === "once" || /comment/.test(step.call.name)) return "published";
      return step.afterWrite ?? step.down;
  }
}

export function faultsFor(step: Step): FaultSpec[] {
  return FAULTS.filter((f) => f.only === undefined || f.only(step.call));
}
