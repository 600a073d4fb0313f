import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { SignificanceConfig } from "../../src/core/config/config.js";
import { InputError } from "../../src/core/errors.js";
import { discordantPairs } from "../../src/core/significance/discordant-pairs.js";
import { loadPairedSample } from "../../src/evidence/paired-predictions.js";

const cfg: SignificanceConfig = {
  predictions: "predictions.csv",
  id: "id",
  label: "label",
  prediction: "prediction",
  positive: 1,
  minOverlap: 0.95,
  draws: 1000,
};

const stream = (text: string) => Readable.from([Buffer.from(text)]);
const csv = (rows: readonly (readonly [string, number | string, number | string])[]) =>
  stream(`id,label,prediction\n${rows.map((r) => r.join(",")).join("\n")}\n`);

describe("loadPairedSample", () => {
  it("joins by id in the base file's order, whatever the head's order", async () => {
    const base = csv([
      ["a", 1, 1],
      ["b", 0, 1],
      ["c", 1, 0],
    ]);
    const head = csv([
      ["c", 1, 1],
      ["a", 1, 0],
      ["b", 0, 0],
    ]);
    const { sample, missing } = await loadPairedSample(base, head, cfg, "predictions.csv");
    expect(missing).toBeUndefined();
    expect(sample?.n).toBe(3);
    expect([...sample!.basePred]).toEqual([1, 1, 0]);
    expect([...sample!.headPred]).toEqual([0, 0, 1]);
    expect([...sample!.headLabel]).toEqual([1, 0, 1]);
    expect(sample?.baseCorrect).toBeUndefined();
    // a: base right, head wrong; b: base wrong, head right; c: base wrong, head right.
    expect(discordantPairs(sample!)).toEqual({ b: 1, c: 2 });
  });

  it("counts ids on one side only and refuses below min_overlap", async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `id${i}`);
    const base = csv(ids.slice(0, 90).map((id) => [id, 1, 1] as const));
    const head = csv(ids.slice(10).map((id) => [id, 1, 1] as const));
    const { sample, missing } = await loadPairedSample(base, head, cfg, "predictions.csv");
    expect(sample).toBeUndefined();
    expect(missing).toBe(
      "only 80% of ids are in both base and head predictions.csv (80 of 100: 10 only in base, 10 only in head), below min_overlap 95%",
    );

    const lenient = await loadPairedSample(
      csv(ids.slice(0, 90).map((id) => [id, 1, 1] as const)),
      csv(ids.slice(10).map((id) => [id, 1, 0] as const)),
      { ...cfg, minOverlap: 0.8 },
      "predictions.csv",
    );
    expect(lenient.sample?.n).toBe(80);
    expect(lenient.sample?.onlyBase).toBe(10);
    expect(lenient.sample?.onlyHead).toBe(10);
    expect(lenient.sample?.basePred.every((v) => v === 1)).toBe(true);
    expect(lenient.sample?.headPred.every((v) => v === 0)).toBe(true);
  });

  it("reads JSON Lines and string positives", async () => {
    const lines = (rows: object[]) => stream(rows.map((r) => JSON.stringify(r)).join("\n"));
    const base = lines([
      { id: 1, label: "spam", prediction: "spam" },
      { id: 2, label: "ham", prediction: "spam" },
    ]);
    const head = lines([
      { id: 2, label: "ham", prediction: "ham" },
      { id: 1, label: "spam", prediction: "spam" },
    ]);
    const { sample } = await loadPairedSample(
      base,
      head,
      { ...cfg, positive: "spam" },
      "predictions.jsonl",
    );
    expect([...sample!.baseLabel]).toEqual([1, 0]);
    expect([...sample!.headPred]).toEqual([1, 0]);
  });

  it("keeps correctness apart when there are more than two classes", async () => {
    // Label 2 predicted as 3 is wrong, though both are "not 1" in the one-vs-rest columns.
    const base = csv([
      ["a", 2, 3],
      ["b", 1, 1],
    ]);
    const head = csv([
      ["a", 2, 2],
      ["b", 1, "1.0"],
    ]);
    const { sample } = await loadPairedSample(base, head, cfg, "predictions.csv");
    expect([...sample!.baseCorrect!]).toEqual([0, 1]);
    expect([...sample!.headCorrect!]).toEqual([1, 1]);
    expect(discordantPairs(sample!)).toEqual({ b: 0, c: 1 });
  });

  it("says why there is no sample for a missing column or a repeated id", async () => {
    const noId = await loadPairedSample(
      stream("label,prediction\n1,1\n"),
      csv([["a", 1, 1]]),
      cfg,
      "predictions.csv",
    );
    expect(noId.missing).toMatch(/^base predictions\.csv: no column "id"/);

    const twice = await loadPairedSample(
      csv([
        ["a", 1, 1],
        ["a", 0, 0],
      ]),
      csv([["a", 1, 1]]),
      cfg,
      "predictions.csv",
    );
    expect(twice.missing).toBe(
      'id "a" appears twice in base predictions.csv (row 2); ids must be unique to pair examples',
    );

    const empty = await loadPairedSample(
      csv([["a", 1, 1]]),
      stream("id,label,prediction\n"),
      cfg,
      "p.csv",
    );
    expect(empty.missing).toBe("no predictions in head p.csv");
  });

  it("catches a repeated id once the files fall out of step", async () => {
    // Rows 1-2 pair by position; at row 3 the head goes out of step and the index is built.
    const base = csv([
      ["a", 1, 1],
      ["b", 1, 1],
      ["c", 1, 1],
      ["d", 1, 1],
    ]);
    const head = csv([
      ["a", 1, 1],
      ["b", 1, 1],
      ["a", 1, 0],
      ["c", 1, 1],
    ]);
    const r = await loadPairedSample(base, head, cfg, "predictions.csv");
    expect(r.missing).toBe(
      'id "a" appears twice in head predictions.csv (row 3); ids must be unique to pair examples',
    );
  });

  it("throws InputError for labels that do not fit the positive value", async () => {
    await expect(
      loadPairedSample(csv([["a", "yes", 1]]), csv([["a", 1, 1]]), cfg, "predictions.csv"),
    ).rejects.toThrow(InputError);
  });
});
