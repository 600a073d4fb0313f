import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Metric } from "../../src/core/types.js";

/** Absolute path of a file under test/fixtures/metrics. */
export function fixturePath(...parts: string[]): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "metrics", ...parts);
}

/** A fixture's bytes. */
export function readFixture(...parts: string[]): Buffer {
  return readFileSync(fixturePath(...parts));
}

/** A fixture folder's `expected.json` (written by the tool's own Python, see the fixtures' README). */
export function expectedOf(...parts: string[]): Record<string, number> {
  return JSON.parse(readFileSync(fixturePath(...parts), "utf8")) as Record<string, number>;
}

/** Metrics as `{ name: value }`, the shape assertions compare. */
export function valuesOf(metrics: readonly Metric[]): Record<string, number | readonly number[]> {
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}
