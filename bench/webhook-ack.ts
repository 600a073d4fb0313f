/**
 * Webhook acknowledgement under load: 50 concurrent signed `workflow_run.completed` deliveries to
 * a real app process against the fake GitHub over HTTP. Prints the acknowledgement p50/p99, how
 * long until all 50 reviews concluded with their comment, and the app's peak RSS.
 *
 *   npx tsx bench/webhook-ack.ts [--before DIR] [--deliveries N] [--throttle on|off]
 *
 * Without `--before`: this checkout's `npm start` (build it first: `npm run build`). With
 * `--before DIR`: a built older checkout run as it started then (`probot run ./dist/app/index.js`),
 * to measure the same load side by side. Throttling (Octokit's spacing of writes) is on unless
 * `--throttle off`; the older app cannot turn it off.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sign } from "@octokit/webhooks-methods";
import { testPrivateKey } from "../test/app/helpers/test-probot.js";
import { FakeGitHubServer } from "../test/service/fake-github-server.js";
import { botComments, concluded, runCompleted, seedPulls } from "../test/service/many-pulls.js";

const { values } = parseArgs({
  options: {
    before: { type: "string" },
    deliveries: { type: "string", default: "50" },
    throttle: { type: "string", default: "on" },
  },
});
const count = Number(values.deliveries);
const SECRET = "bench-secret";
const port = 39_000 + Math.floor(Math.random() * 1000);

const github = await new FakeGitHubServer().start();
const pulls = seedPulls(github.gh, count);
const data = mkdtempSync(join(tmpdir(), "mlgate-bench-"));
const env = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  APP_ID: "1",
  PRIVATE_KEY: testPrivateKey(),
  WEBHOOK_SECRET: SECRET,
  GHE_HOST: github.host,
  GHE_PROTOCOL: "http",
  HOST: "127.0.0.1",
  PORT: String(port),
  LOG_LEVEL: "warn" as const,
  MLGATE_DATA_DIR: data,
  MLGATE_REDELIVER: "false",
  MLGATE_GITHUB_THROTTLE: values.throttle === "off" ? "false" : "true",
};
const cwd = values.before ?? process.cwd();
const args = values.before
  ? [join(cwd, "node_modules/probot/lib/bin/probot.js"), "run", "./dist/app/index.js"]
  : ["dist/service/main.js"];
const child: ChildProcess = spawn(process.execPath, args, {
  cwd,
  env,
  stdio: ["ignore", "ignore", "inherit"],
});

const peakKb = () => {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
};
const url = `http://127.0.0.1:${port}/api/github/webhooks`;
for (let i = 0; ; i++) {
  const up = await fetch(url, { method: "GET" }).then(
    () => true,
    () => false,
  );
  if (up) break;
  if (i > 400) throw new Error("the app did not start");
  await new Promise((r) => setTimeout(r, 50));
}

const started = performance.now();
const acks = await Promise.all(
  pulls.map(async (pull) => {
    const body = JSON.stringify(runCompleted(pull));
    const t0 = performance.now();
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "workflow_run",
        "x-github-delivery": `bench-${pull.number}`,
        "x-hub-signature-256": await sign(SECRET, body),
      },
      body,
    });
    await response.text();
    return { ms: performance.now() - t0, status: response.status };
  }),
);
const done = () =>
  pulls.filter(
    (p) => concluded(github.gh, p.headSha) && botComments(github.gh, p.number).length > 0,
  ).length;
let peak = 0;
while (done() < count && performance.now() - started < 15 * 60_000) {
  peak = Math.max(peak, peakKb());
  await new Promise((r) => setTimeout(r, 100));
}
const allMs = performance.now() - started;
peak = Math.max(peak, peakKb());
child.kill("SIGTERM");
await github.stop();
rmSync(data, { recursive: true, force: true });

const sorted = acks.map((a) => a.ms).sort((a, b) => a - b);
const pct = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
const statuses = [...new Set(acks.map((a) => a.status))].join(",");
const conclusions = new Map<string, number>();
for (const p of pulls) {
  const c = concluded(github.gh, p.headSha) ?? "open";
  conclusions.set(c, (conclusions.get(c) ?? 0) + 1);
}
console.log(
  `app: ${values.before ? `before (${cwd})` : "this checkout"}, throttle ${values.throttle}, ${count} concurrent deliveries`,
);
console.log(
  `ack p50 ${pct(50).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms (HTTP ${statuses})`,
);
console.log(
  `reviews concluded with a comment: ${done()}/${count} in ${(allMs / 1000).toFixed(1)} s; checks: ${[...conclusions].map(([k, v]) => `${k} ${v}`).join(", ")}`,
);
console.log(
  `comments: ${pulls.reduce((n, p) => n + botComments(github.gh, p.number).length, 0)}; peak RSS ${(peak / 1024).toFixed(0)} MB`,
);
process.exit(0);
