import { describe, expect, it } from "vitest";
import { METRIC_FORMATS } from "../../src/core/config/schema.js";
import { detectFormat, readers } from "../../src/evidence/readers/registry.js";

const detect = (path: string, head = "") => detectFormat(path, Buffer.from(head));

describe("readers registry", () => {
  it("has a reader for every configurable format", () => {
    expect(Object.keys(readers).sort()).toEqual([...METRIC_FORMATS].sort());
  });
});

describe("detectFormat", () => {
  it.each([
    ["mlruns/1/abc/metrics/accuracy", "mlflow"],
    ["artifact/mlruns/0/abc/metrics/val/loss", "mlflow"],
    ["logs/train/events.out.tfevents.1700000000.host.123.0.v2", "tensorboard"],
    ["wandb/run-1/files/wandb-summary.json", "wandb"],
    ["out/all_results.json", "huggingface"],
    ["eval_results.json", "huggingface"],
    ["checkpoint-500/trainer_state.json", "huggingface"],
    ["classification_report.json", "sklearn"],
    ["metrics.json", "json"],
    ["eval/metrics.yaml", "yaml"],
    ["metrics.yml", "yaml"],
    ["metrics.toml", "toml"],
    ["lightning_logs/version_0/metrics.csv", "csv"],
    ["training.log", "csv"],
  ])("%s → %s", (path, format) => {
    expect(detect(path, "{}")).toBe(format);
  });

  it("detects a classification report in any .json by its rows", () => {
    expect(detect("report.json", '{"0": {"precision": 1}, "macro avg": {"precision": 1}}')).toBe(
      "sklearn",
    );
    expect(detect("report.json", '{"accuracy": 0.9}')).toBe("json");
  });

  it("detects a Keras CSVLogger file under another .log name by its header", () => {
    expect(detect("run/history.log", "epoch,accuracy,loss\n0,0.5,0.7\n")).toBe("csv");
    expect(detect("run/stdout.log", "Epoch 1/3\n")).toBeUndefined();
  });

  it("falls back to JSON for extensionless files that start with '{', skipping a BOM", () => {
    expect(detect("results", '\uFEFF  {"a": 1}')).toBe("json");
    expect(detect("results", "a b c")).toBeUndefined();
  });
});
