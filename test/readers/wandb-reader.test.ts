import { describe, expect, it } from "vitest";
import { wandbReader } from "../../src/evidence/readers/wandb-reader.js";
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

  it("keeps NaN (Python writes it for a diverged loss) as a value", () => {
    const [metric] = wandbReader.read(Buffer.from('{"train/loss": NaN}'), "wandb-summary.json");
    expect(metric).toMatchObject({ name: "train/loss", file: "wandb-summary.json" });
    expect(metric?.value).toBeNaN();
  });
});
