import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sign } from "@octokit/webhooks-methods";
import { testPrivateKey } from "../app/helpers/test-probot.js";

export const SECRET = "test-webhook-secret";
const MAIN = fileURLToPath(new URL("../../src/service/main.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** `npm start` as a child process (through tsx, from the sources), with its log lines. */
export class AppProcess {
  readonly lines: string[] = [];
  port = 0;
  readonly #child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(env: Record<string, string | undefined>) {
    this.#child = spawn(process.execPath, ["--import", "tsx", MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        APP_ID: "1",
        PRIVATE_KEY: testPrivateKey(),
        WEBHOOK_SECRET: SECRET,
        HOST: "127.0.0.1",
        PORT: "0",
        LOG_LEVEL: "info",
        MLGATE_GITHUB_THROTTLE: "false",
        MLGATE_REDELIVER: "false",
        MLGATE_REDRIVE_CHECKS: "false",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let partial = "";
    const take = (chunk: Buffer) => {
      partial += chunk.toString("utf8");
      const parts = partial.split("\n");
      partial = parts.pop() ?? "";
      this.lines.push(...parts.filter((l) => l.length > 0));
    };
    this.#child.stdout?.on("data", take);
    this.#child.stderr?.on("data", take);
    this.exited = new Promise((resolve) => this.#child.on("exit", (code) => resolve(code)));
  }

  get pid(): number {
    return this.#child.pid ?? 0;
  }

  /** Resolves once the server listens (its port read from the log), or rejects if it exits. */
  async ready(timeoutMs = 30_000): Promise<this> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const line = this.lines.find((l) => l.includes("mlgate: Listening on"));
      const port = line ? /:(\d+)\//.exec(line)?.[1] : undefined;
      if (port) {
        this.port = Number(port);
        return this;
      }
      if (this.#child.exitCode !== null) {
        throw new Error(`the app exited (${this.#child.exitCode}):\n${this.lines.join("\n")}`);
      }
      await sleep(50);
    }
    throw new Error(`the app did not start:\n${this.lines.join("\n")}`);
  }

  /** Sends a signed webhook; returns the HTTP status and how long the answer took. */
  async deliver(
    name: string,
    payload: unknown,
    id: string,
    secret = SECRET,
  ): Promise<{ status: number; ms: number }> {
    const body = JSON.stringify(payload);
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${this.port}/api/github/webhooks`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": name,
        "x-github-delivery": id,
        "x-hub-signature-256": await sign(secret, body),
      },
      body,
    });
    await response.text();
    return { status: response.status, ms: performance.now() - started };
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    this.#child.kill(signal);
  }

  /** Log lines parsed as JSON (pino), skipping any that are not. */
  json(): Record<string, unknown>[] {
    return this.lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `done` until it holds (tests fail on what was observed, never on a clock). */
export async function until(done: () => boolean, what: string, limitMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting: ${what}`);
    await sleep(50);
  }
}
