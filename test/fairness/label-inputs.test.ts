import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { accumulateFairness } from "../../src/evidence/predictions/accumulate-fairness.js";

// scikit-learn LogisticRegression: predict_proba in `score`, predict in `prediction`
// (test/fixtures/verdict/make-verdict-fixtures.py).
const FILE = new URL("../fixtures/verdict/scores/predictions.csv", import.meta.url).pathname;

const options = (over: Record<string, unknown> = {}) => ({
  label: "label",
  prediction: "prediction",
  sensitive: ["sex"],
  positive: 1,
  minGroupSize: 30,
  file: "predictions.csv",
  ...over,
});

async function errorOf(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe("bias check inputs are labels", () => {
  it("a prediction column of scores is an input error that suggests threshold", async () => {
    const error = await errorOf(
      accumulateFairness({ path: FILE }, "csv", options({ prediction: "score" })),
    );
    expect(error.toUserMessage()).toMatch(
      /^predictions\.csv: .*prediction \(column "score"\) "0\.\d+" is a score, not a label; set fairness\.threshold \(e\.g\. 0\.5\)/,
    );
  });

  it("with a threshold, scores at or above it are positive: the same as scikit-learn's predict", async () => {
    const fromScores = await accumulateFairness(
      { path: FILE },
      "csv",
      options({ prediction: "score", threshold: 0.5 }),
    );
    const fromLabels = await accumulateFairness({ path: FILE }, "csv", options());
    // LogisticRegression.predict is predict_proba ≥ 0.5 (ties aside), so the reports agree.
    expect(fromScores.groups).toEqual(fromLabels.groups);
    expect(fromScores.disparities.demographic_parity_difference).toBeGreaterThan(0);
  });

  it("a positive value seen in neither column is an input error listing the values seen", async () => {
    const error = await errorOf(
      accumulateFairness({ path: FILE }, "csv", options({ positive: "yes" })),
    );
    expect(error.toUserMessage()).toBe(
      'predictions.csv: the positive value "yes" is in neither the label nor the prediction column: labels seen "1", "0"; predictions seen "1", "0" (set the positive value to the one the file uses)',
    );
  });
});
