/**
 * Who gets in: signatures checked on the raw body by the running server (replays included; the
 * plain wrong/missing/correct cases are in test/app/webhook-signature.test.ts), overrides only
 * from write or admin, the config only from the default branch, and no secret in any log line.
 */
import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import pino from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { createApp } from "../../src/app/app.js";
import { cleanUp } from "../action/helpers.js";
import {
  checkRerequestedPayload,
  HEAD_SHA,
  pullRequestPayload,
  workflowRunPayload,
} from "../app/helpers/payloads.js";
import { TestOctokit, testPrivateKey } from "../app/helpers/test-probot.js";
import { ACTION_SCENARIOS, runActionCase } from "./action-matrix.js";
import { CONFIG, FORGED, LABEL, seedSameRepo } from "./app-matrix.js";
import { CALLS, FakeGitHub } from "./fake-github.js";
import { plain, secretsIn } from "./observe.js";
import { Session } from "./session.js";

const SECRET = "webhook-s3cret-for-faults";

describe("the running server", () => {
  let server: Server;
  let url: string;
  let gh: FakeGitHub;
  const lines: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect((host) => host.startsWith("127.0.0.1"));
    gh = new FakeGitHub();
    seedSameRepo(gh);
    // Through nock this time: the app's requests go over (emulated) sockets.
    gh.listen();
    const probot = new Probot({
      appId: 1,
      privateKey: testPrivateKey(),
      secret: SECRET,
      Octokit: TestOctokit,
      log: pino({ level: "trace" }, { write: (line: string) => void lines.push(line) }),
    });
    const app = createApp({ appSlug: "mlgate", scm: { retry: { sleep: async () => {} } } });
    const middleware = await createNodeMiddleware(app, { probot });
    server = createServer((req, res) => {
      void middleware(req, res, () => {
        res.writeHead(404).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    nock.cleanAll();
    nock.enableNetConnect();
    expect(secretsIn(lines.join(""), [SECRET])).toEqual([]);
  });

  const sign = (text: string) =>
    `sha256=${createHmac("sha256", SECRET).update(text).digest("hex")}`;

  async function post(
    body: string,
    headers: Record<string, string>,
    event = "workflow_run",
  ): Promise<number> {
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "x-github-event": event, ...headers },
    });
    await response.text();
    return response.status;
  }

  test("a valid delivery replayed with its body re-serialised (whitespace) is rejected", async () => {
    const payload = workflowRunPayload("completed");
    const original = JSON.stringify(payload);
    const signature = sign(original);
    const before = gh.requests.length;

    for (const replay of [
      JSON.stringify(payload, null, 2),
      `${original}\n`,
      original.replace(/":/, '": '),
    ]) {
      expect(
        await post(replay, {
          "x-hub-signature-256": signature,
          "x-github-delivery": crypto.randomUUID(),
        }),
      ).toBe(400);
    }
    // The old SHA-1 header alone is not enough either.
    const sha1 = `sha1=${createHmac("sha1", SECRET).update(original).digest("hex")}`;
    expect(
      await post(original, { "x-hub-signature": sha1, "x-github-delivery": crypto.randomUUID() }),
    ).toBe(400);
    expect(gh.requests.length).toBe(before);
  });

  test("an identical delivery replayed, one after the other and at once, publishes once", async () => {
    const body = JSON.stringify(workflowRunPayload("completed"));
    const headers = { "x-hub-signature-256": sign(body), "x-github-delivery": "replayed-1" };

    expect(await post(body, headers)).toBe(200);
    const after = gh.requests.length;
    expect(await post(body, headers)).toBe(200);
    expect(await Promise.all([post(body, headers), post(body, headers)])).toEqual([200, 200]);

    expect(gh.requests.length).toBe(after);
    expect(gh.count(CALLS.commentCreate)).toBe(1);
    expect(gh.commentsOf(2).filter((c) => c.login === "mlgate[bot]")).toHaveLength(1);
    expect(gh.checksOf(HEAD_SHA)[0]).toMatchObject({ status: "completed", conclusion: "success" });
  });
});

