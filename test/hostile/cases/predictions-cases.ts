import { Readable } from "node:stream";
import { expect } from "vitest";
import type { FairnessConfig } from "../../../src/core/config/config.js";
import type { PredictionFormat } from "../../../src/core/config/schema.js";
import type { FairnessReport } from "../../../src/core/fairness/fairness-report.js";
import { accumulateFairness } from "../../../src/evidence/predictions/accumulate-fairness.js";
import { readFairnessReport } from "../../../src/evidence/predictions/read-fairness-report.js";
import { openZipSource } from "../../../src/evidence/zip-source.js";
import { makeZip, type ZipEntrySpec } from "../../helpers/make-zip.js";
import { ArtifactError, type HostileCase, hostileCase, InputError } from "../harness.js";

const MIB = 1024 * 1024;

const FILES: Record<PredictionFormat, string> = {
  csv: "predictions.csv",
  jsonl: "predictions.jsonl",
  parquet: "predictions.parquet",
};

/** One streaming pass over `content` as the bias check reads an artifact's predictions. */
const fairness =
  (
    format: PredictionFormat,
    content: string | Buffer,
    options: { sensitive?: readonly string[]; positive?: string | number | boolean } = {},
  ) =>
  async (): Promise<FairnessReport> => {
    try {
      return await accumulateFairness(
        Readable.from([typeof content === "string" ? Buffer.from(content) : content]),
        format,
        {
          label: "label",
          prediction: "prediction",
          sensitive: options.sensitive ?? ["sex"],
          positive: options.positive ?? 1,
          minGroupSize: 1,
          file: FILES[format],
        },
      );
    } finally {
      if (({} as Record<string, unknown>).polluted !== undefined) {
        delete (Object.prototype as Record<string, unknown>).polluted;
        // biome-ignore lint/correctness/noUnsafeFinally: pollution must fail the case whatever happened.
        throw new Error("Object.prototype was polluted");
      }
    }
  };

const rejects = (format: PredictionFormat, message?: RegExp) =>
  ({ error: InputError, where: FILES[format], message }) as const;

const groups = (expected: Record<string, number>) => ({
  result: (report: unknown) => {
    const r = report as FairnessReport;
    const counts: Record<string, number> = {};
    for (const g of r.groups) counts[Object.values(g.group).join(" · ")] = g.count;
    expect(counts).toEqual(expected);
  },
});

const CSV_HEADER = "label,prediction,sex\n";

const FAIRNESS: FairnessConfig = {
  predictions: "predictions.csv",
  label: "label",
  prediction: "prediction",
  positive: 1,
  sensitive: ["sex"],
  minGroupSize: 1,
  chart: "selection_rate",
  gates: [],
};

/** The bias check reading `predictions.csv` out of an artifact zip. */
const fromZip = (entries: readonly ZipEntrySpec[]) => async () => {
  const source = await openZipSource(makeZip(entries), { label: "artifact.zip" });
  try {
    return await readFairnessReport(source, FAIRNESS);
  } finally {
    await source.close();
  }
};

const ROWS = `${CSV_HEADER}${"1,1,F\n0,1,M\n".repeat(500)}`;

