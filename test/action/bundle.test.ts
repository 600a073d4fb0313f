import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";

// The committed bundle, not the source: what a workflow runs. `npm run check:action` keeps it
// equal to a fresh build, so this also covers the source it was built from.
test("the built action/dist/index.js runs as a runner runs it (dry run, git baseline)", () => {
  const script = join(import.meta.dirname, "run-bundle.sh");
  const result = spawnSync("bash", [script], { encoding: "utf8", timeout: 60_000 });
  expect(result.stderr).toBe("");
  expect(result.stdout).toContain("run-bundle: ok");
  expect(result.status).toBe(0);
});
