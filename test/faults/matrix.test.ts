/**
 * The fault matrix: every GitHub call the app and the Action make on the way from a finished
 * training run to a published comment and check, each failed with each fault of the catalogue,
 * once (a blip) and for good. Ends with one line of figures added up from the runs.
 *
 *   npx vitest run test/faults/matrix.test.ts
 */
import { afterAll, describe, expect, test } from "vitest";
import { cleanUp } from "../action/helpers.js";
import { ACTION_SCENARIOS, type ActionScenario, runActionCase } from "./action-matrix.js";
import { APP_SCENARIOS, type AppScenario, runAppCase } from "./app-matrix.js";
import { CALLS } from "./fake-github.js";
import { expected, type FaultSpec, faultsFor, type Outcome, type Step } from "./faults.js";
import { Tally } from "./tally.js";

const tally = new Tally();
const MODES = ["once", "always"] as const;
type Mode = (typeof MODES)[number];

/** A fault "always" outlasts every retry: GitHub keeps failing until the case ends. */
const ALWAYS = 50;

interface Case {
  readonly step: Step;
  readonly spec: FaultSpec;
  readonly mode: Mode;
  readonly want: Outcome;
}

function casesOf(steps: readonly Step[]): Case[] {
  return steps.flatMap((step) =>
    faultsFor(step).flatMap((spec) =>
      MODES
        // A 404 or 410 is never retried: once is always.
        .filter((mode) => spec.class !== "missing" || mode === "always")
        .map((mode): Case => ({ step, spec, mode, want: expected(step, spec, mode) })),
    ),
  );
}

/** Evidence that a blip was retried rather than lucky: the wait asked for, or a fresh URL. */
function expectRetried(
  run: { sleeps: readonly number[]; gh: { count: (c: Step["call"]) => number } },
  { step, spec, mode, want }: Case,
): void {
  if (mode !== "once" || want !== "published" || spec.class === "missing") return;
  if (step.call === CALLS.commentCreate && spec.class !== "down") {
    // The comment landed (or was refused for its length): looked for again, never posted twice.
    expect(run.gh.count(CALLS.comments)).toBe(2);
    expect(run.gh.count(step.call)).toBe(spec.class === "too-long" ? 2 : 1);
    return;
  }
  if (spec.class === "too-long") return;
  if (step.refetch) expect(run.gh.count(step.refetch)).toBe(2);
  else expect(run.sleeps).toContain(spec.wait);
  expect(run.gh.count(step.call)).toBeGreaterThanOrEqual(2);
}

async function appCase(scenario: AppScenario, c: Case): Promise<void> {
  const { step, spec, mode, want } = c;
  const run = await runAppCase(scenario, step.call, spec, mode === "once" ? 1 : ALWAYS);
  tally.app(step.call.name, run);

  expect(run.gh.injected.length).toBeGreaterThan(0);
  expect(run.crashed).toBe(false);
  expect(run.final.secrets).toEqual([]);
  expect(run.final.open).toBe(false);
  expect(run.final.duplicateComments).toBe(0);
  // The forged comment carrying mlgate's marker is never edited.
  expect(run.gh.commentsOf(scenario.target.pullNumber).find((x) => x.id === 100)?.body).toMatch(
    /forged/,
  );
  if (want === "redelivered") {
    // Every write of the check failed: the delivery fails so GitHub shows it, and once GitHub
    // answers again a redelivery of the same id publishes.
    expect(run.rejected.length).toBeGreaterThan(0);
    expect(run.final.outcome).toBe("published");
    return;
  }
  expect(run.rejected).toEqual([]);
  expect(run.first.outcome, run.first.reason).toBe(want);
  if (want !== "published") {
    expect(run.first.reason).toMatch(step.what);
    expect(run.first.reason).toMatch(spec.says);
  }
  // The captured log is the real one: a failure is in it (and nothing secret, above).
  expect(run.logs).not.toBe("");
  if (run.first.newest?.output.title === "mlgate could not review this commit") {
    expect(run.logs).toContain("could not be reviewed");
  }
  expectRetried(run, c);
}

async function actionCase(scenario: ActionScenario, c: Case): Promise<void> {
  const { step, spec, mode, want } = c;
  const run = await runActionCase(scenario, step.call, spec, mode === "once" ? 1 : ALWAYS);
  tally.action(step.call.name, run);

  expect(run.gh.injected.length).toBeGreaterThan(0);
  expect(run.crashed, run.log).toBe(false);
  expect(run.final.secrets).toEqual([]);
  expect(run.final.open).toBe(false);
  expect(run.final.duplicateComments).toBe(0);
  expect(run.first.outcome, `${run.first.reason}\n${run.log}`).toBe(want);
  if (want !== "published") {
    expect(run.first.reason).toMatch(step.what);
    expect(run.first.reason).toMatch(spec.says);
  }
  if (want === "concluded" || want === "step-failed") expect(run.code).toBe(1);
  if (want === "published") expect(run.code).toBe(0);
  expectRetried(run, c);
}

const label = ({ step, spec, mode, want }: Case) =>
  `${step.call.name}: ${spec.name} (${mode}) → ${want}`;

describe.each(APP_SCENARIOS)("app, $name", (scenario) => {
  for (const c of casesOf(scenario.steps)) test(label(c), () => appCase(scenario, c));
});

describe.each(ACTION_SCENARIOS)("action, $name", (scenario) => {
  afterAll(cleanUp);
  for (const c of casesOf(scenario.steps)) test(label(c), () => actionCase(scenario, c));
});

test("the slow answer: a call that outlasts the client's timeout is retried, a write not repeated", async () => {
  const C = CALLS;
  const scenario = APP_SCENARIOS[0];
  if (!scenario) throw new Error("no scenario");
  for (const call of [C.config, C.checkCreate, C.commentCreate]) {
    const spec: FaultSpec = {
      name: "slow",
      fault: { kind: "slow", ms: 2_000 },
      class: "down",
      wait: 1000,
      says: /did not answer in time/,
    };
    const run = await runAppCase(scenario, call, spec, 1, { timeoutMs: 500 });
    tally.app(call.name, run);
    expect(run.final.outcome, call.name).toBe("published");
    expect(run.final.duplicateComments).toBe(0);
    expect(run.sleeps).toContain(1000);
    // A POST of a comment that timed out is not repeated blindly: the retry looks first, and
    // finds the comment the slow answer had created.
    expect(run.gh.count(call)).toBe(call === C.commentCreate ? 1 : 2);
  }
});

test("figures", () => {
  const line = tally.line();
  console.log(line);
  const all = [...APP_SCENARIOS, ...ACTION_SCENARIOS].flatMap((s) => casesOf(s.steps)).length;
  if (tally.cases >= all) {
    // The whole matrix ran (not a filtered subset): every call of both was failed.
    const steps = (list: readonly { steps: readonly Step[] }[]) =>
      new Set(list.flatMap((s) => s.steps.map((st) => st.call.name)));
    expect([...tally.appCalls].sort()).toEqual([...steps(APP_SCENARIOS)].sort());
    expect([...tally.actionCalls].sort()).toEqual([...steps(ACTION_SCENARIOS)].sort());
  }
  expect({
    crashes: tally.crashes,
    open: tally.open,
    lost: tally.lost,
    duplicates: tally.duplicates,
    leaks: tally.leaks,
  }).toEqual({ crashes: 0, open: 0, lost: 0, duplicates: 0, leaks: 0 });
});
