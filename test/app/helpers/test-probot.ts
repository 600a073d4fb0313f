import { generateKeyPairSync } from "node:crypto";
import { type Logger, Probot, ProbotOctokit } from "probot";
import { createApp, type MlgateAppOptions } from "../../../src/app/app.js";
import { type AppState, createAppState } from "../../../src/app/app-state.js";

let key: string | undefined;

/** A throwaway RSA key, made once per test file: Probot signs its app JWT with it. */
export function testPrivateKey(): string {
  key ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return key;
}

/**
 * Probot v14 as its docs test it: Octokit's own retries and throttling off, so nock sees every
 * call and nothing waits. A function, not an object: Probot passes its own `throttle` options to
 * the constructor, and an object default would be shallow-merged under them (leaving throttling
 * on, with its one-second spacing of writes and three of comment posts).
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object | undefined), enabled: false },
}));

export interface TestApp {
  readonly probot: Probot;
  readonly state: AppState;
  /** Waits that mlgate asked for (Retry-After, back-off), in ms. */
  readonly sleeps: number[];
}

/** A Probot running the mlgate app with a fresh in-process state (a cold start). */
export async function createTestApp(
  options: MlgateAppOptions & { log?: Logger } = {},
): Promise<TestApp> {
  const sleeps: number[] = [];
  const state = options.state ?? createAppState();
  const probot = new Probot({
    appId: 1,
    privateKey: testPrivateKey(),
    Octokit: TestOctokit,
    logLevel: (process.env.MLGATE_TEST_LOG as "info" | undefined) ?? "fatal",
    ...(options.log ? { log: options.log } : {}),
  });
  await probot.load(
    createApp({
      appSlug: "mlgate",
      now: () => new Date("2024-05-01T12:00:00Z"),
      ...options,
      state,
      scm: {
        retry: {
          sleep: async (ms) => {
            sleeps.push(ms);
          },
        },
        ...options.scm,
      },
    }),
  );
  return { probot, state, sleeps };
}
