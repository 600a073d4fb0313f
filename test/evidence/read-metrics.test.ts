import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Config } from "../../src/core/config/config.js";
import { defaultConfig } from "../../src/core/config/parse-config.js";
import { InputError } from "../../src/core/errors.js";
import { dirSource } from "../../src/evidence/dir-source.js";
import type { FileSource } from "../../src/evidence/file-source.js";
import { readMetrics } from "../../src/evidence/read-metrics.js";
import { openZipSource } from "../../src/evidence/zip-source.js";
import { makeZip } from "../helpers/make-zip.js";
import { fixturePath, readFixture } from "../helpers/metric-fixture.js";

/** An in-memory source; records what was read so tests can check only matches are opened. */
function memorySource(
  files: Record<string, string | Buffer>,
  label = "folder ./mem",
): FileSource & { reads: string[] } {
  const reads: string[] = [];
  const get = (path: string) => {
    const content = files[path];
    if (content === undefined) throw new InputError(`no file ${path}`, { where: label });
    reads.push(path);
    return Buffer.from(content);
  };
  return {
    label,
    reads,
    list: async () => Object.keys(files),
    open: async (path) => Readable.from([get(path)]),
    read: async (path) => get(path),
    close: async () => {},
  };
}

function metricsConfig(overrides: Partial<Config["metrics"]> = {}): Config["metrics"] {
  return { ...defaultConfig().metrics, ...overrides };
}

const values = (set: ReadonlyMap<string, { value: unknown }>) =>
  Object.fromEntries([...set].map(([name, metric]) => [name, metric.value]));

