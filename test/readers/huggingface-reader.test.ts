import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { huggingfaceReader } from "../../src/evidence/readers/huggingface-reader.js";
import { expectedOf, readFixture, valuesOf } from "../helpers/metric-fixture.js";

const read = (text: string, path = "trainer_state.json") =>
  huggingfaceReader.read(Buffer.from(text), path);

describe("huggingfaceReader", () => {
  it("reads all_results.json with names as the Trainer writes them, minus epoch and total_flos", () => {
    const metrics = valuesOf(
      huggingfaceReader.read(readFixture("huggingface", "all_results.json"), "all_results.json"),
    );
    expect(metrics).toEqual(expectedOf("huggingface", "expected.json"));
    expect(metrics).toHaveProperty("eval_loss", 0.2841);
    expect(metrics).not.toHaveProperty("epoch");
    expect(metrics).not.toHaveProperty("total_flos");
  });

  it("reads eval_results.json", () => {
    const metrics = valuesOf(
      huggingfaceReader.read(readFixture("huggingface", "eval_results.json"), "eval_results.json"),
    );
    expect(metrics).toEqual({
      eval_accuracy: 0.9112,
      eval_f1: 0.8977,
      eval_loss: 0.2841,
      eval_runtime: 12.31,
      eval_samples_per_second: 81.24,
      eval_steps_per_second: 10.16,
    });
  });

  it("takes the last value of each key in trainer_state.json's log_history", () => {
    const path = "checkpoint-1500/trainer_state.json";
    const metrics = valuesOf(huggingfaceReader.read(readFixture("huggingface", path), path));
    expect(metrics).toEqual(expectedOf("huggingface", "checkpoint-1500", "expected.json"));
    expect(metrics.eval_loss).toBeCloseTo(0.28, 12);
    expect(metrics).not.toHaveProperty("step");
  });

  it("ignores an early NaN in the history and keeps a final one as a value", () => {
    const early = '{"log_history": [{"loss": NaN, "step": 1}, {"loss": 0.5, "step": 2}]}';
    expect(valuesOf(read(early))).toEqual({ loss: 0.5 });
    const late = '{"log_history": [{"loss": 0.5, "step": 1}, {"loss": NaN, "step": 2}]}';
    expect(valuesOf(read(late))).toEqual({ loss: Number.NaN });
  });

  it("refuses a trainer_state.json without log_history and reserved keys in it", () => {
    expect(() => read('{"global_step": 3}')).toThrow(InputError);
    expect(() => read('{"log_history": {}}')).toThrow(/not a list/);
    expect(() => read('{"log_history": [{"__proto__": 1}]}')).toThrow(/reserved JavaScript name/);
  });
});
