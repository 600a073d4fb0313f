import { describe, expect, it } from "vitest";
import type { MetricFlips } from "../../src/core/examples/example-comparison.js";
import { renderFlippedExamples } from "../../src/core/render/render-flipped-examples.js";
import { HOSTILE_NAMES } from "../hostile/hostile-names.js";
import { expectSafeMarkdown } from "../hostile/safe-markdown.js";

const flips = (
  metric: string,
  lost: number,
  won: number,
  id = (i: number) => `t${i}`,
): MetricFlips => ({
  metric,
  paired: 1000,
  onlyBase: 2,
  onlyHead: 0,
  passToFail: Array.from({ length: lost }, (_, i) => ({
    id: id(i),
    task: "gsm8k",
    excerpt: `q${i}`,
  })),
  failToPass: Array.from({ length: won }, (_, i) => ({ id: id(i + lost) })),
});

describe("flipped examples in the comment", () => {
  it("keeps hostile ids, tasks, excerpts and metric names inert", () => {
    for (const [, name] of HOSTILE_NAMES) {
      const md = renderFlippedExamples([
        {
          metric: name,
          paired: 3,
          onlyBase: 0,
          onlyHead: 1,
          passToFail: [{ id: name, task: name, excerpt: name }],
          failToPass: [{ id: `${name}</details>` }],
        },
      ]);
      expectSafeMarkdown(md, { marker: false });
      expect(md.match(/<details/g)).toHaveLength(1);
      expect(md.match(/<\/details>/g)).toHaveLength(1);
    }
  });

  it("lists regressions first, caps each direction with a count, and orders metrics by losses", () => {
    const md = renderFlippedExamples([flips("few", 1, 0), flips("many", 25, 12)], {
      perDirection: 10,
    });
    expect(md.indexOf("many")).toBeLessThan(md.indexOf("few"));
    expect(md).toContain(
      "_…and 15 more pass → fail, 2 more fail → pass (see `mlgate check --format json`)._",
    );
    expect(md).toContain("<details open><summary>few: 1 pass → fail, 0 fail → pass");
    expect(md).toContain("(of 1,000 paired; 2 only in base, 0 only in head)");
  });

  it("shortens doc hashes to 7 digits, more when two shown ones share them", () => {
    const a = `abcdef0${"1".repeat(57)}`;
    const b = `abcdef0${"2".repeat(57)}`;
    const md = renderFlippedExamples([
      {
        metric: "m",
        paired: 2,
        onlyBase: 0,
        onlyHead: 0,
        passToFail: [{ id: a }, { id: b }],
        failToPass: [],
      },
    ]);
    expect(md).toContain("`abcdef01`");
    expect(md).toContain("`abcdef02`");
    const one = renderFlippedExamples([
      { metric: "m", paired: 1, onlyBase: 0, onlyHead: 0, passToFail: [{ id: a }], failToPass: [] },
    ]);
    expect(one).toContain("`abcdef0`");
    expect(renderFlippedExamples([])).toBe("");
  });
});
