import { describe, expect, it } from "vitest";
import { buildReview } from "../../src/core/build-review.js";
import { parseConfig } from "../../src/core/config/parse-config.js";
import {
  baselineAgeWarning,
  describeAge,
  formatDays,
} from "../../src/core/history/baseline-age-warning.js";
import { parseMaxAge } from "../../src/core/history/max-age.js";
import { renderComment } from "../../src/core/render/render-comment.js";
import { renderJson } from "../../src/core/render/render-json.js";
import type { BaselineAge } from "../../src/core/types.js";

describe("parseMaxAge", () => {
  it("reads days, hours, weeks and commits", () => {
    expect(parseMaxAge("7d")).toEqual({ unit: "days", value: 7, text: "7d" });
    expect(parseMaxAge(" 36h ")).toEqual({ unit: "days", value: 1.5, text: "36h" });
    expect(parseMaxAge("2 weeks")).toEqual({ unit: "days", value: 14, text: "2 weeks" });
    expect(parseMaxAge("1 day")).toMatchObject({ unit: "days", value: 1 });
    expect(parseMaxAge("50 commits")).toEqual({ unit: "commits", value: 50, text: "50 commits" });
    expect(parseMaxAge("1 commit")).toMatchObject({ unit: "commits", value: 1 });
  });
  it("refuses anything else", () => {
    for (const text of ["7", "seven days", "1.5 commits", "7 months", "-3d", "7d 50 commits", ""]) {
      expect(parseMaxAge(text), text).toBeUndefined();
    }
  });
});

describe("baselineAgeWarning", () => {
  const age: BaselineAge = { days: 12.6, commits: 31, behind: "main" };
  it("warns past a limit in days or in commits", () => {
    const days = parseMaxAge("7d");
    const commits = parseMaxAge("50 commits");
    if (!days || !commits) throw new Error("unparsed");
    expect(baselineAgeWarning(age, [days])).toBe(
      "The baseline is 12 days old and 31 commits behind main, more than baseline.max_age (7d) allows: differences may come from other changes on the base branch, not from this pull request.",
    );
    expect(baselineAgeWarning(age, [commits])).toBeUndefined();
    expect(baselineAgeWarning({ ...age, commits: 51 }, [days, commits])).toContain(
      "(7d, 50 commits)",
    );
  });
  it("does not warn at the limit, without limits, or when the age is unknown", () => {
    const week = parseMaxAge("7d");
    if (!week) throw new Error("unparsed");
    expect(baselineAgeWarning({ days: 7 }, [week])).toBeUndefined();
    expect(baselineAgeWarning(age, [])).toBeUndefined();
    expect(baselineAgeWarning(undefined, [week])).toBeUndefined();
    expect(baselineAgeWarning({ commits: 3 }, [week])).toBeUndefined();
  });
  it("describes ages for people", () => {
    expect(formatDays(0.01)).toBe("less than an hour");
    expect(formatDays(0.25)).toBe("6 hours");
    expect(formatDays(1.02)).toBe("1 day");
    expect(formatDays(7.46)).toBe("7.4 days");
    expect(formatDays(21.9)).toBe("21 days");
    expect(describeAge({ commits: 1 })).toBe("1 commit behind the base branch");
    expect(describeAge({})).toBeUndefined();
  });
});

describe("the baseline's age in the review", () => {
  // A gate that passes, so the verdict is passed (nothing gated would be neutral).
  const config = parseConfig(
    "baseline: { max_age: [7d, 50 commits] }\nmetrics: { gates: { accuracy: { min: 0.5 } } }\n",
  ).config;
  if (!config) throw new Error("config");
  const metrics = new Map([["accuracy", { name: "accuracy", value: 0.9, file: "m.json" }]]);
  const review = (age: BaselineAge) =>
    buildReview(
      {
        head: { sha: "b".repeat(40), source: "head", metrics },
        base: { sha: "a".repeat(40), source: "run #41 of train.yml", metrics, age },
      },
      config,
    );

  it("says how old the baseline is next to it, and warns past max_age", () => {
    const old = review({ days: 9.5, commits: 12, behind: "main" });
    const comment = renderComment(old);
    expect(comment).toContain(
      "compared with baseline `aaaaaaa` (run #&#8203;41 of train.yml; 9.5 days old and 12 commits behind main).",
    );
    expect(comment).toContain("> ⚠️ The baseline is 9.5 days old and 12 commits behind main");
    expect(renderJson(old).baseline_warning).toContain("baseline.max_age (7d)");
    expect(renderJson(old).baseline).toMatchObject({ age: { days: 9.5, commits: 12 } });
    // The warning never changes the verdict.
    expect(old.verdict).toBe("passed");
    const fresh = renderComment(review({ days: 0.2, commits: 0, behind: "main" }));
    expect(fresh).toContain("4 hours old and 0 commits behind main");
    expect(fresh).not.toContain("⚠️");
  });
});
