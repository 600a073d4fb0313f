import type { Config } from "../core/config/config.js";
import type { Evidence } from "../core/evidence.js";
import type { FairnessReport } from "../core/fairness/fairness-report.js";
import type { BaseHistory } from "../core/history/base-history.js";
import type { OverrideInfo } from "../core/review.js";
import type { BaselineInfo, HeadInfo } from "../core/types.js";
import { gatherData } from "./data/gather-data.js";
import { gatherExamples } from "./examples/gather-examples.js";
import type { FileSource } from "./file-source.js";
import { loadPairedSample } from "./paired-predictions.js";
import { readFairnessReport } from "./predictions/read-fairness-report.js";
import { readMetrics } from "./read-metrics.js";

/** Share of examples in both runs below which per-example rows are not paired (as `min_overlap`). */
const DEFAULT_MIN_OVERLAP = 0.95;

export interface EvidenceInputs {
  readonly config: Config;
  readonly head: { readonly source: FileSource; readonly info: HeadInfo };
  readonly base?: { readonly source: FileSource; readonly info: BaselineInfo } | undefined;
  /** Why there is no baseline (shown in the review) when `base` is absent. */
  readonly baselineMissing?: string | undefined;
  readonly override?: OverrideInfo | undefined;
  /** The base branch's recent results, when the caller read them. */
  readonly history?: BaseHistory | undefined;
}

/**
 * Turns the head and baseline sources into evidence: metrics, and the fairness and paired
 * prediction summaries when the config asks for them. Only the files the config names are read.
 */
export async function gatherEvidence(
  inputs: EvidenceInputs,
): Promise<{ evidence: Evidence; warnings: string[] }> {
  const { config } = inputs;
  const metricsOf = (source: FileSource) =>
    readMetrics(source, source.singleFile ? { ...config.metrics, files: ["**"] } : config.metrics);
  const head = await metricsOf(inputs.head.source);
  const base = inputs.base ? await metricsOf(inputs.base.source) : undefined;
  const warnings = [...head.warnings, ...(base?.warnings ?? [])];
  const fairness = await gatherFairness(inputs, warnings);
  const paired = await gatherPaired(inputs);
  const data = config.data
    ? await gatherData(
        config.data,
        inputs.head.source,
        inputs.base?.source,
        inputs.baselineMissing,
        warnings,
      )
    : undefined;
  const examples =
    inputs.base && base
      ? await gatherExamples(
          { source: inputs.base.source, formats: base.formats },
          { source: inputs.head.source, formats: head.formats },
          config.significance?.minOverlap ?? DEFAULT_MIN_OVERLAP,
        )
      : undefined;
  const evidence: Evidence = {
    head: { ...inputs.head.info, metrics: head.metrics },
    base: inputs.base && base ? { ...inputs.base.info, metrics: base.metrics } : undefined,
    baselineMissing: inputs.base ? undefined : inputs.baselineMissing,
    fairness,
    paired: paired?.sample,
    pairedMissing: paired?.missing,
    examples,
    data,
    override: inputs.override,
    history: inputs.history,
    notes: [
      ...head.notes.map((n) => `Head: ${n}.`),
      ...(base?.notes ?? []).map((n) => `Baseline: ${n}.`),
    ],
    seedKey: `${inputs.base?.info.sha ?? ""}:${inputs.head.info.sha ?? ""}`,
  };
  return { evidence, warnings };
}

async function hasFile(source: FileSource, path: string): Promise<boolean> {
  return (await source.list()).includes(path);
}

/**
 * The head must ship the predictions file the config names; a baseline from before the bias
 * check existed may not, and the review then shows the head alone.
 */
async function gatherFairness(
  inputs: EvidenceInputs,
  warnings: string[],
): Promise<Evidence["fairness"]> {
  const cfg = inputs.config.fairness;
  if (!cfg) return undefined;
  const head = await readFairnessReport(inputs.head.source, cfg);
  let base: FairnessReport | undefined;
  if (inputs.base) {
    if (await hasFile(inputs.base.source, cfg.predictions)) {
      base = await readFairnessReport(inputs.base.source, cfg);
    } else {
      warnings.push(
        `the baseline has no ${cfg.predictions}, so fairness changes are not evaluated`,
      );
    }
  }
  return { head, base };
}

async function gatherPaired(
  inputs: EvidenceInputs,
): Promise<{ sample?: Evidence["paired"]; missing?: string } | undefined> {
  const cfg = inputs.config.significance;
  if (!cfg || !inputs.base) return undefined;
  for (const [side, source] of [
    ["baseline", inputs.base.source],
    ["head", inputs.head.source],
  ] as const) {
    if (!(await hasFile(source, cfg.predictions))) {
      return { missing: `the ${side} has no ${cfg.predictions}` };
    }
  }
  const baseStream = await inputs.base.source.open(cfg.predictions);
  try {
    const headStream = await inputs.head.source.open(cfg.predictions);
    try {
      return await loadPairedSample(baseStream, headStream, cfg, cfg.predictions);
    } finally {
      headStream.destroy();
    }
  } finally {
    baseStream.destroy();
  }
}