export const predictionCases: readonly HostileCase<unknown>[] = [
  hostileCase({
    input: "predictions csv: a row with an extra cell",
    run: fairness("csv", `${CSV_HEADER}1,1,F,extra\n1,1,F\n`),
    expect: rejects("csv", /row 1 \(line 2\): 4 fields, but the header has 3/),
  }),
  hostileCase({
    input: "predictions csv: a row missing a cell",
    run: fairness("csv", `${CSV_HEADER}1,1\n`),
    expect: rejects("csv", /2 fields, but the header has 3/),
  }),
  hostileCase({
    input: "predictions csv: the sensitive column is missing",
    run: fairness("csv", "label,prediction\n1,1\n"),
    expect: rejects("csv", /no column "sex"/),
  }),
  hostileCase({
    input: "predictions csv: a column named twice",
    run: fairness("csv", "label,prediction,sex,sex\n1,1,F,M\n"),
    expect: rejects("csv", /twice/),
  }),
  hostileCase({
    input: "predictions csv: a 10 MB group value on one line",
    run: fairness("csv", `${CSV_HEADER}1,1,${"x".repeat(10 * MIB)}\n0,0,F\n`),
    expect: {
      result: (report: unknown) => {
        const values = (report as FairnessReport).groups.map((g) => g.group.sex?.length);
        expect(values).toEqual([1, 10 * MIB]);
      },
    },
  }),
  hostileCase({
    input: "predictions csv: a 10 MB header column",
    run: fairness("csv", `label,prediction,sex,${"y".repeat(10 * MIB)}\n1,1,F,2\n`),
    expect: groups({ F: 1 }),
  }),
  hostileCase({
    input: "predictions csv: a 10 MB unterminated quote",
    run: fairness("csv", `${CSV_HEADER}1,1,"${"x".repeat(10 * MIB)}\n`),
    expect: rejects("csv", /quoted field is not closed/),
  }),
  hostileCase({
    input: "predictions csv: formula group values are counted as plain text",
    run: fairness("csv", `${CSV_HEADER}1,1,"=cmd|' /C calc'!A0"\n0,1,@SUM(A1)\n1,0,+1+1\n`),
    expect: groups({ "=cmd|' /C calc'!A0": 1, "@SUM(A1)": 1, "+1+1": 1 }),
  }),
  hostileCase({
    input: "predictions csv: a formula as the label",
    run: fairness("csv", `${CSV_HEADER}=1+1,1,F\n`),
    expect: rejects("csv", /label "=1\+1"/),
  }),
  hostileCase({
    input: "predictions csv: NaN label",
    run: fairness("csv", `${CSV_HEADER}NaN,1,F\n`),
    expect: rejects("csv", /label "NaN"/),
  }),
  hostileCase({
    input: "predictions csv: an empty label",
    run: fairness("csv", `${CSV_HEADER},1,F\n`),
    expect: rejects("csv"),
  }),
  hostileCase({
    input: "predictions csv: invalid UTF-8 group value",
    run: fairness(
      "csv",
      Buffer.concat([Buffer.from(`${CSV_HEADER}1,1,`), Buffer.from([0xff, 0xfe, 0x0a])]),
    ),
    expect: groups({ "\ufffd\ufffd": 1 }),
  }),
  hostileCase({
    input: "predictions csv: BOM before the header",
    run: fairness("csv", `\ufeff${CSV_HEADER}1,1,F\n`),
    expect: groups({ F: 1 }),
  }),
  hostileCase({
    input: "predictions csv: empty file",
    run: fairness("csv", ""),
    expect: rejects("csv", /empty/),
  }),
  hostileCase({
    input: "predictions csv: 10,001 distinct groups",
    run: fairness(
      "csv",
      `${CSV_HEADER}${Array.from({ length: 10_001 }, (_, i) => `1,1,g${i}`).join("\n")}\n`,
    ),
    expect: rejects("csv", /more than 10000 distinct groups/),
  }),
  hostileCase({
    input: "predictions csv: a sensitive column named __proto__",
    run: fairness("csv", "label,prediction,__proto__\n1,1,F\n", { sensitive: ["__proto__"] }),
    expect: {
      result: (report: unknown) => {
        const [g] = (report as FairnessReport).groups;
        expect(Object.hasOwn(g?.group ?? {}, "__proto__")).toBe(true);
        expect(Object.getPrototypeOf(g?.group)).toBe(Object.prototype);
      },
    },
  }),
  hostileCase({
    input: "predictions csv: a sensitive column named constructor",
    run: fairness("csv", "label,prediction,constructor\n1,1,F\n", { sensitive: ["constructor"] }),
    expect: groups({ F: 1 }),
  }),
  hostileCase({
    input: "predictions csv: CR-only line endings (not supported: a clear error)",
    run: fairness("csv", "label,prediction,sex\r1,1,F\r0,0,M\r"),
    expect: rejects("csv", /no column "sex"/),
  }),
  hostileCase({
    input: "predictions jsonl: __proto__ object in a row",
    run: fairness(
      "jsonl",
      '{"label": 1, "prediction": 1, "sex": "F", "__proto__": {"polluted": 1}}\n',
    ),
    expect: groups({ F: 1 }),
  }),
  hostileCase({
    input: "predictions jsonl: __proto__ as the sensitive key",
    run: fairness("jsonl", '{"label": 1, "prediction": 1, "__proto__": "F"}\n', {
      sensitive: ["__proto__"],
    }),
    expect: groups({ F: 1 }),
  }),
  hostileCase({
    input: "predictions jsonl: numbers as strings",
    run: fairness("jsonl", '{"label": "1", "prediction": "1.0", "sex": 1}\n'),
    expect: {
      result: (report: unknown) => {
        const r = report as FairnessReport;
        expect(r.groups.map((g) => g.group.sex)).toEqual(["1"]);
        expect(r.overall.true_positive_rate).toBe(1);
      },
    },
  }),
  hostileCase({
    input: "predictions jsonl: 1e400 label",
    run: fairness("jsonl", '{"label": 1e400, "prediction": 1, "sex": "F"}\n'),
    expect: rejects("jsonl", /line 1/),
  }),
  hostileCase({
    input: "predictions jsonl: a nested object as a group",
    run: fairness("jsonl", '{"label": 1, "prediction": 1, "sex": {"a": 1}}\n'),
    expect: rejects("jsonl", /nested object/),
  }),
  hostileCase({
    input: "predictions jsonl: 100,000-deep list as a group",
    run: fairness(
      "jsonl",
      `{"label": 1, "prediction": 1, "sex": ${"[".repeat(100_000)}${"]".repeat(100_000)}}\n`,
    ),
    expect: rejects("jsonl", /a list/),
  }),
  hostileCase({
    input: "predictions jsonl: a line that is a list",
    run: fairness("jsonl", '[1, 1, "F"]\n'),
    expect: rejects("jsonl", /must be a JSON object/),
  }),
  hostileCase({
    input: "predictions jsonl: a line that is not JSON",
    run: fairness("jsonl", '{"label": 1, "prediction": 1, "sex": "F"}\n{label: 1}\n'),
    expect: rejects("jsonl", /line 2: not valid JSON/),
  }),
  hostileCase({
    input: "predictions parquet: garbage between magic bytes",
    run: fairness("parquet", "PAR1garbagePAR1"),
    expect: rejects("parquet", /not a readable Parquet file/),
  }),
  hostileCase({
    input: "predictions parquet: empty file",
    run: fairness("parquet", ""),
    expect: rejects("parquet", /Parquet/),
  }),
  hostileCase({
    input: "predictions parquet: a footer length of 2 GiB",
    run: fairness(
      "parquet",
      Buffer.concat([
        Buffer.from("PAR1"),
        Buffer.from([0xff, 0xff, 0xff, 0x7f]),
        Buffer.from("PAR1"),
      ]),
    ),
    expect: rejects("parquet", /Parquet/),
  }),
  hostileCase({
    input: "predictions in a zip: a ratio bomb",
    run: fromZip([
      {
        name: "predictions.csv",
        data: Buffer.concat([Buffer.from(CSV_HEADER), Buffer.alloc(16 * MIB, "1,1,F\n")]),
      },
    ]),
    expect: {
      error: ArtifactError,
      where: "artifact.zip",
      message: /predictions\.csv .*compression ratio/,
    },
  }),
  hostileCase({
    input: "predictions in a zip: a CRC-32 that lies (the report is not used)",
    run: fromZip([{ name: "predictions.csv", data: ROWS, declaredCrc: 42 }]),
    expect: { error: ArtifactError, where: "artifact.zip", message: /CRC-32 does not match/ },
  }),
  hostileCase({
    input: "predictions in a zip: an entry inflating past its declared size",
    run: fromZip([{ name: "predictions.csv", data: ROWS, declaredSize: 100 }]),
    expect: {
      error: ArtifactError,
      where: "artifact.zip",
      message: /more than the 100 bytes its header declares/,
    },
  }),
  hostileCase({
    input: "predictions in a zip: deflate data that does not inflate",
    run: () => {
      const zip = Buffer.from(makeZip([{ name: "predictions.csv", data: ROWS }]));
      zip.fill(0xff, 30 + 15 + 20, 30 + 15 + 40);
      return openZipSource(zip, { label: "artifact.zip" }).then(async (source) => {
        try {
          return await readFairnessReport(source, FAIRNESS);
        } finally {
          await source.close();
        }
      });
    },
    expect: {
      error: ArtifactError,
      where: "artifact.zip",
      message: /predictions\.csv (is corrupt|inflate)/,
    },
  }),
  hostileCase({
    input: "predictions in a zip: the file is missing",
    run: fromZip([{ name: "other.csv", data: ROWS }]),
    expect: {
      error: ArtifactError,
      where: "artifact.zip",
      message: /has no file predictions\.csv/,
    },
  }),
];
