import { compareMetrics } from "./compare-metrics.js";
import type { Config } from "./config/config.js";
import { reviewData } from "./drift/review-data.js";
import { evaluateMetricGates, type GateContext } from "./evaluate-gates.js";
import type { Evidence } from "./evidence.js";
import { compareFairness } from "./fairness/compare-fairness.js";
import { baselineAgeWarning } from "./history/baseline-age-warning.js";
import { historyJudge } from "./history/history-judge.js";
import { buildReviewHistory } from "./history/review-history.js";
import type { GateResult, Review, Verdict } from "./review.js";
import { decideChangeGate } from "./significance/decide-change-gate.js";
import { significanceForMetric } from "./significance/significance-for-metric.js";

/** Hooks for the parts of a review that live in their own modules (fairness, significance). */
export interface ReviewExtensions {
  readonly gateContext?: Partial<GateContext>;
}

/**
 * Builds the review from evidence and config. Pure: no I/O, no clock, no network — the same
 * inputs give the same review, which is what the CLI prints and what the app publishes.
 */
export function buildReview(
  evidence: Evidence,
  config: Config,
  extensions: ReviewExtensions = {},
): Review {
  const hasBaseline = evidence.base !== undefined;
  const metrics = compareMetrics(evidence.base?.metrics, evidence.head.metrics, config.metrics);
  const context: GateContext = {
    hasBaseline,
    significance: (subject, alpha) =>
      significanceForMetric(subject, alpha, {
        paired: evidence.paired,
        examples: evidence.examples?.paired,
        seed: evidence.seedKey ?? "",
        draws: config.significance?.draws,
      }),
    decide: (significance, alpha, subject) =>
      decideChangeGate({ significance, alpha, delta: subject.delta, metric: subject.name }),
    history: historyJudge(evidence.history, config.history),
    ...extensions.gateContext,
  };
  const gates: GateResult[] = evaluateMetricGates(
    metrics,
    config.metrics.gates,
    config.metrics.default,
    context,
  );
  const fairness =
    evidence.fairness && config.fairness
      ? compareFairness(
          evidence.fairness.head,
          evidence.fairness.base,
          config.fairness.gates,
          evidence.base && !evidence.fairness.base
            ? `the baseline has no ${config.fairness.predictions}`
            : undefined,
        )
      : undefined;
  if (fairness) gates.push(...fairness.gates);
  const data = reviewData(evidence.data, config.data);
  if (data) gates.push(...data.gates);
  const notes: string[] = [...(evidence.notes ?? [])];
  if (evidence.pairedMissing && gates.some((g) => g.message.includes("plain tolerance"))) {
    notes.push(`No paired comparison: ${evidence.pairedMissing}.`);
  }
  for (const note of evidence.examples?.notes ?? []) notes.push(note);
  const verdict = verdictOf(gates, evidence.override !== undefined);
  return {
    verdict,
    headline: headlineOf(verdict, gates, hasBaseline, config.unconfigured === true),
    head: { sha: evidence.head.sha, source: evidence.head.source, url: evidence.head.url },
    baseline: evidence.base
      ? {
          sha: evidence.base.sha,
          source: evidence.base.source,
          url: evidence.base.url,
          distance: evidence.base.distance,
          mergeBase: evidence.base.mergeBase,
          age: evidence.base.age,
        }
      : undefined,
    baselineWarning: baselineAgeWarning(evidence.base?.age, config.baseline.maxAge),
    baselineMissing: hasBaseline
      ? undefined
      : (evidence.baselineMissing ?? "no baseline was given"),
    metrics,
    gates,
    fairness,
    fairnessConfig: fairness ? config.fairness : undefined,
    ...(data ? { data: data.check } : {}),
    ...(evidence.examples && evidence.examples.flips.length > 0
      ? { flips: evidence.examples.flips }
      : {}),
    override: verdict === "accepted" ? evidence.override : undefined,
    history: evidence.history
      ? buildReviewHistory(evidence.history, metrics, gates, config.history)
      : undefined,
    notes,
    ...(config.report?.precision === undefined ? {} : { precision: config.report.precision }),
  };
}

/**
 * failed: any gate failed (accepted when an authorised override covers this head);
 * passed: at least one gate was evaluated and none failed;
 * neutral: nothing was checked — no gates, or none could be evaluated (change gates without a
 * baseline). Nothing checked is never a pass.
 */
export function verdictOf(gates: readonly GateResult[], overridden: boolean): Verdict {
  if (gates.some((g) => g.outcome === "failed")) return overridden ? "accepted" : "failed";
  return gates.some((g) => g.outcome !== "not_evaluated") ? "passed" : "neutral";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** `accuracy (min 0.9)`: which gate, by metric and rule, for the one-line summary. */
function gateName(g: GateResult): string {
  const rule =
    g.rule === "required"
      ? g.message.includes("(removed)")
        ? "removed"
        : "missing"
      : g.rule === "max_regression"
        ? `max regression ${g.threshold}`
        : `${g.rule} ${g.threshold}`;
  return `${g.metric} (${rule})`;
}

function headlineOf(
  verdict: Verdict,
  gates: readonly GateResult[],
  hasBaseline: boolean,
  unconfigured: boolean,
): string {
  const failed = gates.filter((g) => g.outcome === "failed");
  const noise = gates.filter((g) => g.outcome === "within_noise").length;
  const skipped = gates.filter((g) => g.outcome === "not_evaluated").length;
  switch (verdict) {
    case "failed":
    case "accepted": {
      const names = failed.slice(0, 3).map(gateName);
      if (failed.length > 3) names.push(`${failed.length - 3} more`);
      const what = `${plural(failed.length, "gate")} failed: ${names.join(", ")}`;
      return verdict === "accepted" ? `${what}; accepted by override` : what;
    }
    case "neutral":
      if (unconfigured) return "No configuration: nothing is gated";
      if (gates.length === 0) return "No gates configured: nothing is gated";
      return hasBaseline
        ? `No gate could be evaluated (${plural(skipped, "gate")} not evaluated)`
        : `No baseline: ${plural(skipped, "change gate")} not evaluated`;
    case "passed": {
      const passed = gates.filter((g) => g.outcome === "passed").length;
      const extra = [
        noise > 0 ? `${noise} within noise` : "",
        skipped > 0 ? `${skipped} not evaluated` : "",
      ].filter(Boolean);
      const all = passed + noise === 1 ? "The only gate" : `All ${passed + noise} gates`;
      return `${all} passed${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`;
    }
  }
}
