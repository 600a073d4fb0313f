import { afterEach, beforeEach, vi } from "vitest";
import type { AppProcess } from "./app-process.js";
import { tempDataDir } from "./backends.js";
import { FakeGitHubServer } from "./fake-github-server.js";

// Live bindings: a test file importing them sees each test's own, set by the hooks below.

/** This test's fake GitHub over HTTP. */
export let github: FakeGitHubServer;
/** This test's data folder. */
export let data: ReturnType<typeof tempDataDir>;
/** App processes this test started: killed, and waited for, after it. */
export const apps: AppProcess[] = [];

/**
 * Registers the hooks of a test file that runs app processes against a fake GitHub: a fresh fake
 * GitHub and data folder per test, and after it every app SIGKILLed and waited for (a stopping
 * process still calls GitHub), then both removed.
 */
export function useAppFixtures(): void {
  // App processes start slowly on a loaded machine.
  vi.setConfig({ hookTimeout: 60_000 });
  beforeEach(async () => {
    github = await new FakeGitHubServer().start();
    data = tempDataDir();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) {
      app.kill();
      await app.exited;
    }
    await github.stop();
    data.remove();
  });
}