describe("readMetrics", () => {
  it("reads only the files the globs match, in sorted order, dotfiles included", async () => {
    const source = memorySource({
      "z/metrics.json": '{"b": 2}',
      "a/metrics.json": '{"a": 1}',
      ".hidden/metrics.json": '{"h": 3}',
      "model.bin": "\u0000\u0001",
      "notes.json": '{"not": "matched"}',
    });
    const result = await readMetrics(source, metricsConfig());
    expect(result.files).toEqual([".hidden/metrics.json", "a/metrics.json", "z/metrics.json"]);
    expect(source.reads).toEqual(result.files);
    expect(values(result.metrics)).toEqual({ h: 3, a: 1, b: 2 });
    expect(result.metrics.get("a")?.file).toBe("a/metrics.json");
    expect(result.warnings).toEqual([]);
  });

  it("lets the later file win a name clash, with a warning naming both", async () => {
    const source = memorySource({
      "b/metrics.json": '{"acc": 0.9}',
      "a/metrics.json": '{"acc": 0.8}',
    });
    const result = await readMetrics(source, metricsConfig());
    expect(result.metrics.get("acc")).toEqual({ name: "acc", value: 0.9, file: "b/metrics.json" });
    expect(result.warnings).toEqual([
      'metric "acc" is in both a/metrics.json and b/metrics.json; using b/metrics.json',
    ]);
  });

  it("warns when one file gives a name twice", async () => {
    const result = await readMetrics(
      memorySource({ "metrics.json": '{"a.b": 1, "a": {"b": 2}}' }),
      metricsConfig(),
    );
    expect(values(result.metrics)).toEqual({ "a.b": 2 });
    expect(result.warnings).toEqual([
      'metric "a.b" appears twice in metrics.json; using the later value',
    ]);
  });

  it("drops names matching ignore globs ('/' separates, '**' crosses it)", async () => {
    const source = memorySource({
      "metrics.json":
        '{"eval_runtime": 3, "eval_loss": 0.2, "train": {"loss": 1}, "sys/gpu/util": 0.9, "acc": 0.8}',
    });
    const result = await readMetrics(
      source,
      metricsConfig({ ignore: ["*_runtime", "train.*", "sys/**"] }),
    );
    expect(values(result.metrics)).toEqual({ eval_loss: 0.2, acc: 0.8 });
  });

  it("uses the last matching metrics.formats entry over detection", async () => {
    const source = memorySource({
      "results/run.log": "epoch,acc\n0,0.5\n1,0.75\n",
      "results/special.log": '{"acc": 0.6}',
    });
    const config = metricsConfig({
      files: ["results/*.log"],
      formats: [
        { glob: "results/*.log", format: "csv" },
        { glob: "results/special.log", format: "json" },
      ],
    });
    const result = await readMetrics(source, config);
    expect(result.metrics.get("acc")).toEqual({
      name: "acc",
      value: 0.6,
      file: "results/special.log",
    });
    expect(result.warnings).toHaveLength(1);
  });

  it("reads an MLflow run: one metric per file", async () => {
    const run = "mlruns/1/6c3f0e2b9d8a4f51a7e2c4b1d0f9e8a7";
    const source = memorySource({
      [`${run}/metrics/accuracy`]: readFixture("mlflow", run, "metrics", "accuracy"),
      [`${run}/metrics/val/loss`]: readFixture("mlflow", run, "metrics", "val", "loss"),
      [`${run}/params/lr`]: "0.001",
      "mlruns/1/meta.yaml": "name: x\n",
    });
    const result = await readMetrics(source, metricsConfig());
    expect(values(result.metrics)).toEqual({ accuracy: 0.88, "val/loss": 0.29 });
  });

  it("fails naming the globs and the source when nothing matches", async () => {
    const error = await readMetrics(
      memorySource({ "model.bin": "x" }, "artifact eval-results"),
      metricsConfig({ files: ["eval/*.json", "metrics.yaml"] }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).toUserMessage()).toBe(
      'artifact eval-results: no metric files found: none of metrics.files ("eval/*.json", "metrics.yaml") matched a file; it holds "model.bin"',
    );
  });

  it("fails naming the file when its format cannot be told", async () => {
    const source = memorySource({ "results/out.dat": "0.9" });
    const error = await readMetrics(source, metricsConfig({ files: ["results/*"] })).catch(
      (e: unknown) => e,
    );
    expect((error as InputError).toUserMessage()).toMatch(
      /^results\/out\.dat: cannot tell .* set it in metrics\.formats$/,
    );
  });

  it("passes a reader's InputError through, naming the file", async () => {
    const error = await readMetrics(
      memorySource({ "eval/metrics.json": '{"loss": 0.5,' }),
      metricsConfig(),
    ).catch((e: unknown) => e);
    expect((error as InputError).toUserMessage()).toMatch(
      /^eval\/metrics\.json: is not valid JSON/,
    );
  });

  it("reads every fixture format from a folder with the default globs", async () => {
    const result = await readMetrics(dirSource(fixturePath()), metricsConfig());
    // The Trainer's final files beside its checkpoint are the run's result: the checkpoint's
    // trainer_state.json is not read.
    expect(result.notes).toContain(
      "huggingface: read the Trainer's final files, not its 1 checkpoint",
    );
    expect(result.files).toEqual([
      "huggingface/all_results.json",
      "huggingface/eval_results.json",
      "json/metrics.json",
      "keras/logs/train/events.out.tfevents.keras.v2",
      "keras/logs/validation/events.out.tfevents.keras.v2",
      "keras/training.log",
      "lightning/lightning_logs/version_0/metrics.csv",
      "mlflow/mlruns/1/6c3f0e2b9d8a4f51a7e2c4b1d0f9e8a7/metrics/accuracy",
      "mlflow/mlruns/1/6c3f0e2b9d8a4f51a7e2c4b1d0f9e8a7/metrics/train/loss",
      "mlflow/mlruns/1/6c3f0e2b9d8a4f51a7e2c4b1d0f9e8a7/metrics/val/loss",
      "sklearn/classification_report.json",
      "tensorboard/crafted/events.out.tfevents.crafted",
      "tensorboard/tensorboardx/events.out.tfevents.tensorboardx",
      "tensorboard/tf2/events.out.tfevents.tf2.v2",
      "toml/metrics.toml",
      "wandb/run-20250301_101500-k3x9q2ab/files/wandb-summary.json",
      "yaml/metrics.yaml",
    ]);
    const fileOf = (name: string) => result.metrics.get(name)?.file;
    expect(fileOf("eval_f1")).toBe("huggingface/eval_results.json");
    expect(fileOf("train_runtime")).toBe("huggingface/all_results.json");
    expect(fileOf("train.accuracy")).toBe("json/metrics.json");
    expect(fileOf("validation/epoch_loss")).toBe(
      "keras/logs/validation/events.out.tfevents.keras.v2",
    );
    expect(fileOf("val_acc")).toBe("lightning/lightning_logs/version_0/metrics.csv");
    expect(fileOf("accuracy")).toBe("sklearn/classification_report.json");
    expect(fileOf("macro avg.f1-score")).toBe("sklearn/classification_report.json");
    expect(fileOf("big_step")).toBe("tensorboard/crafted/events.out.tfevents.crafted");
    expect(fileOf("val/f1")).toBe("tensorboard/tensorboardx/events.out.tfevents.tensorboardx");
    expect(fileOf("eval/accuracy")).toBe("tensorboard/tf2/events.out.tfevents.tf2.v2");
    expect(fileOf("eval.count")).toBe("toml/metrics.toml");
    expect(fileOf("val/acc.max")).toBe(
      "wandb/run-20250301_101500-k3x9q2ab/files/wandb-summary.json",
    );
    expect(fileOf("eval.auc_per_seed")).toBe("yaml/metrics.yaml");
    // MLflow's val/loss (0.29) is overridden by W&B's, later in path order.
    expect(result.metrics.get("val/loss")?.value).toBe(0.2417);
    expect(result.warnings).toContain(
      'metric "val/loss" is in both mlflow/mlruns/1/6c3f0e2b9d8a4f51a7e2c4b1d0f9e8a7/metrics/val/loss and wandb/run-20250301_101500-k3x9q2ab/files/wandb-summary.json; using wandb/run-20250301_101500-k3x9q2ab/files/wandb-summary.json',
    );
    // Same names in json, toml and yaml: the last in path order wins, and each clash is told.
    expect(result.metrics.get("eval.accuracy")?.file).toBe("yaml/metrics.yaml");
    expect(result.warnings).toContain(
      'metric "eval.accuracy" is in both toml/metrics.toml and yaml/metrics.yaml; using yaml/metrics.yaml',
    );
  });

  it("reads from an artifact zip, opening only the matched entries", async () => {
    const zip = makeZip([
      { name: "eval/metrics.json", data: '{"acc": 0.93}' },
      // Would fail the ratio check if it were ever opened.
      { name: "checkpoints/model.bin", data: Buffer.alloc(4 * 1024 * 1024) },
    ]);
    const source = await openZipSource(zip);
    const result = await readMetrics(source, metricsConfig());
    expect(values(result.metrics)).toEqual({ acc: 0.93 });
    await source.close();
  });
});
