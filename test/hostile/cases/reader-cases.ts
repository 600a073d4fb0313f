import { expect } from "vitest";
import { defaultConfig } from "../../../src/core/config/parse-config.js";
import type { MetricFormat } from "../../../src/core/config/schema.js";
import type { Metric } from "../../../src/core/types.js";
import type { FileSource } from "../../../src/evidence/file-source.js";
import { readMetrics } from "../../../src/evidence/read-metrics.js";
import { maskedCrc32c } from "../../../src/evidence/readers/crc32c.js";
import { readers } from "../../../src/evidence/readers/registry.js";
import { openZipSource } from "../../../src/evidence/zip-source.js";
import {
  fBytes,
  fFloat,
  fVarint,
  record,
} from "../../fixtures/metrics/tensorboard/make-tfevents.js";
import { makeZip } from "../../helpers/make-zip.js";
import { type HostileCase, hostileCase, InputError } from "../harness.js";

const MIB = 1024 * 1024;

/** The path each format is read under (what names its errors). */
const PATHS: Record<MetricFormat, string> = {
  json: "eval/metrics.json",
  yaml: "eval/metrics.yaml",
  toml: "eval/metrics.toml",
  mlflow: "mlruns/1/run/metrics/accuracy",
  wandb: "files/wandb-summary.json",
  huggingface: "out/all_results.json",
  csv: "logs/metrics.csv",
  sklearn: "eval/classification_report.json",
  tensorboard: "logs/events.out.tfevents.1",
  "lm-eval": "eval/results_2024-06-17T12-20-26.826621.json",
  promptfoo: "eval/promptfoo/results.json",
  deepeval: "eval/.deepeval/.latest_run_full.json",
};

/**
 * Reads through one reader and checks Object.prototype afterwards: pollution turns into a
 * crash whatever the reader returned.
 */
const read =
  (format: MetricFormat, content: string | Buffer, path = PATHS[format]) =>
  (): Metric[] => {
    try {
      return readers[format].read(
        typeof content === "string" ? Buffer.from(content) : content,
        path,
      );
    } finally {
      const proto = Object.prototype as Record<string, unknown>;
      if ("polluted" in proto || ({} as Record<string, unknown>).polluted !== undefined) {
        delete proto.polluted;
        // biome-ignore lint/correctness/noUnsafeFinally: pollution must fail the case whatever happened.
        throw new Error("Object.prototype was polluted");
      }
    }
  };

const rejects = (format: MetricFormat, message?: RegExp, path = PATHS[format]) =>
  ({ error: InputError, where: path, message }) as const;

const gives = (expected: Record<string, number | number[]>) => ({
  result: (metrics: unknown) => {
    const list = metrics as Metric[];
    expect(Object.fromEntries(list.map((m) => [m.name, m.value]))).toEqual(expected);
    for (const m of list) {
      const values = typeof m.value === "number" ? [m.value] : m.value;
      // NaN and ±Infinity are values tools write; the review shows them as not a number.
      for (const v of values) expect(typeof v).toBe("number");
    }
  },
});

const deepObject = (depth: number, leaf = "1") =>
  `${'{"a":'.repeat(depth)}${leaf}${"}".repeat(depth)}`;
const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : Buffer.from(p))));

const JSON_FORMATS = ["json", "wandb", "huggingface"] as const;

