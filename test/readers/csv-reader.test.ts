import { describe, expect, it } from "vitest";
import { csvReader } from "../../src/evidence/readers/csv-reader.js";
import { inputErrorOf } from "../helpers/input-error-of.js";
import { expectedOf, readFixture, valuesOf } from "../helpers/metric-fixture.js";

const read = (text: string) => csvReader.read(Buffer.from(text), "metrics.csv");

describe("csvReader", () => {
  it("reads Lightning's sparse metrics.csv (CRLF) as the last non-empty value per column", () => {
    const path = "lightning_logs/version_0/metrics.csv";
    const content = readFixture("lightning", path);
    expect(content.includes("\r\n")).toBe(true);
    const metrics = valuesOf(csvReader.read(content, path));
    expect(metrics).toEqual(expectedOf("lightning", "expected.json"));
    expect(metrics).not.toHaveProperty("epoch");
    expect(metrics).not.toHaveProperty("step");
  });

  it("reads Keras' CSVLogger training.log: NA cells count as empty", () => {
    const content = readFixture("keras", "training.log");
    expect(content.toString()).toMatch(/,NA,NA\r?\n$/);
    const metrics = valuesOf(csvReader.read(content, "training.log"));
    expect(metrics).toEqual(expectedOf("keras", "expected.json"));
  });

  it("handles quoted cells with commas, quotes and newlines", () => {
    const text = 'epoch,"acc, top-1","note ""x"""\n0,0.5,"a\nb"\n1,0.75,c\n';
    expect(valuesOf(read(text))).toEqual({ "acc, top-1": 0.75 });
  });

  it("skips columns whose last value is not a number (strings, formulas)", () => {
    expect(valuesOf(read('acc,link\n0.5,=HYPERLINK("x")\n0.6,=1+1\n'))).toEqual({ acc: 0.6 });
  });

  it("keeps nan/inf in the last value: the review shows it as not a number", () => {
    expect(valuesOf(read("step,loss\n1,0.5\n2,nan\n"))).toEqual({ loss: Number.NaN });
    expect(valuesOf(read("loss\ninf\n"))).toEqual({ loss: Number.POSITIVE_INFINITY });
  });

  it("ignores nan earlier in the history", () => {
    expect(valuesOf(read("step,loss\n1,nan\n2,0.5\n"))).toEqual({ loss: 0.5 });
  });

  it("rejects rows with a different number of cells than the header", () => {
    expect(inputErrorOf(() => read("a,b\n1,2\n3\n")).toUserMessage()).toBe(
      "metrics.csv: line 3 has 1 cells but the header has 2",
    );
    expect(() => read("a,b\n1,2,3\n")).toThrow(/line 2 has 3 cells/);
  });

  it("rejects an unterminated quote and duplicate columns", () => {
    expect(() => read('a\n"0.5\n')).toThrow(/quoted field starting on line 2 that never ends/);
    expect(() => read("a,a\n1,2\n")).toThrow(/column "a" twice/);
  });

  it("reads a 10 MB single line without trouble", () => {
    const wide = `x,y\n${"a".repeat(10 * 1024 * 1024)},1\n`;
    expect(valuesOf(read(wide))).toEqual({ y: 1 });
    // Ten million digits is a number, just not a finite one.
    expect(valuesOf(read(`x\n${"9".repeat(10 * 1024 * 1024)}\n`))).toEqual({
      x: Number.POSITIVE_INFINITY,
    });
  });

  it("returns nothing for an empty file or a header alone", () => {
    expect(read("")).toEqual([]);
    expect(read("epoch,loss\n")).toEqual([]);
  });
});
