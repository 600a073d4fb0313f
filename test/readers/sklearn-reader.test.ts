import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { sklearnReader } from "../../src/evidence/readers/sklearn-reader.js";
import { expectedOf, readFixture, valuesOf } from "../helpers/metric-fixture.js";

describe("sklearnReader (classification_report(output_dict=True))", () => {
  it("reads scikit-learn's own report: hyphenated f1-score, bare accuracy, support kept", () => {
    const metrics = valuesOf(
      sklearnReader.read(
        readFixture("sklearn", "classification_report.json"),
        "classification_report.json",
      ),
    );
    expect(metrics).toEqual(expectedOf("sklearn", "expected.json"));
    expect(metrics).toHaveProperty(["macro avg.f1-score"]);
    expect(typeof metrics.accuracy).toBe("number");
    expect(metrics["weighted avg.support"]).toBe(200);
  });

  it("refuses JSON that is not a report", () => {
    expect(() =>
      sklearnReader.read(Buffer.from('{"accuracy": 0.9, "loss": 0.1}'), "r.json"),
    ).toThrow(InputError);
    expect(() => sklearnReader.read(Buffer.from('{"macro avg": {"auc": 0.9}}'), "r.json")).toThrow(
      /does not look like a classification_report/,
    );
  });

  it("keeps NaN in a row as a value", () => {
    expect(
      sklearnReader.read(
        Buffer.from(
          '{"0": {"precision": NaN, "recall": 0, "f1-score": 0, "support": 3}, "accuracy": 0.5}',
        ),
        "r.json",
      )[0]?.value,
    ).toBeNaN();
  });
});