describe("overrides only from write or admin", () => {
  let session: Session | undefined;
  afterEach(() => {
    expect(session?.secrets()).toEqual([]);
    session?.close();
  });

  const run = (s: Session) => s.deliver("workflow_run", workflowRunPayload("completed"));

  test("a comment copying the marker is never mlgate's: the app edits its own, not theirs", async () => {
    const ours = `<!-- mlgate:review -->\n### ❌ mlgate: failed\n\n<!-- mlgate:sha=${"1".repeat(40)} -->\n`;
    const s = new Session((gh) => {
      seedSameRepo(gh);
      // Before mlgate's own comment: a user's, a look-alike login's and another app's, all with
      // the marker and claiming a newer head than ours.
      const claim = FORGED.replace(HEAD_SHA, "9".repeat(40));
      gh.seedComment(2, { id: 101, body: claim, login: "mlgate", type: "User" });
      gh.seedComment(2, { id: 102, body: claim, login: "mlgate-bot[bot]", type: "Bot" });
      gh.seedComment(2, { id: 103, body: claim, login: "mlgate[bot]", type: "User" });
      gh.seedComment(2, { id: 777, body: ours, login: "mlgate[bot]", type: "Bot" });
    });
    session = s;

    await run(s);

    const byId = new Map(s.gh.commentsOf(2).map((c) => [c.id, c.body]));
    expect(byId.get(777)).toContain(`<!-- mlgate:sha=${HEAD_SHA} -->`);
    for (const id of [100, 101, 102, 103]) expect(byId.get(id)).toMatch(/forged/);
    expect(s.gh.count(CALLS.commentCreate)).toBe(0);
    expect(s.gh.count(CALLS.commentUpdate)).toBe(1);
    expect(
      s.gh.requests
        .filter((r) => r.method === "PATCH" && r.url.pathname.includes("/issues/comments/"))
        .map((r) => r.url.pathname.split("/").at(-1)),
    ).toEqual(["777"]);
  });

  test("a label whose last adder has read permission is ignored, and the review says so", async () => {
    const s = new Session((gh) => {
      seedSameRepo(gh);
      gh.labelEvents.set(2, [
        { label: LABEL, by: "maintainer", at: "2024-05-01T10:05:00Z" },
        { label: LABEL, by: "maintainer", at: "2024-05-01T10:06:00Z", event: "unlabeled" },
        { label: LABEL, by: "reader", at: "2024-05-01T10:12:00Z" },
      ]);
      gh.permissions.set("reader", "read");
    });
    session = s;

    await run(s);

    const [check] = s.gh.checksOf(HEAD_SHA);
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(plain(check?.output.text ?? "")).toMatch(
      /label added by reader was ignored: accepting failed gates needs write or admin permission, and reader has read/,
    );
    expect(s.gh.commentsOf(2).find((c) => c.login === "mlgate[bot]")?.body).toMatch(/was ignored/);
  });

  test("the pull request's author may not accept their own regression when allow_author is false, even as admin", async () => {
    const s = new Session((gh) => {
      seedSameRepo(gh);
      gh.configText = CONFIG.replace(
        `  label: ${LABEL}\n`,
        `  label: ${LABEL}\n  allow_author: false\n`,
      );
      // GitHub logins are case-insensitive: "codertocat" is the author "Codertocat".
      gh.labelEvents.set(2, [{ label: LABEL, by: "codertocat", at: "2024-05-01T10:10:00Z" }]);
      gh.permissions.set("codertocat", "admin");
    });
    session = s;

    await run(s);

    const [check] = s.gh.checksOf(HEAD_SHA);
    expect(check).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(plain(check?.output.text ?? "")).toMatch(/author may not accept its own regressions/);
    expect(s.gh.count(CALLS.permission)).toBe(0);
  });
});

describe("the config comes from the default branch only", () => {
  afterAll(cleanUp);

  test("every event the app handles reads it without a ref", async () => {
    const s = new Session(seedSameRepo);
    try {
      await s.deliver("pull_request", pullRequestPayload("opened"));
      await s.deliver(
        "pull_request",
        pullRequestPayload("labeled", { labels: [LABEL], label: LABEL, sender: "maintainer" }),
      );
      await s.deliver("workflow_run", workflowRunPayload("completed"));
      await s.deliver("check_run", checkRerequestedPayload());
      expect(s.gh.configRefs).toEqual([undefined, undefined, undefined, undefined]);
      const reads = s.gh.requests.filter((r) => r.url.pathname.includes("/contents/"));
      expect(reads.map((r) => decodeURIComponent(r.url.pathname + r.url.search))).toEqual(
        Array(4).fill("/repos/Codertocat/Hello-World/contents/.github/mlgate.yml"),
      );
      expect(s.secrets()).toEqual([]);
    } finally {
      s.close();
    }
  });

  test("the Action reads it through the API from the default branch, not the pull request's head", async () => {
    for (const scenario of ACTION_SCENARIOS) {
      const run = await runActionCase(scenario, undefined, undefined, 0);
      expect(run.code).toBe(0);
      expect(run.gh.configRefs).toEqual([undefined]);
      expect(run.log).toContain("read from the default branch");
      expect(run.final.secrets).toEqual([]);
    }
  });
});
