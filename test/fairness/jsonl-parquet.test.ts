import { createReadStream } from "node:fs";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { accumulateFairness } from "../../src/evidence/predictions/accumulate-fairness.js";
import { readPredictionColumns } from "../../src/evidence/predictions/read-prediction-columns.js";
import { countsByGroup, fairnessOf, OPTIONS, streamOf, tempFile } from "./helpers.js";

// The hand-computed example of csv-reader.test.ts, as typed values.
const LABELS = [1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 1];
const PREDICTIONS = [1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0];
const SEX = ["F", "F", "F", "F", "F", "M", "M", "M", "M", "M", "M"];
const BASIC_COUNTS = { F: [5, 3, 2, 2, 1], M: [6, 3, 3, 2, 1] };

function parquetFile(rowGroupSize: number): string {
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "id", data: LABELS.map((_, i) => i), type: "INT32" },
      { name: "label", data: LABELS, type: "INT32" },
      { name: "prediction", data: PREDICTIONS.map((p) => p === 1), type: "BOOLEAN" },
      { name: "sex", data: SEX, type: "STRING" },
    ],
    rowGroupSize,
  });
  return tempFile("predictions.parquet", new Uint8Array(buffer));
}

describe("JSON Lines predictions", () => {
  it("counts typed values read as text, CRLF and blank lines allowed", async () => {
    const text = LABELS.map((l, i) =>
      JSON.stringify({ id: i, label: l, prediction: PREDICTIONS[i] === 1 ? 1.0 : 0, sex: SEX[i] }),
    ).join("\r\n\n");
    for (const size of [3, 1000]) {
      const report = await fairnessOf(text, { file: "p.jsonl" }, "jsonl", size);
      expect(countsByGroup(report)).toEqual(BASIC_COUNTS);
    }
  });

  it("reads booleans against a boolean positive and null as an empty group", async () => {
    const text =
      '{"label":true,"prediction":false,"sex":null}\n{"label":false,"prediction":true}\n';
    const report = await fairnessOf(text, { positive: true }, "jsonl");
    expect(report.groups.map((g) => [g.group.sex, g.count, g.positives])).toEqual([["", 2, 1]]);
  });

  it("names the line of bad JSON, of a nested value and of an unexpected label", async () => {
    const bad = (text: string) =>
      fairnessOf(text, { file: "p.jsonl" }, "jsonl").then(
        () => "",
        (e: InputError) => e.toUserMessage(),
      );
    expect(await bad('{"label":1,"prediction":1,"sex":"F"}\n{"label":\n')).toMatch(
      /^p\.jsonl: line 2: not valid JSON/,
    );
    expect(await bad("[1,2]\n")).toBe("p.jsonl: line 1: each line must be a JSON object");
    expect(await bad('{"label":1,"prediction":1,"sex":{"a":1}}\n')).toBe(
      'p.jsonl: line 1: "sex" is a nested object, not a single value',
    );
    expect(await bad('\n{"label":"maybe","prediction":1,"sex":"F"}\n')).toBe(
      'p.jsonl: line 2: label "maybe" is neither a number nor true/false, but the positive value is the number 1 (set the positive value to the one your file uses)',
    );
  });
});

describe("Parquet predictions", () => {
  it("reads a file row group by row group (int labels, boolean predictions)", async () => {
    const path = parquetFile(4);
    const report = await accumulateFairness({ path }, "parquet", {
      ...OPTIONS,
      file: "predictions.parquet",
    });
    expect(countsByGroup(report)).toEqual(BASIC_COUNTS);
  });

  it("reads a zip entry's stream by spooling it to a temporary file", async () => {
    const path = parquetFile(1000);
    const report = await accumulateFairness(createReadStream(path), "parquet", {
      ...OPTIONS,
      file: "predictions.parquet",
    });
    expect(countsByGroup(report)).toEqual(BASIC_COUNTS);
  });

  it("names a missing column and an unexpected label with its row", async () => {
    const path = parquetFile(4);
    const fail = (options: Partial<typeof OPTIONS>) =>
      accumulateFairness({ path }, "parquet", { ...OPTIONS, file: "p.parquet", ...options }).then(
        () => "",
        (e: InputError) => e.toUserMessage(),
      );
    expect(await fail({ sensitive: ["race"] })).toBe(
      'p.parquet: no column "race" (the file has "id", "label", "prediction", "sex")',
    );
    expect(await fail({ label: "sex" })).toBe(
      'p.parquet: column "sex" is used twice (the label, prediction and sensitive columns must differ)',
    );
    expect(await fail({ positive: "F", label: "sex", sensitive: ["id"] })).toBe("");
    expect(await fail({ label: "sex", sensitive: ["id"] })).toBe(
      'p.parquet: row 1: label (column "sex") "F" is neither a number nor true/false, but the positive value is the number 1 (set the positive value to the one your file uses)',
    );
  });

  it("gives rows as text to other readers, in batches", async () => {
    const batches: string[][][] = [];
    for await (const batch of readPredictionColumns(
      { path: parquetFile(4) },
      "parquet",
      ["prediction", "id"],
      "p.parquet",
    )) {
      batches.push(batch);
    }
    expect(batches.map((b) => b.length)).toEqual([4, 4, 3]);
    expect(batches[0]).toEqual([
      ["true", "0"],
      ["false", "1"],
      ["true", "2"],
      ["false", "3"],
    ]);
  });

  it("says so when the file is not Parquet", async () => {
    const path = tempFile("x.parquet", "not parquet at all");
    await expect(
      accumulateFairness({ path }, "parquet", { ...OPTIONS, file: "x.parquet" }),
    ).rejects.toThrow(/not a readable Parquet file/);
  });
});

describe("error lines from JSON Lines keep the file's hidden characters out", () => {
  it("a malformed line's reason carries no CR or bidi control from the file", async () => {
    const text = '{"label":1,"prediction":1,"sex":"F"}\n{"label":1,\u202e\r"x\n';
    const error = await accumulateFairness(streamOf(text), "jsonl", OPTIONS).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain("not valid JSON");
    expect((error as Error).message).not.toMatch(/[\r\u202e]/);
  });
  it("an unexpected label value is quoted with bidi controls escaped", async () => {
    const text = '{"label":"ye\u202es","prediction":1,"sex":"F"}\n';
    const error = await accumulateFairness(streamOf(text), "jsonl", OPTIONS).catch((e: Error) => e);
    expect((error as Error).message).toContain("\\u202e");
    expect((error as Error).message).not.toContain("\u202e");
  });
});
