import { describe, expect, it } from "vitest";
import { wandbReader } from "../../src/evidence/readers/wandb-reader.js";
import { inputErrorOf } from "../helpers/input-error-of.js";
import { readFixture, valuesOf } from "../helpers/metric-fixture.js";

const FIXTURE = ["wandb", "run-20250301_101500-k3x9q2ab", "files", "wandb-summary.json"];

describe("wandbReader (wandb-summary.json)", () => {
  it("keeps logged keys with '/', skips _-keys and media/table/histogram dicts, flattens summaries", () => {
    expect(valuesOf(wandbReader.read(readFixture(...FIXTURE), "files/wandb-summary.json"))).toEqual(
      {
        epoch: 9,
        "train/loss": 0.1842,
        "train/acc": 0.9375,
        "val/loss": 0.2417,
        "val/acc.max": 0.9283,
        "val/acc.last": 0.9251,
        lr: 0.00031622776601683794,
      },
    );
  });

  it("skips _-prefixed keys inside nested dicts too", () => {
    const text = '{"best": {"_step": 3, "acc": 0.9}}';
    expect(valuesOf(wandbReader.read(Buffer.from(text), "wandb-summary.json"))).toEqual({
      "best.acc": 0.9,
    });
  });

  it("rejects NaN (Python writes it for a diverged loss)", () => {
    const error = inputErrorOf(() =>
      wandbReader.read(Buffer.from('{"train/loss": NaN}'), "wandb-summary.json"),
    );
    expect(error.toUserMessage()).toBe(
      'wandb-summary.json: metric "train/loss" is NaN; metric values must be finite numbers (a diverged run, or a number too large for a double?)',
    );
  });
});
