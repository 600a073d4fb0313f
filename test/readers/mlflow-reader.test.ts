import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { mlflowMetricKey, mlflowReader } from "../../src/evidence/readers/mlflow-reader.js";
import { inputErrorOf } from "../helpers/input-error-of.js";
import { expectedOf, fixturePath, readFixture } from "../helpers/metric-fixture.js";

const RUN = "mlruns/1/6c3f0e2b9d8a4f51a7e2c4b1d0f9e8a7";
const read = (text: string, path = `${RUN}/metrics/acc`) =>
  mlflowReader.read(Buffer.from(text), path);

describe("mlflowReader", () => {
  it("reads each metric file of the fixture run: latest by (step, timestamp), keys with '/'", () => {
    const files = readdirSync(fixturePath("mlflow", RUN, "metrics"), {
      recursive: true,
      withFileTypes: true,
    })
      .filter((entry) => entry.isFile())
      .map((entry) => `${entry.parentPath}/${entry.name}`.slice(fixturePath("mlflow").length + 1));
    const found: Record<string, number | readonly number[]> = {};
    for (const file of files) {
      for (const metric of mlflowReader.read(readFixture("mlflow", file), file))
        found[metric.name] = metric.value;
    }
    expect(found).toEqual(expectedOf("mlflow", "expected.json"));
  });

  it("uses the highest step even when a lower step was logged later", () => {
    expect(read("100 0.1 0\n300 0.3 3\n400 0.2 2\n")[0]?.value).toBe(0.3);
  });

  it("breaks a step tie by timestamp, then by line order", () => {
    expect(read("500 0.1 3\n400 0.2 3\n")[0]?.value).toBe(0.1);
    expect(read("400 0.1 3\n400 0.2 3\n")[0]?.value).toBe(0.2);
  });

  it("reads old two-column lines (no step) and skips blank lines", () => {
    expect(read("100 0.1\n\n200 0.2\n")[0]?.value).toBe(0.2);
  });

  it("keeps a NaN latest value, ignores an early one", () => {
    expect(read("100 0.5 0\n200 nan 1\n")[0]?.value).toBeNaN();
    expect(read("100 nan 0\n200 0.5 1\n")[0]?.value).toBe(0.5);
  });

  it("rejects malformed lines", () => {
    expect(inputErrorOf(() => read("100 0.5 0\nhello\n")).toUserMessage()).toBe(
      `${RUN}/metrics/acc: line 2 is not "timestamp value step" as MLflow writes metric files`,
    );
    expect(() => read("100 abc 0\n")).toThrow(/line 1/);
    expect(() => read("1 2 3 4\n")).toThrow(/line 1/);
  });

  it("returns nothing for an empty file", () => {
    expect(read("")).toEqual([]);
  });

  it("takes the key from the path below metrics/", () => {
    expect(mlflowMetricKey("artifact/mlruns/0/abc/metrics/val/loss")).toBe("val/loss");
    expect(mlflowMetricKey("exports/metrics/acc")).toBe("acc");
    expect(mlflowMetricKey("acc_file")).toBe("acc_file");
  });
});
