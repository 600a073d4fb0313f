import { testPrivateKey } from "../app/helpers/test-probot.js";
import {
  type CheckRunState,
  type FakeGitHub,
  INSTALLATION_TOKEN,
  REPO,
  URL_SIGNATURE,
} from "./fake-github.js";
import type { Outcome } from "./faults.js";

/** Titles of a check that concludes without a review. */
const NO_REVIEW_TITLES = new Set([
  "mlgate could not review this commit",
  "No results to review",
  "mlgate failed",
]);

/** What one delivery (or Action run) left on the fake GitHub, classified. */
export interface Observation {
  readonly outcome: Outcome | "lost";
  /** The reason's first sentence, when the check concluded without a review. */
  readonly reason: string;
  /** The newest check of the head is not concluded (and is not meant to be in progress). */
  readonly open: boolean;
  /** Review comments by mlgate on the pull request beyond one. */
  readonly duplicateComments: number;
  /** Secrets found in logs, check runs, comments or sent to the storage. */
  readonly secrets: readonly string[];
  readonly newest: CheckRunState | undefined;
}

export interface Target {
  readonly headSha: string;
  readonly pullNumber: number;
  /** The bot login whose comments are mlgate's. */
  readonly bot: string;
  /** The newest check is meant to stay in progress (a run still training). */
  readonly inProgress?: boolean | undefined;
}

/** Strings that must never appear in a log line, a check run or a comment. */
export function secretsIn(text: string, extra: readonly string[] = []): string[] {
  const keyLine = testPrivateKey().split("\n")[1] ?? "-----BEGIN";
  const needles = [
    INSTALLATION_TOKEN,
    "ghs_",
    "-----BEGIN",
    "PRIVATE KEY",
    keyLine,
    URL_SIGNATURE,
    "Sign3dUrlS3cret",
    ...extra,
  ];
  return needles.filter((n) => text.includes(n));
}

export function observe(
  gh: FakeGitHub,
  target: Target,
  logs: string,
  extraSecrets: readonly string[] = [],
): Observation {
  const newest = gh.checksOf(target.headSha)[0];
  const marked = gh
    .commentsOf(target.pullNumber)
    .filter((c) => c.login === target.bot && c.body.includes("<!-- mlgate:review -->"));
  const published = marked.some((c) => c.body.includes(`<!-- mlgate:sha=${target.headSha} -->`));
  const bodies = [
    ...gh.checks.map((c) => JSON.stringify(c.output)),
    ...[...gh.comments.values()].flat().map((c) => c.body),
  ].join("\n");
  const secrets = secretsIn(`${logs}\n${bodies}`, extraSecrets);
  if (gh.leakedToStorage.length > 0) secrets.push("authorization header sent to the storage");

  let outcome: Observation["outcome"] = "lost";
  let reason = "";
  const completed = newest?.status === "completed";
  const summary = newest?.output.summary ?? "";
  if (target.inProgress) {
    if (newest?.status === "in_progress") outcome = "published";
  }
  if (completed && newest && NO_REVIEW_TITLES.has(newest.output.title ?? "")) {
    outcome = "concluded";
    reason = plain(firstSentence(summary));
  } else if (completed && summary.includes("could not be published")) {
    // The verdict stands on the check; the comment (if an older one is there) is untouched.
    outcome = "comment-note";
    reason = plain(summary.slice(summary.indexOf("could not be published")));
  } else if (completed && published) {
    const text = `${summary}\n${newest?.output.text ?? ""}`;
    const note = text.match(/[^\n]*(No baseline|cannot be used|could not be checked)[^\n]*/);
    if (note) {
      outcome = "published-note";
      reason = plain(note[0]);
    } else {
      outcome = "published";
    }
  }
  return {
    outcome,
    reason,
    open: newest !== undefined && !completed && !target.inProgress,
    duplicateComments: Math.max(0, marked.length - 1),
    secrets,
    newest,
  };
}

/** A check summary's first paragraph, on one line: the sentence that says what failed. */
export function firstSentence(summary: string): string {
  return (summary.split("\n\n")[0] ?? "").replace(/\s+/g, " ").trim();
}

/** Markdown as read: escapes, zero-width breaks and entities undone. */
export function plain(markdown: string): string {
  return markdown
    .replace(/&#8203;|\u200b/g, "")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, "$1");
}

export { REPO };
