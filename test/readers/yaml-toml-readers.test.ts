import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { tomlReader } from "../../src/evidence/readers/toml-reader.js";
import { yamlReader } from "../../src/evidence/readers/yaml-reader.js";
import { readFixture, valuesOf } from "../helpers/metric-fixture.js";

const yaml = (text: string) => yamlReader.read(Buffer.from(text), "metrics.yaml");
const toml = (text: string) => tomlReader.read(Buffer.from(text), "metrics.toml");

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).toUserMessage();
  }
  throw new Error("expected an InputError");
}

describe("yamlReader", () => {
  it("flattens the fixture; strings, booleans and timestamps are skipped", () => {
    expect(valuesOf(yamlReader.read(readFixture("yaml", "metrics.yaml"), "metrics.yaml"))).toEqual({
      "eval.accuracy": 0.9104,
      "eval.loss": 0.2781,
      "eval.auc_per_seed": [0.951, 0.948, 0.955],
      "train.loss": 0.2153,
    });
  });

  it("keeps .nan and .inf as values", () => {
    expect(yaml("eval:\n  loss: .nan\n")[0]?.value).toBeNaN();
    expect(yaml("a: [1, -.inf]\n")[0]?.value).toEqual([1, Number.NEGATIVE_INFINITY]);
  });

  it("reports syntax errors with the line", () => {
    expect(messageOf(() => yaml("a: 1\nb: [1, 2\nc: 3\n"))).toMatch(
      /^metrics\.yaml: is not valid YAML: .* at line \d+, column \d+$/,
    );
    expect(messageOf(() => yaml("a: 1\na: 2\n"))).toMatch(
      /not valid YAML: Map keys must be unique at line 2/,
    );
  });

  it("stops an alias bomb", () => {
    const bomb = [
      "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
      "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f]",
    ].join("\n");
    expect(messageOf(() => yaml(bomb))).toMatch(/not valid YAML/);
  });

  it("turns 10,000-deep flow nesting into an InputError, not a stack overflow", () => {
    expect(messageOf(() => yaml(`a: ${"[".repeat(10_000)}${"]".repeat(10_000)}`))).toMatch(
      /not valid YAML/,
    );
  });

  it("refuses __proto__ keys without polluting Object.prototype", () => {
    expect(messageOf(() => yaml("__proto__:\n  polluted: 1\n"))).toMatch(
      /reserved JavaScript name/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects an empty document and a scalar document", () => {
    expect(messageOf(() => yaml("# nothing\n"))).toMatch(/is empty/);
    expect(messageOf(() => yaml("0.9\n"))).toMatch(/mapping of metric names/);
  });
});

describe("tomlReader", () => {
  it("flattens the fixture; dates and strings are skipped, inline tables flattened", () => {
    expect(valuesOf(tomlReader.read(readFixture("toml", "metrics.toml"), "metrics.toml"))).toEqual({
      "eval.accuracy": 0.9104,
      "eval.loss": 0.2781,
      "eval.count": 1000,
      "eval.per_class.cat.f1": 0.93,
      "eval.per_class.dog.f1": 0.88,
      "train.loss": 0.2153,
      "train.seeds": [0.91, 0.92],
    });
  });

  it("keeps nan and inf as values", () => {
    expect(toml("[eval]\nloss = nan\n")[0]?.value).toBeNaN();
    expect(toml("x = -inf\n")[0]?.value).toBe(Number.NEGATIVE_INFINITY);
  });

  it("reports syntax errors with line and column and no code frame", () => {
    const message = messageOf(() => toml("a = 1\nb = = 2\n"));
    expect(message).toMatch(/^metrics\.toml: is not valid TOML: .* at line 2, column \d+$/);
    expect(message).not.toContain("\n");
  });

  it("refuses a [__proto__] table", () => {
    expect(messageOf(() => toml("[__proto__]\npolluted = 1\n"))).toMatch(
      /reserved JavaScript name/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