const jsonCases: HostileCase<unknown>[] = [
  // Prototype pollution, in every JSON reader.
  ...JSON_FORMATS.flatMap((format) => [
    hostileCase({
      input: `${format}: {"__proto__": {"polluted": 1}}`,
      run: read(format, '{"__proto__": {"polluted": 1}, "acc": 0.9}'),
      expect: rejects(format, /reserved JavaScript name/),
    }),
    hostileCase({
      input: `${format}: {"constructor": {"prototype": {"polluted": 1}}}`,
      run: read(format, '{"constructor": {"prototype": {"polluted": 1}}}'),
      expect: rejects(format, /reserved JavaScript name/),
    }),
  ]),
  hostileCase({
    input: "json: __proto__ nested under a metric group",
    run: read("json", '{"eval": {"__proto__": {"polluted": 1}}}'),
    expect: rejects("json", /"__proto__"/),
  }),
  hostileCase({
    input: "json: prototype key",
    run: read("json", '{"prototype": 0.5}'),
    expect: rejects("json", /reserved/),
  }),
  hostileCase({
    input: "json: __proto__ hidden in a dotted key",
    run: read("json", '{"a.__proto__.polluted": 1}'),
    expect: rejects("json", /reserved/),
  }),
  hostileCase({
    input: "json: constructor hidden in a slashed key",
    run: read("json", '{"val/constructor": 1}'),
    expect: rejects("json", /reserved/),
  }),
  hostileCase({
    input: "json: __proto__ with a string value (skippable) is still refused",
    run: read("json", '{"__proto__": "x", "acc": 0.9}'),
    expect: rejects("json", /reserved/),
  }),
  hostileCase({
    input: "json: __proto__ written with a unicode escape",
    run: read("json", '{"\\u005f_proto__": {"polluted": 1}}'),
    expect: rejects("json", /reserved/),
  }),
  hostileCase({
    input: "huggingface: trainer_state log_history entry with __proto__ number",
    run: read(
      "huggingface",
      '{"log_history": [{"__proto__": 1, "loss": 0.2}]}',
      "out/trainer_state.json",
    ),
    expect: rejects("huggingface", /reserved/, "out/trainer_state.json"),
  }),
  hostileCase({
    input:
      "huggingface: trainer_state log_history entry with __proto__ object (not a number, skipped)",
    run: read(
      "huggingface",
      '{"log_history": [{"__proto__": {"polluted": 1}, "loss": 0.2}]}',
      "out/trainer_state.json",
    ),
    expect: gives({ loss: 0.2 }),
  }),
  hostileCase({
    input: "sklearn: __proto__ row in a classification report",
    run: read(
      "sklearn",
      '{"__proto__": {"precision": 1}, "macro avg": {"precision": 0.5, "recall": 0.5, "f1-score": 0.5, "support": 2}}',
    ),
    expect: rejects("sklearn"),
  }),
  // Nesting.
  hostileCase({
    input: "json: 10,000-deep objects",
    run: read("json", deepObject(10_000)),
    expect: rejects("json", /nests deeper than 64 levels/),
  }),
  hostileCase({
    input: "json: 1,000,000-deep objects",
    run: read("json", deepObject(1_000_000)),
    expect: rejects("json", /nests deeper than 64 levels/),
  }),
  hostileCase({
    input: "json: 64-deep objects (the limit) are read",
    run: read("json", deepObject(64, "0.5")),
    expect: gives({ [Array(64).fill("a").join(".")]: 0.5 }),
  }),
  hostileCase({
    input: "json: 65-deep objects",
    run: read("json", deepObject(65)),
    expect: rejects("json", /nests deeper/),
  }),
  hostileCase({
    input: "json: 10,000-deep arrays at the top",
    run: read("json", `${"[".repeat(10_000)}${"]".repeat(10_000)}`),
    expect: rejects("json", /mapping .* at the top level, not a list/),
  }),
  hostileCase({
    input: "json: 10,000-deep arrays as a value (not a metric)",
    run: read("json", `{"a": ${"[".repeat(10_000)}${"]".repeat(10_000)}, "b": 1}`),
    expect: gives({ b: 1 }),
  }),
  hostileCase({
    input: "json: 1,000,000 unclosed braces",
    run: read("json", '{"a":'.repeat(1_000_000)),
    expect: rejects("json", /not valid JSON: unexpected end of file/),
  }),
  hostileCase({
    input: "wandb: 10,000-deep objects",
    run: read("wandb", deepObject(10_000)),
    expect: rejects("wandb", /nests deeper/),
  }),
  // Numbers that are not numbers.
  hostileCase({
    input: "json: 1e400",
    run: read("json", '{"accuracy": 1e400}'),
    expect: gives({ accuracy: Number.POSITIVE_INFINITY }),
  }),
  hostileCase({
    input: "json: -1e400",
    run: read("json", '{"loss": -1e400}'),
    expect: gives({ loss: Number.NEGATIVE_INFINITY }),
  }),
  hostileCase({
    input: "json: 1e-400 underflows to 0",
    run: read("json", '{"loss": 1e-400}'),
    expect: gives({ loss: 0 }),
  }),
  hostileCase({
    input: "json: 1e400 inside a per-seed list",
    run: read("json", '{"accuracy": [0.9, 1e400]}'),
    expect: gives({ accuracy: [0.9, Number.POSITIVE_INFINITY] }),
  }),
  hostileCase({
    input: "json: bare NaN (Python json.dump)",
    run: read("json", '{"eval": {"loss": NaN}}'),
    expect: gives({ "eval.loss": Number.NaN }),
  }),
  hostileCase({
    input: "json: bare Infinity and -Infinity",
    run: read("json", '{"a": Infinity, "b": -Infinity}'),
    expect: gives({ a: Number.POSITIVE_INFINITY, b: Number.NEGATIVE_INFINITY }),
  }),
  hostileCase({
    input: "json: NaN inside a list",
    run: read("json", '{"acc": [0.9, NaN, 0.8]}'),
    expect: gives({ acc: [0.9, Number.NaN, 0.8] }),
  }),
  hostileCase({
    input: "wandb: NaN summary value",
    run: read("wandb", '{"val/loss": NaN, "_step": 3}'),
    expect: gives({ "val/loss": Number.NaN }),
  }),
  hostileCase({
    input: "huggingface: NaN loss early in log_history, finite last",
    run: read(
      "huggingface",
      '{"log_history": [{"loss": NaN, "step": 1}, {"loss": 0.3, "step": 2}]}',
      "out/trainer_state.json",
    ),
    expect: gives({ loss: 0.3 }),
  }),
  hostileCase({
    input: "huggingface: NaN loss last in log_history",
    run: read(
      "huggingface",
      '{"log_history": [{"loss": 0.3}, {"loss": NaN}]}',
      "out/trainer_state.json",
    ),
    expect: gives({ loss: Number.NaN }),
  }),
  hostileCase({
    input: "json: the NaN sentinel spelled in the file next to a real NaN",
    run: read("json", '{"a": "\\u0000mlgate-non-finite:NaN", "b": NaN}'),
    // The spelt sentinel is revived as NaN too: a value, never a crash or a string metric.
    expect: gives({ a: Number.NaN, b: Number.NaN }),
  }),
  hostileCase({
    input: "json: NaN and Infinity as strings are text, not metrics",
    run: read("json", '{"a": "NaN", "b": "Infinity", "c": 1}'),
    expect: gives({ c: 1 }),
  }),
  hostileCase({
    input: "json: numbers as strings are skipped",
    run: read("json", '{"accuracy": "0.91", "f1": "1e3", "loss": 0.2}'),
    expect: gives({ loss: 0.2 }),
  }),
  hostileCase({
    input: "json: hex number",
    run: read("json", '{"a": 0x10}'),
    expect: rejects("json", /not valid JSON/),
  }),
  hostileCase({
    input: "json: leading plus",
    run: read("json", '{"a": +1}'),
    expect: rejects("json", /not valid JSON/),
  }),
  hostileCase({
    input: "json: 30-digit integer",
    run: read("json", '{"a": 123456789012345678901234567890}'),
    expect: gives({ a: 1.2345678901234568e29 }),
  }),
  hostileCase({
    input: "json: booleans, nulls and empty lists are not metrics",
    run: read("json", '{"a": true, "b": null, "c": [], "d": [1, "x"], "e": 2}'),
    expect: gives({ e: 2 }),
  }),
  hostileCase({
    input: "json: 100,000 seeds in one metric",
    run: read(
      "json",
      JSON.stringify({ acc: Array.from({ length: 100_000 }, (_, i) => (i % 10) / 10) }),
    ),
    expect: {
      result: (metrics: unknown) => {
        const [m] = metrics as Metric[];
        expect(m?.name).toBe("acc");
        expect(Array.isArray(m?.value) ? m.value.length : 0).toBe(100_000);
      },
    },
  }),
  // Encodings.
  hostileCase({
    input: "json: UTF-8 BOM",
    run: read("json", '\ufeff{"accuracy": 0.9}'),
    expect: gives({ accuracy: 0.9 }),
  }),
  hostileCase({
    input: "wandb: UTF-8 BOM",
    run: read("wandb", '\ufeff{"acc": 0.9, "_runtime": 3}'),
    expect: gives({ acc: 0.9 }),
  }),
  hostileCase({
    input: "json: two BOMs",
    run: read("json", '\ufeff\ufeff{"accuracy": 0.9}'),
    expect: rejects("json", /not valid JSON/),
  }),
  hostileCase({
    input: "json: UTF-16LE with BOM",
    run: read(
      "json",
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a": 1}', "utf16le")]),
    ),
    expect: rejects("json", /not valid UTF-8/),
  }),
  hostileCase({
    input: "json: UTF-16BE with BOM",
    run: read(
      "json",
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('{"a": 1}', "utf16le").swap16()]),
    ),
    expect: rejects("json", /not valid UTF-8/),
  }),
  ...(
    [
      ["lone continuation byte", [0x80]],
      ["overlong slash", [0xc0, 0xaf]],
      ["encoded surrogate", [0xed, 0xa0, 0x80]],
      ["0xFF byte", [0xff]],
      ["Latin-1 é", [0xe9]],
      ["code point past U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ] as const
  ).map(([label, seq]) =>
    hostileCase({
      input: `json: invalid UTF-8 in a key (${label})`,
      run: read("json", bytes('{"acc', [...seq], '": 1}')),
      expect: rejects("json", /not valid UTF-8/),
    }),
  ),
  hostileCase({
    input: "json: a sequence cut at the end of the file",
    run: read("json", bytes('{"acc": 1}', [0xe2, 0x82])),
    expect: rejects("json", /not valid UTF-8/),
  }),
  hostileCase({
    input: "json: an escaped lone surrogate in a key is kept (rendered safely later)",
    run: read("json", '{"a\\ud800": 1}'),
    expect: gives({ "a\ud800": 1 }),
  }),
  hostileCase({
    input: "json: NUL in a key is kept (rendered safely later)",
    run: read("json", '{"a\\u0000b": 1}'),
    expect: gives({ "a\u0000b": 1 }),
  }),
  // Shapes.
  hostileCase({
    input: "json: duplicate keys, the last wins",
    run: read("json", '{"a": 1, "a": 2}'),
    expect: gives({ a: 2 }),
  }),
  hostileCase({
    input: "json: empty file",
    run: read("json", ""),
    expect: rejects("json", /empty/),
  }),
  hostileCase({
    input: "json: whitespace only",
    run: read("json", " \n\t\r\n"),
    expect: rejects("json", /empty/),
  }),
  ...(["null", "42", '"text"', "true", "[1, 2]"] as const).map((top) =>
    hostileCase({
      input: `json: top level ${top}`,
      run: read("json", top),
      expect: rejects("json", /at the top level/),
    }),
  ),
  hostileCase({
    input: "json: comments",
    run: read("json", '{\n  // best run\n  "a": 1\n}'),
    expect: rejects("json", /not valid JSON: .* at line 2/),
  }),
  hostileCase({
    input: "json: trailing comma",
    run: read("json", '{"a": 1,}'),
    expect: rejects("json", /not valid JSON/),
  }),
  hostileCase({
    input: "json: 100,001 metrics in one file",
    run: read(
      "json",
      JSON.stringify(Object.fromEntries(Array.from({ length: 100_001 }, (_, i) => [`m${i}`, i]))),
    ),
    expect: rejects("json", /more than 100000 metrics/),
  }),
  hostileCase({
    input: "json: a 1 MB metric name (the message stays short)",
    run: read("json", `{"${"n".repeat(MIB)}": 1}`),
    expect: rejects("json", /1048576 characters long/),
  }),
  hostileCase({
    input: "json: a 10 MB string value",
    run: read("json", `{"note": "${"x".repeat(10 * MIB)}", "acc": 0.5}`),
    expect: gives({ acc: 0.5 }),
  }),
  hostileCase({
    input: "json: an empty key",
    run: read("json", '{"": 1}'),
    expect: rejects("json", /empty name/),
  }),
  hostileCase({
    input: "json: a 10,000-character syntax error line",
    run: read("json", `{"a": ${"1".repeat(10_000)}x}`),
    expect: rejects("json", /not valid JSON/),
  }),
  hostileCase({
    input: "huggingface: log_history that is not a list",
    run: read("huggingface", '{"log_history": {"loss": 1}}', "out/trainer_state.json"),
    expect: rejects("huggingface", /not a list/, "out/trainer_state.json"),
  }),
  hostileCase({
    input: "huggingface: trainer_state.json without log_history",
    run: read("huggingface", '{"best_metric": 0.9}', "out/trainer_state.json"),
    expect: rejects("huggingface", /log_history/, "out/trainer_state.json"),
  }),
  hostileCase({
    input: "huggingface: a 1 MB key in log_history",
    run: read(
      "huggingface",
      `{"log_history": [{"${"k".repeat(MIB)}": 1}]}`,
      "out/trainer_state.json",
    ),
    expect: rejects("huggingface", /characters long/, "out/trainer_state.json"),
  }),
  hostileCase({
    input: "wandb: media reference with a traversal path is skipped",
    run: read("wandb", '{"img": {"_type": "image-file", "path": "../../../etc/passwd"}, "acc": 1}'),
    expect: gives({ acc: 1 }),
  }),
  hostileCase({
    input: "sklearn: NaN precision",
    run: read(
      "sklearn",
      '{"0": {"precision": NaN, "recall": 1, "f1-score": 1, "support": 1}, "accuracy": 1, "macro avg": {"precision": 1, "recall": 1, "f1-score": 1, "support": 1}}',
    ),
    expect: gives({
      "0.precision": Number.NaN,
      "0.recall": 1,
      "0.f1-score": 1,
      "0.support": 1,
      accuracy: 1,
      "macro avg.precision": 1,
      "macro avg.recall": 1,
      "macro avg.f1-score": 1,
      "macro avg.support": 1,
    }),
  }),
  hostileCase({
    input: "sklearn: any JSON forced into the sklearn format",
    run: read("sklearn", '{"accuracy": "high", "note": {"x": 1}}'),
    expect: rejects("sklearn", /classification_report/),
  }),
];

const BILLION_LAUGHS = [
  "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]",
  ..."bcdefgh"
    .split("")
    .map((c, i) => `${c}: &${c} [${Array(9).fill(`*${"abcdefgh"[i]}`).join(", ")}]`),
].join("\n");

const yamlCases: HostileCase<unknown>[] = [
  hostileCase({
    input: "yaml: billion laughs alias bomb",
    run: read("yaml", BILLION_LAUGHS),
    expect: rejects("yaml", /alias|resource exhaustion/i),
  }),
  hostileCase({
    input: "yaml: 101 aliases of one anchor (over the alias cap)",
    run: read("yaml", `x: &x 1\n${Array.from({ length: 101 }, (_, i) => `k${i}: *x`).join("\n")}`),
    expect: rejects("yaml", /alias|resource/i),
  }),
  hostileCase({
    input: "yaml: 50 aliases of one anchor (under the cap) are read",
    run: read("yaml", `x: &x 1\n${Array.from({ length: 50 }, (_, i) => `k${i}: *x`).join("\n")}`),
    expect: {
      result: (metrics: unknown) => expect((metrics as Metric[]).length).toBe(51),
    },
  }),
  hostileCase({
    input: "yaml: a self-referencing alias (a cycle, not a metric)",
    run: read("yaml", "a: &a [*a]\nb: 1\n"),
    expect: gives({ b: 1 }),
  }),
  hostileCase({
    input: "yaml: an alias to an undefined anchor",
    run: read("yaml", "a: *nowhere\n"),
    expect: rejects("yaml", /not valid YAML/),
  }),
  hostileCase({
    input: "yaml: !!python/object/apply tag is inert text",
    run: read("yaml", 'pwn: !!python/object/apply:os.system ["rm -rf /"]\nacc: 0.9\n'),
    expect: gives({ acc: 0.9 }),
  }),
  hostileCase({
    input: "yaml: !!js/function tag is inert text",
    run: read("yaml", 'pwn: !!js/function "function(){return process.exit(1)}"\nacc: 0.9\n'),
    expect: gives({ acc: 0.9 }),
  }),
  hostileCase({
    input: "yaml: verbatim unknown tag on a number is not a metric",
    run: read("yaml", "pwn: !<tag:yaml.org,2002:python/object> 1\nacc: 0.9\n"),
    expect: gives({ acc: 0.9 }),
  }),
  hostileCase({
    input: "yaml: !!binary is not a metric",
    run: read("yaml", "blob: !!binary aGVsbG8=\nacc: 0.9\n"),
    expect: gives({ acc: 0.9 }),
  }),
  hostileCase({
    input: "yaml: __proto__ key",
    run: read("yaml", "__proto__:\n  polluted: 1\n"),
    expect: rejects("yaml", /reserved/),
  }),
  hostileCase({
    input: "yaml: __proto__ brought in by a merge key",
    run: read("yaml", "base: &b\n  __proto__: { polluted: 1 }\nx:\n  <<: *b\n"),
    expect: rejects("yaml", /reserved/),
  }),
  hostileCase({
    input: "yaml: constructor.prototype",
    run: read("yaml", "constructor:\n  prototype:\n    polluted: 1\n"),
    expect: rejects("yaml", /reserved/),
  }),
  ...([".nan", ".NaN", ".inf", "-.inf", "1e400"] as const).map((value) =>
    hostileCase({
      input: `yaml: ${value}`,
      run: read("yaml", `eval:\n  loss: ${value}\n`),
      expect: gives({
        "eval.loss":
          value.includes("nan") || value.includes("NaN")
            ? Number.NaN
            : value.startsWith("-")
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY,
      }),
    }),
  ),
  hostileCase({
    input: "yaml: quoted numbers are text",
    run: read("yaml", "a: '0.9'\nb: \"1\"\nc: 2\n"),
    expect: gives({ c: 2 }),
  }),
  hostileCase({
    input: "yaml: 10,000-deep flow sequences",
    run: read("yaml", `a: ${"[".repeat(10_000)}${"]".repeat(10_000)}`),
    expect: rejects("yaml", /nests too deeply|not valid YAML/),
  }),
  hostileCase({
    input: "yaml: 10,000-deep flow mappings",
    run: read("yaml", `a: ${"{b: ".repeat(10_000)}1${"}".repeat(10_000)}`),
    expect: rejects("yaml", /nests too deeply|not valid YAML/),
  }),
  hostileCase({
    input: "yaml: 1,000-deep block mappings",
    run: read(
      "yaml",
      `${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n")} 1`,
    ),
    expect: rejects("yaml", /nests/),
  }),
  hostileCase({
    input: "yaml: duplicate keys",
    run: read("yaml", "acc: 0.9\nacc: 0.1\n"),
    expect: rejects("yaml", /not valid YAML/),
  }),
  hostileCase({
    input: "yaml: two documents",
    run: read("yaml", "acc: 0.9\n---\nacc: 0.1\n"),
    expect: rejects("yaml", /not valid YAML/),
  }),
  hostileCase({
    input: "yaml: tab indentation",
    run: read("yaml", "eval:\n\tacc: 0.9\n"),
    expect: rejects("yaml", /not valid YAML/),
  }),
  hostileCase({
    input: "yaml: a null key",
    run: read("yaml", "~: 1\n"),
    expect: rejects("yaml", /empty name/),
  }),
  hostileCase({
    input: "yaml: a sequence as a key becomes inert text",
    run: read("yaml", "? [a, b]\n: 1\n"),
    expect: gives({ "[ a, b ]": 1 }),
  }),
  hostileCase({
    input: "yaml: empty file",
    run: read("yaml", ""),
    expect: rejects("yaml", /empty/),
  }),
  hostileCase({
    input: "yaml: a top-level list",
    run: read("yaml", "- 1\n- 2\n"),
    expect: rejects("yaml", /top level/),
  }),
  hostileCase({
    input: "yaml: BOM",
    run: read("yaml", "\ufeffacc: 0.9\n"),
    expect: gives({ acc: 0.9 }),
  }),
  hostileCase({
    input: "yaml: invalid UTF-8",
    run: read("yaml", bytes("acc", [0xff], ": 1\n")),
    expect: rejects("yaml", /UTF-8/),
  }),
  hostileCase({
    input: "yaml: a 1 MB key",
    run: read("yaml", `${"k".repeat(MIB)}: 1\n`),
    expect: rejects("yaml", /characters long|not valid YAML/),
  }),
  hostileCase({
    input: "yaml: dates and timestamps are not metrics",
    run: read("yaml", "day: 2001-12-14\nat: 2001-12-14t21:59:43.10-05:00\nacc: 1\n"),
    expect: gives({ acc: 1 }),
  }),
];

const tomlCases: HostileCase<unknown>[] = [
  hostileCase({
    input: "toml: quoted __proto__ key",
    run: read("toml", '"__proto__" = 1\n'),
    expect: rejects("toml", /reserved/),
  }),
  hostileCase({
    input: "toml: [__proto__] table",
    run: read("toml", "[__proto__]\npolluted = 1\n"),
    expect: rejects("toml", /reserved/),
  }),
  hostileCase({
    input: "toml: [a.constructor.prototype] table",
    run: read("toml", "[a.constructor.prototype]\npolluted = 1\n"),
    expect: rejects("toml", /reserved/),
  }),
  ...(["nan", "+inf", "-inf"] as const).map((value) =>
    hostileCase({
      input: `toml: ${value}`,
      run: read("toml", `[eval]\nloss = ${value}\n`),
      expect: gives({
        "eval.loss":
          value === "nan"
            ? Number.NaN
            : value.startsWith("-")
              ? Number.NEGATIVE_INFINITY
              : Number.POSITIVE_INFINITY,
      }),
    }),
  ),
  hostileCase({
    input: "toml: 1e400",
    run: read("toml", "loss = 1e400\n"),
    expect: gives({ loss: Number.POSITIVE_INFINITY }),
  }),
  hostileCase({
    input: "toml: 10,000-deep inline tables",
    run: read("toml", `a = ${"{b = ".repeat(10_000)}1${"}".repeat(10_000)}`),
    expect: rejects("toml", /not valid TOML/),
  }),
  hostileCase({
    input: "toml: 10,000-deep arrays",
    run: read("toml", `a = ${"[".repeat(10_000)}${"]".repeat(10_000)}`),
    expect: rejects("toml", /not valid TOML/),
  }),
  hostileCase({
    input: "toml: integer past 2^64",
    run: read("toml", "steps = 99999999999999999999\n"),
    expect: rejects("toml", /not valid TOML/),
  }),
  hostileCase({
    input: "toml: duplicate keys",
    run: read("toml", "a = 1\na = 2\n"),
    expect: rejects("toml", /not valid TOML/),
  }),
  hostileCase({
    input: "toml: dates and strings are not metrics",
    run: read("toml", 'at = 1979-05-27T07:32:00Z\nname = "x"\nacc = 0.5\n'),
    expect: gives({ acc: 0.5 }),
  }),
  hostileCase({
    input: "toml: invalid UTF-8",
    run: read("toml", bytes("a", [0xc0, 0xaf], " = 1\n")),
    expect: rejects("toml", /UTF-8/),
  }),
  hostileCase({
    input: "toml: BOM",
    run: read("toml", "\ufeffacc = 0.5\n"),
    expect: gives({ acc: 0.5 }),
  }),
];

const csvCases: HostileCase<unknown>[] = [
  hostileCase({
    input: "csv: a row with more cells than the header",
    run: read("csv", "epoch,acc\n0,0.5\n1,0.6,0.7\n"),
    expect: rejects("csv", /line 3 has 3 cells but the header has 2/),
  }),
  hostileCase({
    input: "csv: a row with fewer cells than the header",
    run: read("csv", "epoch,acc,loss\n0,0.5\n"),
    expect: rejects("csv", /line 2 has 2 cells but the header has 3/),
  }),
  hostileCase({
    input: "csv: a 10 MB header name with a number under it",
    run: read("csv", `${"h".repeat(10 * MIB)}\n1\n`),
    expect: rejects("csv", /characters long/),
  }),
  hostileCase({
    input: "csv: a 10 MB cell of text",
    run: read("csv", `note,acc\n${"x".repeat(10 * MIB)},0.5\n`),
    expect: gives({ acc: 0.5 }),
  }),
  hostileCase({
    input: "csv: 100,001 columns (a metric each), through readMetrics",
    run: async () => {
      const head = Array.from({ length: 100_001 }, (_, i) => `m${i}`).join(",");
      const row = Array(100_001).fill("1").join(",");
      return metricsIn([{ name: "metrics.csv", data: `${head}\n${row}\n` }]);
    },
    expect: { error: InputError, where: "metrics.csv", message: /more than 100000 metrics/ },
    timeout: 60_000,
  }),
  hostileCase({
    input: "csv: a 10 MB unterminated quoted field",
    run: read("csv", `acc\n"${"x".repeat(10 * MIB)}\n`),
    expect: rejects("csv", /quoted field starting on line 2 that never ends/),
  }),
  hostileCase({
    input: "csv: a formula cell is text, not a value",
    run: read("csv", "epoch,acc\n0,=cmd|' /C calc'!A0\n"),
    expect: gives({}),
  }),
  hostileCase({
    input: "csv: formula cells =1+1, -2+3 and @SUM(A1) are text",
    run: read("csv", "a,b,c,d\n=1+1,-2+3,@SUM(A1),0.5\n"),
    expect: gives({ d: 0.5 }),
  }),
  hostileCase({
    input: "csv: a formula as a column name is kept as a name (rendered inert later)",
    run: read("csv", '"=HYPERLINK(""https://evil.example"")",acc\n1,0.5\n'),
    expect: gives({ '=HYPERLINK("https://evil.example")': 1, acc: 0.5 }),
  }),
  hostileCase({
    input: "csv: a duplicate column",
    run: read("csv", "acc,acc\n0.1,0.9\n"),
    expect: rejects("csv", /"acc" twice/),
  }),
  hostileCase({
    input: "csv: an empty column name over numbers (pandas' index) is skipped",
    run: read("csv", ",acc\n1,0.9\n"),
    expect: gives({ acc: 0.9 }),
  }),
  hostileCase({
    input: "csv: __proto__ column",
    run: read("csv", "__proto__,acc\n1,0.9\n"),
    expect: rejects("csv", /reserved/),
  }),
  hostileCase({
    input: "csv: constructor.prototype column",
    run: read("csv", "constructor.prototype\n1\n"),
    expect: rejects("csv", /reserved/),
  }),
  ...(["nan", "inf", "-inf", "1e400", "NaN"] as const).map((value) =>
    hostileCase({
      input: `csv: last value ${value}`,
      run: read("csv", `epoch,val_loss\n0,0.5\n1,${value}\n`),
      expect: gives({
        val_loss: /nan/i.test(value)
          ? Number.NaN
          : value.startsWith("-")
            ? Number.NEGATIVE_INFINITY
            : Number.POSITIVE_INFINITY,
      }),
    }),
  ),
  hostileCase({
    input: "csv: NA last falls back to the last real value",
    run: read("csv", "epoch,acc\n0,0.5\n1,NA\n"),
    expect: gives({ acc: 0.5 }),
  }),
  hostileCase({
    input: "csv: numbers written oddly",
    run: read("csv", 'a,b,c,d,e,f\n"1,000",0x10,1_000, 0.5 ,+.5,1e3\n'),
    expect: gives({ d: 0.5, e: 0.5, f: 1000 }),
  }),
  hostileCase({
    input: "csv: CR-only line endings",
    run: read("csv", "epoch,acc\r0,0.5\r1,0.6\r"),
    expect: gives({ acc: 0.6 }),
  }),
  hostileCase({
    input: "csv: a quoted header holding a newline and a pipe",
    run: read("csv", '"a\n| b",c\n1,2\n'),
    expect: gives({ "a\n| b": 1, c: 2 }),
  }),
  hostileCase({
    input: "csv: BOM",
    run: read("csv", "\ufeffacc\n0.5\n"),
    expect: gives({ acc: 0.5 }),
  }),
  hostileCase({
    input: "csv: invalid UTF-8",
    run: read("csv", bytes("acc", [0x80], "\n0.5\n")),
    expect: rejects("csv", /UTF-8/),
  }),
  hostileCase({ input: "csv: empty file", run: read("csv", ""), expect: gives({}) }),
  hostileCase({ input: "csv: header only", run: read("csv", "epoch,acc\n"), expect: gives({}) }),
  hostileCase({
    input: "csv: NUL bytes in a name",
    run: read("csv", "a\u0000b\n1\n"),
    expect: gives({ "a\u0000b": 1 }),
  }),
];

const mlflowCases: HostileCase<unknown>[] = [
  hostileCase({
    input: "mlflow: four fields on a line",
    run: read("mlflow", "1700000000 0.5 1 extra\n"),
    expect: rejects("mlflow", /line 1 is not "timestamp value step"/),
  }),
  hostileCase({
    input: "mlflow: a text value",
    run: read("mlflow", "1700000000 high 1\n"),
    expect: rejects("mlflow", /line 1/),
  }),
  hostileCase({
    input: "mlflow: NaN at the latest step",
    run: read("mlflow", "1 0.5 1\n2 nan 2\n"),
    expect: gives({ accuracy: Number.NaN }),
  }),
  hostileCase({
    input: "mlflow: NaN at an older step is history",
    run: read("mlflow", "2 nan 1\n1 0.5 2\n"),
    expect: gives({ accuracy: 0.5 }),
  }),
  hostileCase({
    input: "mlflow: a 1e400 timestamp",
    run: read("mlflow", "1e400 0.5 1\n"),
    expect: rejects("mlflow", /line 1/),
  }),
  hostileCase({
    input: "mlflow: a 10 MB number",
    run: read("mlflow", `1 ${"9".repeat(10 * MIB)} 1\n`),
    expect: gives({ accuracy: Number.POSITIVE_INFINITY }),
  }),
  hostileCase({
    input: "mlflow: a metric key named __proto__",
    run: read("mlflow", "1 0.5 1\n", "mlruns/1/run/metrics/__proto__"),
    expect: rejects("mlflow", /reserved/, "mlruns/1/run/metrics/__proto__"),
  }),
  hostileCase({
    input: "mlflow: a 2,000-character key",
    run: read("mlflow", "1 0.5 1\n", `mlruns/1/run/metrics/${"k".repeat(2000)}`),
    expect: rejects("mlflow", /characters long/, "mlruns/1/run/metrics/"),
  }),
  hostileCase({
    input: "mlflow: invalid UTF-8",
    run: read("mlflow", bytes("1 0.5 1", [0xff], "\n")),
    expect: rejects("mlflow", /UTF-8/),
  }),
  hostileCase({ input: "mlflow: empty file", run: read("mlflow", ""), expect: gives({}) }),
  hostileCase({
    input: "mlflow: steps out of order and CRLF",
    run: read("mlflow", "3 0.7 3\r\n1 0.9 9\r\n2 0.8 5\r\n"),
    expect: gives({ accuracy: 0.9 }),
  }),
];

/** A TFRecord whose length field says `length` (with a valid length CRC) over `data`. */
function lyingRecord(length: bigint, data: Buffer): Buffer {
  const header = Buffer.alloc(12);
  header.writeBigUInt64LE(length, 0);
  header.writeUInt32LE(maskedCrc32c(header.subarray(0, 8)), 8);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(maskedCrc32c(data));
  return Buffer.concat([header, data, crc]);
}

const scalar = (tag: string | Buffer, value: number, step = 1) =>
  record(
    Buffer.concat([
      fVarint(2, step),
      fBytes(5, fBytes(1, Buffer.concat([fBytes(1, tag), fFloat(2, value)]))),
    ]),
  );

const tensorboardCases: HostileCase<unknown>[] = [
  hostileCase({
    input: "tensorboard: a record length of 4 GiB − 1",
    run: () => read("tensorboard", lyingRecord(0xffffffffn, Buffer.from("x")))(),
    expect: rejects("tensorboard", /truncated/),
  }),
  hostileCase({
    input: "tensorboard: a record length past 2^32",
    run: () => read("tensorboard", lyingRecord(1n << 40n, Buffer.from("x")))(),
    expect: rejects("tensorboard", /truncated/),
  }),
  hostileCase({
    input: "tensorboard: a length CRC that does not match",
    run: () => {
      const r = scalar("loss", 0.5);
      r.writeUInt32LE(0, 8);
      return read("tensorboard", r)();
    },
    expect: rejects("tensorboard", /CRC mismatch in the length/),
  }),
  hostileCase({
    input: "tensorboard: a data CRC that does not match",
    run: () => {
      const r = scalar("loss", 0.5);
      r.writeUInt32LE(0, r.length - 4);
      return read("tensorboard", r)();
    },
    expect: rejects("tensorboard", /CRC mismatch in the data/),
  }),
  hostileCase({
    input: "tensorboard: a tag of invalid UTF-8",
    run: read("tensorboard", scalar(Buffer.from([0x6c, 0xff]), 0.5)),
    expect: rejects("tensorboard", /not valid UTF-8/),
  }),
  hostileCase({
    input: "tensorboard: a tag named __proto__",
    run: read("tensorboard", scalar("__proto__", 0.5)),
    expect: rejects("tensorboard", /reserved/),
  }),
  hostileCase({
    input: "tensorboard: a 1 MB tag",
    run: read("tensorboard", scalar("t".repeat(MIB), 0.5)),
    expect: rejects("tensorboard", /characters long/),
  }),
  hostileCase({
    input: "tensorboard: a NaN scalar at the last step",
    run: read(
      "tensorboard",
      Buffer.concat([scalar("loss", 0.5, 1), scalar("loss", Number.NaN, 2)]),
    ),
    expect: gives({ loss: Number.NaN }),
  }),
  hostileCase({
    input: "tensorboard: a varint of 11 bytes",
    run: read(
      "tensorboard",
      record(Buffer.concat([Buffer.from([0x10]), Buffer.alloc(10, 0xff), Buffer.from([1])])),
    ),
    expect: rejects("tensorboard", /malformed event/),
  }),
  hostileCase({
    input: "tensorboard: a start-group wire type",
    run: read("tensorboard", record(Buffer.from([0x0b, 0x00]))),
    expect: rejects("tensorboard", /unsupported wire type 3/),
  }),
  hostileCase({
    input: "tensorboard: a nested length past the end of the message",
    run: read("tensorboard", record(Buffer.from([0x2a, 0x7f, 0x01]))),
    expect: rejects("tensorboard", /length past the end/),
  }),
  hostileCase({
    input: "tensorboard: field number 0",
    run: read("tensorboard", record(Buffer.from([0x00, 0x00]))),
    expect: rejects("tensorboard", /field number 0/),
  }),
  hostileCase({
    input: "tensorboard: eleven bytes (a cut header)",
    run: read("tensorboard", scalar("loss", 0.5).subarray(0, 11)),
    expect: rejects("tensorboard", /truncated/),
  }),
  hostileCase({
    input: "tensorboard: empty file",
    run: read("tensorboard", ""),
    expect: gives({}),
  }),
  hostileCase({
    input: "tensorboard: text pretending to be an event file",
    run: read("tensorboard", '{"accuracy": 0.9}\n'),
    expect: rejects("tensorboard"),
  }),
];

/** Reads metrics from a zip the way the review does (readMetrics, default globs). */
async function metricsIn(entries: Parameters<typeof makeZip>[0]): Promise<Metric[]> {
  const source: FileSource = await openZipSource(makeZip(entries), { label: "artifact.zip" });
  try {
    const { metrics } = await readMetrics(source, defaultConfig().metrics);
    return [...metrics.values()];
  } finally {
    await source.close();
  }
}

const artifactCountCases: HostileCase<unknown>[] = [
  hostileCase({
    input: "trainer_state: 100,001 distinct keys in log_history, through readMetrics",
    run: () =>
      metricsIn([
        {
          name: "out/trainer_state.json",
          data: JSON.stringify({
            log_history: [
              Object.fromEntries(Array.from({ length: 100_001 }, (_, i) => [`k${i}`, i])),
            ],
          }),
        },
      ]),
    expect: {
      error: InputError,
      where: "out/trainer_state.json",
      message: /more than 100000 metrics/,
    },
  }),
  hostileCase({
    input: "three files of 40,000 metrics each (120,000 in all)",
    run: () =>
      metricsIn(
        ["a", "b", "c"].map((dir) => ({
          name: `${dir}/metrics.json`,
          data: JSON.stringify(
            Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`${dir}${i}`, i])),
          ),
        })),
      ),
    expect: { error: InputError, where: "artifact.zip", message: /more than 100000 metrics/ },
  }),
];

export const readerCases: readonly HostileCase<unknown>[] = [
  ...jsonCases,
  ...yamlCases,
  ...tomlCases,
  ...csvCases,
  ...mlflowCases,
  ...tensorboardCases,
  ...artifactCountCases,
];
