import { describe, expect, test } from "vitest";
import { clipText, clipUtf8 } from "../../src/core/render/clip-text.js";
import { renderCheck } from "../../src/core/render/render-check.js";
import type { Review } from "../../src/core/review.js";

const wellFormed = (text: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

describe("clipText", () => {
  test("short text is untouched", () => {
    expect(clipText("abc", 3, "…")).toBe("abc");
  });

  test("a cut inside a surrogate pair drops the whole character", () => {
    expect(clipText("ab😀cd", 3)).toBe("ab");
    expect(clipText("ab😀cd", 4)).toBe("ab😀");
    expect(clipText("ab😀cd", 5, "~")).toBe("ab😀~");
  });
});

describe("clipUtf8", () => {
  test("counts bytes, keeps whole characters", () => {
    expect(clipUtf8("ééé", 6)).toBe("ééé");
    expect(clipUtf8("ééé", 5)).toBe("éé");
    expect(clipUtf8("a😀", 4)).toBe("a");
    expect(clipUtf8("abcdef", 4, "…")).toBe("a…");
  });
});

describe("renderCheck", () => {
  const review = (message: string, headline = "1 gate failed"): Review => ({
    verdict: "failed",
    headline,
    head: { sha: "1".repeat(40), source: "run #1" },
    metrics: [],
    gates: [
      {
        metric: "m",
        rule: "min",
        threshold: "0.8",
        passed: false,
        outcome: "failed",
        message,
        file: "metrics.json",
      },
    ],
    notes: [],
  });

  test("an annotation message fits GitHub's 64 KB in bytes", () => {
    const check = renderCheck(review("é".repeat(40_000)));
    const message = check.annotations[0]?.message ?? "";
    expect(Buffer.byteLength(message, "utf8")).toBeLessThanOrEqual(64 * 1024);
    expect(wellFormed(message)).toBe(true);
  });

  test("the title cut at 200 characters keeps surrogate pairs whole", () => {
    const check = renderCheck(review("m", `${"h".repeat(199)}😀 and more`));
    expect(wellFormed(check.title)).toBe(true);
    expect(check.title.length).toBeLessThanOrEqual(200);
  });
});
