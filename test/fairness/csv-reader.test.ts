import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { accumulateFairness } from "../../src/evidence/predictions/accumulate-fairness.js";
import { readPredictionColumns } from "../../src/evidence/predictions/read-prediction-columns.js";
import { countsByGroup, fairnessOf, OPTIONS, streamOf, tempFile } from "./helpers.js";

// Hand-computed (see core-rates.test.ts): F tp 2 fn 1 fp 1 tn 1; M tp 2 fn 1 fp 1 tn 2.
const BASIC = `id,label,prediction,sex
1,1,1,F
2,1,0,F
3,0,1,F
4,0,0,F
5,1,1,F
6,1,1,M
7,1,1,M
8,0,0,M
9,0,1,M
10,0,0,M
11,1,0,M
`;
const BASIC_COUNTS = { F: [5, 3, 2, 2, 1], M: [6, 3, 3, 2, 1] };

async function rows(text: string, columns: string[], size?: number): Promise<string[][]> {
  const out: string[][] = [];
  for await (const batch of readPredictionColumns(streamOf(text, size), "csv", columns, "t.csv")) {
    out.push(...batch);
  }
  return out;
}

async function inputError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as InputError).toUserMessage();
}

describe("CSV predictions", () => {
  it("counts the hand-computed example, from a stream and from a file", async () => {
    const report = await fairnessOf(BASIC);
    expect(countsByGroup(report)).toEqual(BASIC_COUNTS);
    expect(report.rows).toBe(11);
    expect(report.disparities.demographic_parity_difference).toBeCloseTo(0.1, 12);
    expect(report.disparities.equalized_odds_ratio).toBeCloseTo(2 / 3, 12);
    const fromFile = await accumulateFairness({ path: tempFile("p.csv", BASIC) }, "csv", OPTIONS);
    expect(fromFile).toEqual(report);
  });

  it("gives the same result whatever the chunk size", async () => {
    const whole = await fairnessOf(BASIC);
    for (const size of [1, 2, 3, 7, 16]) {
      expect(await fairnessOf(BASIC, {}, "csv", size)).toEqual(whole);
    }
  });

  it("handles CRLF, a BOM, blank lines, a missing final newline and columns in any order", async () => {
    const text = `\ufeffsex,prediction,id,label\r\nF,1,1,1\r\n\r\nM,0,2,1\r\nM,1,3,0`;
    for (const size of [1, 5, 1000]) {
      const report = await fairnessOf(text, {}, "csv", size);
      expect(countsByGroup(report)).toEqual({ F: [1, 1, 0, 1, 0], M: [2, 1, 1, 0, 1] });
    }
  });

  it("reads quoted fields: commas, doubled quotes, CR and LF inside, empty ones", async () => {
    const text =
      'id,label,prediction,sex\r\n1,1,1,"a,b"\r\n2,"0",1,"say ""hi"""\r\n3,1,0,"two\r\nlines"\r\n4,0,0,""\r\n5,0,0,\r\n';
    for (const size of [1, 4, 1000]) {
      expect(await rows(text, ["sex", "label"], size)).toEqual([
        ["a,b", "1"],
        ['say "hi"', "0"],
        ["two\r\nlines", "1"],
        ["", "0"],
        ["", "0"],
      ]);
    }
    const report = await fairnessOf(text);
    expect(report.groups.map((g) => g.group.sex)).toEqual(["", "a,b", 'say "hi"', "two\r\nlines"]);
    expect(report.groups[0]?.count).toBe(2);
  });

  it("reads a record longer than a chunk from a file", async () => {
    const long = `${'ab,\n"'.repeat(300_000)}`.replaceAll('"', '""');
    const text = `label,prediction,sex\n1,1,F\n0,1,"${long}"\n1,0,M\n`;
    const path = tempFile("long.csv", text);
    const got: string[][] = [];
    for await (const batch of readPredictionColumns({ path }, "csv", ["sex"], "long.csv")) {
      got.push(...batch);
    }
    expect(got.map((r) => r[0]?.length)).toEqual([1, 300_000 * 5, 1]);
    expect(got[1]?.[0]?.slice(0, 10)).toBe('ab,\n"ab,\n"');
  });

  it("keeps a quote inside an unquoted field as it is", async () => {
    expect(await rows('a,b\n5"6,x\n', ["a"])).toEqual([['5"6']]);
  });

  it("finds columns by name, ignoring surrounding spaces, and names the missing one", async () => {
    expect(await rows("id, label ,x\n1,0,2\n", ["label"])).toEqual([["0"]]);
    const message = await inputError(fairnessOf("id,label,sex\n1,1,F\n"));
    expect(message).toBe(
      'predictions.csv: no column "prediction" in the header ("id", "label", "sex")',
    );
  });

  it("names the row, the line and the value of an unexpected label", async () => {
    const text = 'id,label,prediction,sex\n1,1,1,F\n2,"multi\nline",1,F\n3,maybe,0,M\n';
    const message = await inputError(fairnessOf(text));
    expect(message).toBe(
      'predictions.csv: row 2 (line 3): label "multi\\nline" is neither a number nor true/false, but the positive value is the number 1 (set the positive value to the one your file uses)',
    );
    const second = await inputError(fairnessOf("id,label,prediction,sex\n1,1,1,F\n3,maybe,0,M\n"));
    expect(second).toContain('row 2 (line 3): label "maybe" is neither a number nor true/false');
    const renamed = await inputError(
      fairnessOf("y,p,sex\n1,yes,F\n", { label: "y", prediction: "p" }),
    );
    expect(renamed).toContain(
      'row 1 (line 2): prediction (column "p") "yes" is neither a number nor true/false',
    );
    const empty = await inputError(fairnessOf("label,prediction,sex\n1,,F\n"));
    expect(empty).toBe("predictions.csv: row 1 (line 2): prediction is empty");
  });

  it("rejects rows with the wrong number of fields, and unclosed or misplaced quotes", async () => {
    expect(await inputError(fairnessOf("label,prediction,sex\n1,1\n"))).toBe(
      "predictions.csv: row 1 (line 2): 2 fields, but the header has 3",
    );
    expect(await inputError(fairnessOf("label,prediction,sex\n1,1,F,x\n"))).toBe(
      "predictions.csv: row 1 (line 2): 4 fields, but the header has 3",
    );
    expect(await inputError(fairnessOf('label,prediction,sex\n1,1,"F\n'))).toBe(
      "predictions.csv: row 1 (line 2): a quoted field is not closed before the end of the file",
    );
    expect(await inputError(fairnessOf('label,prediction,sex\n1,1,"F"x\n'))).toContain(
      'a closing quote must be followed by a comma or the end of the line, not "x"',
    );
    expect(await inputError(fairnessOf(""))).toBe(
      "predictions.csv: the file is empty: a CSV predictions file needs a header row",
    );
  });

  it("reads positive labels given as numbers, booleans and strings", async () => {
    const numbers = "label,prediction,sex\n1.0,1,F\n0,2,F\n";
    expect(countsByGroup(await fairnessOf(numbers))).toEqual({ F: [2, 1, 1, 1, 0] });
    const booleans = "label,prediction,sex\nTrue,true,F\nFalse,TRUE,F\nfalse,False,F\n";
    expect(countsByGroup(await fairnessOf(booleans, { positive: true }))).toEqual({
      F: [3, 1, 2, 1, 1],
    });
    const strings = "label,prediction,sex\nyes,yes,F\nno,yes,F\nmaybe,no,F\n";
    expect(countsByGroup(await fairnessOf(strings, { positive: "yes" }))).toEqual({
      F: [3, 1, 2, 1, 1],
    });
    // Booleans read as 1/0 against a number positive, as in Python.
    expect(countsByGroup(await fairnessOf(booleans))).toEqual({ F: [3, 1, 2, 1, 1] });
  });

  it("groups by the intersection of three sensitive columns", async () => {
    const text = `label,prediction,sex,race,age
1,1,F,A,young
0,1,F,A,young
1,0,F,A,old
0,0,F,B,old
1,1,M,A,young
1,1,M,A,young
0,0,M,A,young
`;
    const report = await fairnessOf(text, { sensitive: ["sex", "race", "age"] });
    expect(report.groups.map((g) => g.group)).toEqual([
      { sex: "F", race: "A", age: "old" },
      { sex: "F", race: "A", age: "young" },
      { sex: "F", race: "B", age: "old" },
      { sex: "M", race: "A", age: "young" },
    ]);
    expect(countsByGroup(report)).toEqual({
      "F|A|old": [1, 1, 0, 0, 0],
      "F|A|young": [2, 1, 1, 1, 1],
      "F|B|old": [1, 0, 1, 0, 0],
      "M|A|young": [3, 2, 1, 2, 0],
    });
  });

  it("refuses a sensitive column with more than 10,000 values", async () => {
    let text = "label,prediction,id\n";
    for (let i = 0; i < 10_001; i++) text += `1,1,${i}\n`;
    const message = await inputError(fairnessOf(text, { sensitive: ["id"] }));
    expect(message).toContain('more than 10000 distinct groups in "id"');
  });

  it("agrees with the rows it was built from, however the file is quoted and cut", async () => {
    const value = fc.oneof(
      fc.constantFrom("F", "M", "a,b", 'q"q', "x\ny", "", " s ", "é", "\u202e"),
      fc.string({ maxLength: 4 }),
    );
    const row = fc.record({
      label: fc.constantFrom("0", "1"),
      prediction: fc.constantFrom("0", "1"),
      sex: value,
      quote: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 30 }),
        fc.integer({ min: 1, max: 64 }),
        fc.boolean(),
        async (data, size, crlf) => {
          const eol = crlf ? "\r\n" : "\n";
          const cell = (v: string, q: boolean) =>
            q || /[",\r\n]/.test(v) || v.trim() !== v ? `"${v.replaceAll('"', '""')}"` : v;
          const text = `id,label,prediction,sex${eol}${data
            .map((r, i) => `${i},${r.label},${r.prediction},${cell(r.sex, r.quote)}${eol}`)
            .join("")}`;
          const got = await rows(text, ["label", "prediction", "sex"], size);
          expect(got).toEqual(data.map((r) => [r.label, r.prediction, r.sex]));
          // Quoted or not, in the fast or the general path, equal values make one group.
          if (data.length > 0 && data.every((r) => r.label === "0" && r.prediction === "0")) {
            // The positive value 1 is in neither column: an input error, not a report.
            await expect(fairnessOf(text, {}, "csv", size)).rejects.toThrow(/positive value/);
            return;
          }
          const report = await fairnessOf(text, {}, "csv", size);
          const expected = new Map<string, number>();
          for (const r of data) expected.set(r.sex, (expected.get(r.sex) ?? 0) + 1);
          expect(new Map(report.groups.map((g) => [g.group.sex ?? "", g.count]))).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("a field-count error deep in a chunk", () => {
  it("names the bad row and line, not the chunk's first", async () => {
    const rows = ["label,prediction,sex"];
    for (let i = 0; i < 50; i++) rows.push("1,1,F");
    rows.push("1,1,F,extra");
    rows.push("0,0,M");
    await expect(
      accumulateFairness(streamOf(`${rows.join("\n")}\n`), "csv", OPTIONS),
    ).rejects.toThrow("row 51 (line 52): 4 fields, but the header has 3");
  });
});
