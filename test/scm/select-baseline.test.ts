import { describe, expect, test } from "vitest";
import {
  type BaselineFacts,
  type CandidateRun,
  selectBaseline,
} from "../../src/scm/github/select-baseline.js";

const M = "m".repeat(40);
const P1 = "1".repeat(40);
const P2 = "2".repeat(40);
const SIDE = "s".repeat(40);

function run(id: number, sha: string, changes: Partial<CandidateRun> = {}): CandidateRun {
  return {
    id,
    runNumber: id,
    url: `https://github.com/o/r/actions/runs/${id}`,
    headSha: sha,
    event: "push",
    conclusion: "success",
    headRepo: "o/r",
    ...changes,
  };
}

function facts(changes: Partial<BaselineFacts>): BaselineFacts {
  return {
    repository: "o/r",
    workflow: "train.yml",
    baseRef: "main",
    artifactName: "eval-results",
    mergeBase: M,
    runs: [],
    artifacts: new Map(),
    maxTries: 3,
    ...changes,
  };
}

/** M ← P1 ← P2 on the first-parent line; SIDE was merged into M as a second parent. */
const HISTORY = [
  { sha: M, parents: [P1, SIDE] },
  { sha: P1, parents: [P2] },
  { sha: SIDE, parents: [P2] },
  { sha: P2, parents: [] },
];
const ok = { expired: false };

describe("selectBaseline (the baseline policy, pure)", () => {
  test("no successful push run at all: missing, nothing else asked", () => {
    expect(selectBaseline(facts({}))).toEqual({
      kind: "missing",
      missing: "no successful push run of train.yml on main yet",
    });
  });

  test("a run at the merge base: its artifact is asked for, then it is the baseline", () => {
    const runs = [run(10, M)];
    expect(selectBaseline(facts({ runs }))).toEqual({ kind: "need-artifact", runId: 10 });
    const step = selectBaseline(facts({ runs, artifacts: new Map([[10, ok]]) }));
    expect(step).toMatchObject({ kind: "found", baseline: { sha: M, runId: 10, distance: 0 } });
  });

  test("nothing at the merge base: the commits list, then the nearest first-parent ancestor", () => {
    const runs = [run(30, P2), run(20, P1)];
    expect(selectBaseline(facts({ runs }))).toEqual({ kind: "need-ancestors" });
    const withHistory = facts({ runs, ancestors: HISTORY, artifacts: new Map([[20, ok]]) });
    expect(selectBaseline(withHistory)).toMatchObject({
      kind: "found",
      baseline: { sha: P1, runId: 20, distance: 1, mergeBase: M },
    });
  });

  test("a run on a merged side branch is never the baseline", () => {
    const runs = [run(40, SIDE), run(30, P2)];
    const step = selectBaseline(
      facts({
        runs,
        ancestors: HISTORY,
        artifacts: new Map([
          [30, ok],
          [40, ok],
        ]),
      }),
    );
    expect(step).toMatchObject({ kind: "found", baseline: { sha: P2, distance: 2 } });
  });

  test("pull request runs, failed runs and a fork's pushes are not baselines", () => {
    const runs = [
      run(50, M, { event: "pull_request" }),
      run(51, M, { conclusion: "failure" }),
      run(52, M, { headRepo: "mallory/r" }),
    ];
    expect(selectBaseline(facts({ runs }))).toEqual({
      kind: "missing",
      missing: "no successful push run of train.yml on main yet",
    });
  });

  test("an expired or missing artifact moves on to the next candidate and is named", () => {
    const runs = [run(12, M), run(11, M), run(20, P1)];
    const artifacts = new Map([
      [12, { expired: true }],
      [11, null],
    ]);
    expect(selectBaseline(facts({ runs, artifacts }))).toEqual({ kind: "need-ancestors" });
    const step = selectBaseline(
      facts({ runs, artifacts: new Map([...artifacts, [20, ok]]), ancestors: HISTORY }),
    );
    expect(step).toMatchObject({ kind: "found", baseline: { runId: 20, distance: 1 } });
  });

  test("at most maxTries artifacts are looked at, and the reasons are listed", () => {
    const runs = [run(3, M), run(2, M), run(1, P1)];
    const artifacts = new Map([
      [3, { expired: true }],
      [2, { expired: true }],
    ]);
    expect(selectBaseline(facts({ runs, artifacts, maxTries: 2 }))).toEqual({
      kind: "missing",
      missing: `no usable baseline near the merge base mmmmmmm: the artifact of run #3 has expired; the artifact of run #2 has expired`,
    });
  });

  test("no run anywhere on the first-parent line says how far it looked", () => {
    const step = selectBaseline(facts({ runs: [run(9, SIDE)], ancestors: HISTORY }));
    expect(step).toEqual({
      kind: "missing",
      missing:
        "no successful push run of train.yml on main at the merge base mmmmmmm or its 2 first-parent ancestors",
    });
  });
});
