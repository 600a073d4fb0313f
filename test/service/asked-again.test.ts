/**
 * Other ways GitHub asks for a review again: "Re-run all checks" (`check_suite.rerequested`) and
 * a pull request retargeted to another base branch.
 */
import { afterEach, describe, expect, test } from "vitest";
import { pullRequestPayload } from "../app/helpers/payloads.js";
import { Session } from "../faults/session.js";
import { botComments, CONFIG, concluded, runCompleted, seedPulls } from "./many-pulls.js";

let session: Session | undefined;
afterEach(() => session?.close());

describe("asked again", () => {
  test("Re-run all checks (check_suite.rerequested) reviews the pull request's head again", async () => {
    let pull: ReturnType<typeof seedPulls>[number] | undefined;
    session = new Session((gh) => {
      [pull] = seedPulls(gh, 1);
    });
    if (!pull) throw new Error("no pull");
    await session.deliver("workflow_run", runCompleted(pull));
    expect(concluded(session.gh, pull.headSha)).toBe("success");
    // The gates were tightened on the default branch since: "Re-run all checks" applies them.
    session.gh.configText = CONFIG.replace("min: 0.8", "min: 0.95");
    const base = pullRequestPayload("opened");
    await session.deliver("check_suite", {
      action: "rerequested",
      check_suite: {
        id: 1,
        head_sha: pull.headSha,
        head_branch: `branch-${pull.number}`,
        pull_requests: [
          { number: pull.number, head: { sha: pull.headSha }, base: { ref: "master" } },
        ],
      },
      repository: base.repository,
      installation: base.installation,
      sender: base.sender,
    });
    expect(concluded(session.gh, pull.headSha)).toBe("failure");
    expect(botComments(session.gh, pull.number)).toHaveLength(1);
  });

  test("a pull request moved to another base branch is reviewed again; other edits are ignored", async () => {
    let pull: ReturnType<typeof seedPulls>[number] | undefined;
    session = new Session((gh) => {
      [pull] = seedPulls(gh, 1);
    });
    if (!pull) throw new Error("no pull");
    const edited = (changes: Record<string, unknown>) => {
      const payload = pullRequestPayload("opened", { headSha: pull?.headSha });
      const pr = payload.pull_request as Record<string, unknown>;
      pr.number = pull?.number;
      payload.action = "edited";
      payload.changes = changes;
      return payload;
    };
    const before = session.gh.requests.length;
    await session.deliver("pull_request", edited({ title: { from: "old title" } }));
    expect(session.gh.requests.length).toBe(before);
    await session.deliver(
      "pull_request",
      edited({ base: { ref: { from: "develop" }, sha: { from: "0".repeat(40) } } }),
    );
    expect(concluded(session.gh, pull.headSha)).toBe("success");
    expect(botComments(session.gh, pull.number)).toHaveLength(1);
  });
});
