import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import { defaultConfig, parseConfig } from "../../src/core/config/parse-config.js";
import { InputError } from "../../src/core/errors.js";
import { dirSource } from "../../src/evidence/dir-source.js";
import { readMetrics } from "../../src/evidence/read-metrics.js";

// Fixtures written the way each tool writes them: test/fixtures/verdict/make-verdict-fixtures.py.
const fixture = (...parts: string[]) =>
  join(dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "verdict", ...parts);
const read = (...parts: string[]) =>
  readMetrics(dirSource(fixture(...parts)), defaultConfig().metrics);
const values = (set: ReadonlyMap<string, { value: unknown }>) =>
  Object.fromEntries([...set].map(([name, metric]) => [name, metric.value]));

describe("one run per source", () => {
  it("Lightning: version_10 is newer than version_9 (numeric, not text order)", async () => {
    const result = await read("lightning");
    expect(result.files).toEqual(["lightning_logs/version_10/metrics.csv"]);
    expect(values(result.metrics)).toEqual({ val_acc: 0.47, val_loss: 0.73 });
    expect(result.notes).toEqual([
      "read the newest of 2 Lightning runs in lightning_logs: lightning_logs/version_10 (numeric order)",
    ]);
  });

  it("MLflow: the run that started last, not the id that sorts last; no metric of another run", async () => {
    const result = await read("mlflow");
    expect(values(result.metrics)).toEqual({ accuracy: 0.91 });
    expect(result.notes).toEqual([
      "read the newest of 3 MLflow runs in mlruns: mlruns/0/0a1b2c3d4e5f40718293a4b5c6d7e8f9 (started 2024-04-25T00:06:40.000Z)",
    ]);
  });

  it("Hugging Face: the best checkpoint's metrics, not the last evaluation's", async () => {
    const result = await read("huggingface-best");
    expect(result.metrics.get("eval_wer")?.value).toBe(17.7);
    expect(result.notes).toEqual([
      "trainer_state.json: metrics of the best checkpoint checkpoint-500 (step 500), the model the Trainer kept",
    ]);
  });

  it("says in the review which run was read", async () => {
    const result = await read("lightning");
    const review = buildReview(
      {
        head: { source: "head", metrics: result.metrics },
        notes: result.notes.map((n) => `Head: ${n}.`),
      },
      defaultConfig(),
    );
    expect(review.notes).toContain(
      "Head: read the newest of 2 Lightning runs in lightning_logs: lightning_logs/version_10 (numeric order).",
    );
  });
});

describe("CSV logs in the default globs", () => {
  it("a Keras history saved by pandas: the unnamed index column is skipped", async () => {
    const result = await read("pandas-history");
    expect(result.files).toEqual(["history.csv"]);
    expect(values(result.metrics)).toEqual({
      loss: 0.421,
      accuracy: 0.81,
      val_loss: 0.4877,
      val_accuracy: 0.78,
    });
  });

  it("YOLO results.csv: names trimmed, so a gate on metrics/mAP50-95(B) finds it", async () => {
    const result = await read("yolo");
    expect(result.files).toEqual(["runs/detect/train/results.csv"]);
    expect(result.metrics.get("metrics/mAP50-95(B)")?.value).toBe(0.351);
    expect([...result.metrics.keys()].every((name) => name === name.trim())).toBe(true);
    const parsed = parseConfig(
      "metrics:\n  gates:\n    metrics/mAP50-95(B): { direction: higher, min: 0.3 }\n",
    );
    if (!parsed.config) throw new Error(parsed.errors.join());
    const review = buildReview(
      { head: { source: "head", metrics: result.metrics } },
      parsed.config,
    );
    expect(review.gates).toMatchObject([{ metric: "metrics/mAP50-95(B)", outcome: "passed" }]);
    // lr/pg0 is a schedule, not quality.
    expect(review.metrics.find((m) => m.name === "lr/pg0")?.direction).toBe("neutral");
  });
});

describe("MLflow folders other than a whole mlruns tree", () => {
  const run = "mlflow/mlruns/0/0a1b2c3d4e5f40718293a4b5c6d7e8f9";
  it("a run folder (mlruns/0/<run>)", async () => {
    expect(values((await read(run)).metrics)).toEqual({ accuracy: 0.91 });
  });
  it("an experiment folder (mlruns/0): its newest run", async () => {
    const result = await read("mlflow/mlruns/0");
    expect(values(result.metrics)).toEqual({ accuracy: 0.91 });
    expect(result.notes[0]).toContain("read the newest of 3 MLflow runs");
  });
  it("a run's metrics/ folder", async () => {
    expect(values((await read(run, "metrics")).metrics)).toEqual({ accuracy: 0.91 });
  });
});

describe("telling the user what is there", () => {
  const dir = mkdtempSync(join(tmpdir(), "mlgate-lfs-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("a Git LFS pointer is named as such, not as bad JSON", async () => {
    // The pointer text git-lfs writes in place of a tracked file.
    writeFileSync(
      join(dir, "metrics.json"),
      "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n",
    );
    const error = await readMetrics(dirSource(dir), defaultConfig().metrics).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).toUserMessage()).toBe(
      "metrics.json: is a Git LFS pointer to a 12345-byte file, not the file itself: fetch the LFS objects (actions/checkout with lfs: true, or git lfs pull) before mlgate reads it",
    );
  });

  it("no files matched lists what the folder holds", async () => {
    const error = await read("scores").catch((e: unknown) => e);
    expect((error as InputError).message).toMatch(/matched a file; it holds "predictions\.csv"$/);
  });
});
