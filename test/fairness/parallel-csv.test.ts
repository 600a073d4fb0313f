import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { buildFairnessReport } from "../../src/core/fairness/build-fairness-report.js";
import {
  accumulateCsvInParallel,
  type PartRunner,
  runInProcess,
} from "../../src/evidence/predictions/accumulate-csv-in-parallel.js";
import { accumulateFairness } from "../../src/evidence/predictions/accumulate-fairness.js";
import { OPTIONS, tempFile } from "./helpers.js";

const SPEC = { label: "label", prediction: "prediction", sensitive: ["sex", "race"], positive: 1 };

function rowsText(n: number, extra: (i: number) => string | undefined = () => undefined): string {
  let text = "id,label,prediction,sex,race\n";
  for (let i = 0; i < n; i++) {
    text +=
      extra(i) ??
      `${i},${(i * 7) % 3 === 0 ? 1 : 0},${i % 2},${i % 5 === 0 ? "F" : "M"},r${i % 3}\n`;
  }
  return text;
}

async function parallel(text: string, parts: number, runner: PartRunner = runInProcess) {
  const path = tempFile("p.csv", text);
  const groups = await accumulateCsvInParallel(
    path,
    Buffer.byteLength(text),
    SPEC,
    "p.csv",
    parts,
    runner,
  );
  return buildFairnessReport({ columns: SPEC.sensitive, groups, minGroupSize: 0 });
}

async function sequential(text: string) {
  return accumulateFairness({ path: tempFile("p.csv", text) }, "csv", {
    ...OPTIONS,
    ...SPEC,
    file: "p.csv",
  });
}

describe("reading a large CSV in parts", () => {
  it("gives the result of one sequential pass", async () => {
    const text = rowsText(5000);
    const expected = await sequential(text);
    for (const parts of [2, 3, 4]) expect(await parallel(text, parts)).toEqual(expected);
  });

  it("falls back to one pass when a quoted field spans a cut", async () => {
    // A quoted value full of line feeds sits across the middle of the file.
    const text = rowsText(400, (i) =>
      i === 200 ? `200,1,1,"${"x\n".repeat(4000)}",r0\n` : undefined,
    );
    const expected = await sequential(text);
    expect(expected.groups.some((g) => g.group.sex?.startsWith("x\n"))).toBe(true);
    let calls = 0;
    const counting: PartRunner = (part, signal) => {
      calls++;
      return runInProcess(part, signal);
    };
    expect(await parallel(text, 2, counting)).toEqual(expected);
    expect(calls).toBe(1);
  });

  it("reports an error in a later part with its exact row and line", async () => {
    const text = rowsText(3000, (i) => (i === 2500 ? "2500,maybe,1,F,r0\n" : undefined));
    const error = await parallel(text, 3).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).toUserMessage()).toMatch(
      /^p\.csv: row 2501 \(line 2502\): label "maybe"/,
    );
  });

  it("still works where worker threads cannot start (here: TypeScript sources under vitest)", async () => {
    const text = rowsText(2000);
    expect(await parallel(text, 2, undefined)).toEqual(await sequential(text));
  });
});
