import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { AppProcess, until } from "./app-process.js";
import { tempDataDir } from "./backends.js";
import { FakeGitHubServer } from "./fake-github-server.js";
import { botComments, concluded, runCompleted, seedPulls } from "./many-pulls.js";

// App processes start slowly on a loaded machine.
vi.setConfig({ hookTimeout: 60_000 });

let github: FakeGitHubServer;
let data: ReturnType<typeof tempDataDir>;
let app: AppProcess;

beforeAll(async () => {
  github = await new FakeGitHubServer().start();
  data = tempDataDir();
  app = new AppProcess({
    GHE_HOST: github.host,
    GHE_PROTOCOL: "http",
    MLGATE_DATA_DIR: data.dir,
  });
  await app.ready();
}, 60_000);
afterAll(async () => {
  app?.kill();
  await app?.exited;
  await github.stop();
  data.remove();
});

describe("50 concurrent deliveries", () => {
  it("are all answered at once, and all 50 reviews conclude with one comment each", async () => {
    const pulls = seedPulls(github.gh, 50);
    const answers = await Promise.all(
      pulls.map((pull) => app.deliver("workflow_run", runCompleted(pull), `load-${pull.number}`)),
    );
    expect(answers.map((a) => a.status)).toEqual(pulls.map(() => 202));
    await until(
      () =>
        pulls.every(
          (p) => concluded(github.gh, p.headSha) && botComments(github.gh, p.number).length > 0,
        ),
      "every review to conclude with its comment",
      240_000,
    );
    for (const pull of pulls) {
      expect(concluded(github.gh, pull.headSha)).toBe("success");
      expect(botComments(github.gh, pull.number)).toHaveLength(1);
    }
    const metrics = await (await fetch(`http://127.0.0.1:${app.port}/metrics`)).text();
    expect(metrics).toContain('mlgate_reviews_total{outcome="done"} 50');
    expect(metrics).toContain('mlgate_webhook_deliveries_total{result="queued"} 50');
    expect(metrics).toMatch(/mlgate_github_requests_total\{status="201"\} \d+/);
    expect(metrics).toContain('mlgate_queue_depth{state="waiting"} 0');
  }, 300_000);

  it("answers /healthz and /readyz, and refuses bad deliveries without logging their bodies", async () => {
    expect((await fetch(`http://127.0.0.1:${app.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${app.port}/readyz`)).status).toBe(200);
    const secretBody = { leaked: "do-not-log-me" };
    expect((await app.deliver("workflow_run", secretBody, "bad-sig", "development")).status).toBe(
      401,
    );
    // A 26 MB body is refused from its Content-Length, before it is read.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: app.port,
          path: "/api/github/webhooks",
          method: "POST",
          headers: {
            "x-github-event": "workflow_run",
            "x-github-delivery": "too-big",
            "x-hub-signature-256": "sha256=00",
            "content-length": String(26 * 1024 * 1024),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on("error", reject);
      req.write(JSON.stringify(secretBody));
    });
    expect(status).toBe(413);
    await until(() => app.lines.some((l) => l.includes("too-big")), "the refusal's log line");
    expect(app.lines.join("\n")).not.toContain("do-not-log-me");
    expect(app.lines.filter((l) => l.includes("bad-sig"))).toHaveLength(1);
  }, 60_000);
});
