import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { jsonReader } from "../../src/evidence/readers/json-reader.js";
import { readFixture, valuesOf } from "../helpers/metric-fixture.js";

const read = (text: string | Buffer, path = "metrics.json") =>
  jsonReader.read(typeof text === "string" ? Buffer.from(text) : text, path);

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }
  throw new Error("expected an InputError");
}

describe("jsonReader (DVC-style nested JSON)", () => {
  it("flattens the fixture to dotted keys, keeps per-seed arrays, skips non-numbers", () => {
    const metrics = read(readFixture("json", "metrics.json"), "json/metrics.json");
    expect(valuesOf(metrics)).toEqual({
      "train.loss": 0.2153,
      "train.accuracy": 0.9312,
      "eval.loss": 0.2781,
      "eval.accuracy": 0.9104,
      "eval.per_class.cat.f1": 0.93,
      "eval.per_class.dog.f1": 0.88,
      accuracy_per_seed: [0.912, 0.905, 0.917],
      "latency_ms.p50": 12,
      "latency_ms.p95": 31.5,
    });
    expect(metrics.every((m) => m.file === "json/metrics.json")).toBe(true);
  });

  it("skips numbers written as strings and booleans", () => {
    expect(valuesOf(read('{"a": "0.91", "b": true, "c": 1}'))).toEqual({ c: 1 });
  });

  it("reads Python's NaN / Infinity tokens as values (json.dump writes them)", () => {
    expect(valuesOf(read('{"eval": {"loss": NaN, "acc": 0.9}}'))).toEqual({
      "eval.loss": Number.NaN,
      "eval.acc": 0.9,
    });
    expect(valuesOf(read('{"a": Infinity}'))).toEqual({ a: Number.POSITIVE_INFINITY });
    expect(valuesOf(read('{"a": [1, -Infinity]}'))).toEqual({ a: [1, Number.NEGATIVE_INFINITY] });
  });

  it("does not mistake NaN inside a string for a token", () => {
    expect(valuesOf(read('{"note": "NaN here", "x": 2}'))).toEqual({ x: 2 });
  });

  it("reads 1e400 as Infinity", () => {
    expect(valuesOf(read('{"big": 1e400}'))).toEqual({ big: Number.POSITIVE_INFINITY });
  });

  it("reports syntax errors with line and column, not V8's message", () => {
    const error = errorOf(() => read('{\n  "a": 1,\n  "b": 2,\n}'));
    expect(error.where).toBe("metrics.json");
    expect(error.message).toBe(
      'is not valid JSON: expected a double-quoted key but found "}" at line 4, column 1',
    );
    expect(errorOf(() => read('{"a": 1')).message).toMatch(/unexpected end of file at line 1/);
    expect(errorOf(() => read('{"a": NaN,,}')).message).toMatch(/line 1, column 11/);
  });

  it("rejects an empty file and a top level that is not a mapping", () => {
    expect(errorOf(() => read("  \n")).message).toMatch(/is empty/);
    expect(errorOf(() => read("[1, 2]")).message).toMatch(/not a list/);
    expect(errorOf(() => read("0.93")).message).toMatch(/not a number/);
  });

  it("strips a UTF-8 BOM", () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"acc": 0.5}')]);
    expect(valuesOf(read(withBom))).toEqual({ acc: 0.5 });
  });

  it("rejects invalid UTF-8", () => {
    const bad = Buffer.concat([
      Buffer.from('{"a'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('": 1}'),
    ]);
    expect(errorOf(() => read(bad)).message).toMatch(/not valid UTF-8/);
  });

  it("refuses __proto__, constructor and prototype keys without polluting anything", () => {
    for (const text of [
      '{"__proto__": {"polluted": 1}}',
      '{"a": {"constructor": {"prototype": {"polluted": 1}}}}',
      '{"prototype": "x"}',
      '{"constructor.x": 1}',
    ]) {
      expect(errorOf(() => read(text)).message).toMatch(/reserved JavaScript name/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("caps nesting at 64 levels, even for 10,000-deep input", () => {
    const deep = `${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`;
    expect(errorOf(() => read(deep)).message).toMatch(/nests deeper than 64 levels/);
    const ok = `${'{"a":'.repeat(64)}1${"}".repeat(64)}`;
    expect(read(ok)[0]?.name).toBe(Array(64).fill("a").join("."));
  });

  it("skips deeply nested arrays without recursing", () => {
    const deep = `{"x": ${"[".repeat(10_000)}${"]".repeat(10_000)}, "y": 1}`;
    expect(valuesOf(read(deep))).toEqual({ y: 1 });
  });

  it("keeps the later of two keys that flatten to one name (the caller warns)", () => {
    const metrics = read('{"a.b": 1, "a": {"b": 2}}');
    expect(metrics.map((m) => [m.name, m.value])).toEqual([
      ["a.b", 1],
      ["a.b", 2],
    ]);
  });

  it("rejects a metric name over 1000 characters", () => {
    expect(errorOf(() => read(`{"${"x".repeat(1001)}": 1}`)).message).toMatch(/1001 characters/);
  });
});
